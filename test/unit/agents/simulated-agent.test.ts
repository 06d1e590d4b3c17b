import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { defineAgent } from '../../../engine/agents/agent';
import { builtinAgents, filesWriteAgent, httpRequestAgent, simulatedAgent } from '../../../engine/agents/builtin';
import { makeContext, makeTempWorkspace, rejection, runAgent } from './fake-context';
import { z } from 'zod';

describe('simulatedAgent', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('keeps what the catalog and the gates read, and marks the version', () => {
    for (const agent of builtinAgents()) {
      const simulated = simulatedAgent(agent);
      expect(simulated).toMatchObject({
        id: agent.id,
        name: agent.name,
        description: agent.description,
        capabilities: agent.capabilities,
        risk: agent.risk,
        idempotent: agent.idempotent,
        version: `${agent.version}+sim`,
      });
      expect(simulated.input).toBe(agent.input);
    }
    expect(simulatedAgent(httpRequestAgent)).toMatchObject({ risk: 'external', idempotent: false });
  });

  it("answers with the agent's own simulation and touches nothing", async () => {
    const temp = makeTempWorkspace();
    try {
      const context = makeContext({ workspace: temp.workspace });
      const output = await runAgent(simulatedAgent(filesWriteAgent), { path: 'report.md', content: 'hello' }, context);
      expect(output).toEqual({ path: 'report.md', bytes: 5 });
      expect(existsSync(join(temp.outputDir, 'report.md'))).toBe(false);
      // No network either: the simulated call needs no allowed host.
      expect(await runAgent(simulatedAgent(httpRequestAgent), { url: 'https://api.example.com/items' })).toMatchObject({ status: 200, ok: true });
    } finally {
      temp.remove();
    }
  });

  it('answers {simulated: true, agent} for an agent without a simulation', async () => {
    const plain = defineAgent({
      id: 'plain',
      version: '3',
      name: 'Plain',
      description: 'Does something real.',
      capabilities: [],
      input: z.object({}),
      output: z.object({}),
      risk: 'write',
      idempotent: false,
      execute: () => Promise.reject(new Error('must not run')),
    });
    expect(await runAgent(simulatedAgent(plain), {})).toEqual({ simulated: true, agent: 'plain' });
  });

  it('still checks input with the real schema', async () => {
    const error = await rejection(runAgent(simulatedAgent(filesWriteAgent), { path: 'x.md' }));
    expect(error.name).toBe('ZodError');
  });

  it('waits latencyMs whatever the input, and stops when cancelled', async () => {
    vi.useFakeTimers();
    const agent = simulatedAgent(httpRequestAgent, { latencyMs: 200 });
    let done = false;
    const running = runAgent(agent, { url: 'https://a.example/' }).then(() => (done = true));
    await vi.advanceTimersByTimeAsync(199);
    expect(done).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(await running).toBe(true);

    const controller = new AbortController();
    const cancelled = runAgent(agent, { url: 'https://a.example/' }, makeContext({ signal: controller.signal }));
    controller.abort();
    expect((await rejection(cancelled)).name).toBe('AbortError');
  });
});
