import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { TizmorError } from '../../engine/api';
import { defineAgent, type AnyAgent } from '../../engine/agents/agent';
import { openEngine, type Engine } from '../../engine/engine';
import { createDirectClient } from '../../engine/rpc/direct-transport';

/** An agent that counts its calls and waits until released (so a run stays live). */
function gate() {
  let release: () => void = () => undefined;
  const opened = new Promise<void>((resolve) => (release = resolve));
  const calls: string[] = [];
  const agent = defineAgent({
    id: 'test.gate',
    version: '1',
    name: 'Gate',
    description: 'Waits for the test.',
    capabilities: [],
    input: z.object({}).passthrough(),
    output: z.object({ ok: z.boolean() }),
    risk: 'read',
    idempotent: true,
    cacheable: false,
    async execute(_input, ctx) {
      calls.push(ctx.idempotencyKey);
      await opened;
      return { ok: true };
    },
  }) as AnyAgent;
  return { agent, calls, release };
}

describe('run leases: one process runs a run', () => {
  const open: Engine[] = [];
  let dir = '';
  afterEach(() => {
    for (const engine of open.splice(0)) engine.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('a second engine on the same folder leaves a live run to its owner, and takes it once the owner stops', async () => {
    dir = mkdtempSync(join(tmpdir(), 'tizmor-lease-'));
    const first = gate();
    const owner = openEngine({ dataDir: dir, host: 'test', appVersion: '0', extraAgents: [first.agent], log: () => undefined });
    open.push(owner);
    const client = createDirectClient(owner);
    const { defaultWorkspaceId: workspaceId } = await client.system.status({});
    const run = await client.runs.start({
      workspaceId,
      graph: { steps: [{ id: 'wait', title: 'Wait', agent: 'test.gate', input: {}, dependsOn: [] }], layout: {} },
    });
    await expect.poll(() => first.calls.length).toBe(1);

    const second = gate();
    const other = openEngine({ dataDir: dir, host: 'test', appVersion: '0', extraAgents: [second.agent], recoverRuns: true, log: () => undefined });
    open.push(other);
    expect(other.runs.isLive(run.id)).toBe(false);
    const refused = await createDirectClient(other)
      .runs.resume({ workspaceId, runId: run.id })
      .catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(TizmorError);
    expect((refused as TizmorError).code).toBe('conflict');
    expect(second.calls).toEqual([]);

    owner.close();
    open.splice(open.indexOf(owner), 1);
    const summary = await createDirectClient(other).runs.resume({ workspaceId, runId: run.id });
    expect(['running', 'queued']).toContain(summary.status);
    await expect.poll(() => second.calls).toEqual([`${run.id}:wait`]);
    second.release();
    await other.runs.waitFor(run.id);
    expect((await createDirectClient(other).runs.get({ workspaceId, runId: run.id })).run.status).toBe('completed');
  });
});
