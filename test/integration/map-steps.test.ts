import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { RunDetail, StepInput, TizmorClient, TizmorEvent } from '../../engine/api';
import type { AgentRisk, AnyAgent } from '../../engine/agents/agent';
import { AgentError } from '../../engine/agents/agent-error';
import { wait } from '../../engine/agents/builtin/wait';
import { DATABASE_FILE, openEngine, type Engine } from '../../engine/engine';
import { createDirectClient } from '../../engine/rpc/direct-transport';
import { makeTempDir, rejectionOf } from '../helpers/builders';

/** One call of a test agent. */
interface Call {
  agent: string;
  stepId: string;
  attempt: number;
  key: string;
  input: Record<string, unknown>;
}

const Input = z.record(z.string(), z.unknown());

/**
 * The map tests' agent: records each call, waits `ms` (or forever while `hang` is set for its engine),
 * fails while `failUntil` is above the attempt, and returns its input.
 */
function item(calls: Call[], id: string, options: { risk?: AgentRisk; idempotent?: boolean; cacheable?: boolean; hang?: boolean } = {}): AnyAgent {
  let active = 0;
  return {
    id,
    version: '1',
    name: id,
    description: `Test agent ${id}.`,
    capabilities: [],
    input: Input as z.ZodType<unknown>,
    output: z.unknown(),
    risk: options.risk ?? 'read',
    idempotent: options.idempotent ?? true,
    cacheable: options.cacheable ?? false,
    async execute(raw, ctx) {
      const input = raw as Record<string, unknown>;
      calls.push({ agent: id, stepId: ctx.stepId, attempt: ctx.attempt, key: ctx.idempotencyKey, input });
      active++;
      mostActive.set(id, Math.max(mostActive.get(id) ?? 0, active));
      try {
        if (options.hang && !(typeof input.quick === 'boolean' && input.quick)) await wait(3_600_000, ctx.signal);
        await wait(typeof input.ms === 'number' ? input.ms : 0, ctx.signal);
      } finally {
        active--;
      }
      if (typeof input.failUntil === 'number' && ctx.attempt < input.failUntil) {
        throw new AgentError(`attempt ${ctx.attempt} of ${ctx.stepId} failed`, { retryable: true });
      }
      if (input.fail === true) throw new Error(`${ctx.stepId} cannot do ${JSON.stringify(input.name)}`);
      return input;
    },
  };
}

const mostActive = new Map<string, number>();
const cleanups: Array<() => void> = [];

interface Host {
  engine: Engine;
  client: TizmorClient;
  workspaceId: string;
  calls: Call[];
  events: TizmorEvent[];
}

async function openHost(dataDir: string | null, options: { hang?: boolean; recoverRuns?: boolean } = {}): Promise<Host> {
  const calls: Call[] = [];
  const engine = openEngine({
    dataDir,
    host: 'test',
    appVersion: '0.0.0',
    recoverRuns: options.recoverRuns ?? false,
    log: () => undefined,
    extraAgents: [
      item(calls, 'work'),
      item(calls, 'lookup', { cacheable: true }),
      item(calls, 'send', { risk: 'external', idempotent: false }),
      item(calls, 'slow', { hang: options.hang ?? false }),
    ],
  });
  cleanups.push(() => engine.close());
  const events: TizmorEvent[] = [];
  engine.onEvent((event) => events.push(event));
  const client = createDirectClient(engine);
  const workspaceId = (await client.system.status({})).defaultWorkspaceId;
  return { engine, client, workspaceId, calls, events };
}

let host: Host;

beforeEach(async () => {
  mostActive.clear();
  host = await openHost(null);
});

afterEach(() => {
  for (const cleanup of cleanups.splice(0).reverse()) cleanup();
});

function step(id: string, agent: string, input: Record<string, unknown> = {}, more: Partial<StepInput> = {}): StepInput {
  return { id, title: `Step ${id}`, agent, input, dependsOn: [], ...more };
}

/** A step whose output is `{clients: list}`. */
const listStep = (list: unknown) => step('list', 'sim', { durationMs: 0, output: { clients: list } });

/** A map step over `list`'s clients. */
function mapStep(agent: string, input: Record<string, unknown>, more: Partial<StepInput> = {}): StepInput {
  return step('each', agent, input, { dependsOn: ['list'], forEach: '{{steps.list.output.clients}}', ...more });
}

async function ended(target: Host, runId: string): Promise<RunDetail> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`run ${runId} did not end within 5 s`)), 5000)));
  try {
    await Promise.race([target.engine.runs.waitFor(runId), timeout]);
  } finally {
    clearTimeout(timer);
  }
  return target.client.runs.get({ workspaceId: target.workspaceId, runId });
}

async function runToEnd(steps: StepInput[], target: Host = host): Promise<RunDetail> {
  const run = await target.client.runs.start({ workspaceId: target.workspaceId, graph: { steps } });
  return ended(target, run.id);
}

async function until(check: () => boolean | Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + 3000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

function stepOf(detail: RunDetail, stepId: string) {
  const found = detail.steps.find((entry) => entry.stepId === stepId);
  if (!found) throw new Error(`no step ${stepId}`);
  return found;
}

const itemStatuses = (detail: RunDetail, stepId = 'each') => (detail.items[stepId] ?? []).map((entry) => entry.status);

describe('map steps: items and outputs', () => {
  it('runs once per element with {{item}}, {{item.FIELD}} and {{index}}, and outputs in list order whatever the finishing order', async () => {
    const clients = [{ name: 'Avi', ms: 40 }, { name: 'Bat', ms: 0 }, { name: 'Carmel', ms: 20 }];
    const detail = await runToEnd([
      listStep(clients),
      mapStep('work', { name: '{{item.name}}', ms: '{{item.ms}}', position: '{{index}}', line: 'Report {{index}} for {{item.name}}', whole: '{{item}}' }),
      step('summary', 'template', { template: 'All: {{steps.each.output}}' }, { dependsOn: ['each'] }),
    ]);
    expect(detail.run.status).toBe('completed');
    const output = stepOf(detail, 'each').output as Record<string, unknown>[];
    expect(output.map((entry) => entry.name)).toEqual(['Avi', 'Bat', 'Carmel']);
    expect(output.map((entry) => entry.position)).toEqual([0, 1, 2]);
    expect(output[2]).toMatchObject({ line: 'Report 2 for Carmel', whole: { name: 'Carmel', ms: 20 } });
    // The calls finished out of order; the output did not.
    expect(host.calls.map((call) => call.stepId)).toEqual(['each[0]', 'each[1]', 'each[2]']);
    // The map step's recorded input is its list; downstream sees the outputs as one value.
    expect(stepOf(detail, 'each').input).toEqual(clients);
    expect(JSON.parse((stepOf(detail, 'summary').output as { text: string }).text.slice('All: '.length))).toEqual(output);
    // Items are listed under their map step, not as plan steps, and not counted as steps.
    expect(detail.steps.map((entry) => entry.stepId).sort()).toEqual(['each', 'list', 'summary']);
    expect(detail.items.each?.map((entry) => entry.stepId)).toEqual(['each[0]', 'each[1]', 'each[2]']);
    expect(detail.run.stepCounts.succeeded).toBe(3);
  });

  it('gives each item its idempotency key runId:stepId:index and sends the map step its item count', async () => {
    const detail = await runToEnd([listStep(['a', 'b']), mapStep('work', { name: '{{item}}' })]);
    expect(host.calls.map((call) => call.key).sort()).toEqual([`${detail.run.id}:each:0`, `${detail.run.id}:each:1`]);
    const mapEvents = host.events.filter((event) => event.event === 'step.status' && event.payload.stepId === 'each');
    expect(mapEvents.map((event) => (event.event === 'step.status' ? [event.payload.status, event.payload.itemCount] : null))).toEqual([
      ['running', 2],
      ['succeeded', 2],
    ]);
  });

  it('an empty list succeeds at once with an empty output, and its dependents run', async () => {
    const detail = await runToEnd([listStep([]), mapStep('work', {}), step('after', 'template', { template: 'n={{steps.each.output}}' }, { dependsOn: ['each'] })]);
    expect(stepOf(detail, 'each')).toMatchObject({ status: 'succeeded', output: [] });
    expect(stepOf(detail, 'after').output).toEqual({ text: 'n=[]' });
    expect(host.calls).toHaveLength(0);
  });

  it('keeps to the map step\'s concurrency', async () => {
    const list = Array.from({ length: 12 }, (_, index) => ({ index }));
    const detail = await runToEnd([listStep(list), mapStep('work', { ms: 10 }, { concurrency: 3 })]);
    expect(detail.run.status).toBe('completed');
    expect(mostActive.get('work')).toBe(3);
    expect(host.calls).toHaveLength(12);
  });

  it('without its own concurrency, takes the run\'s', async () => {
    const run = await host.client.runs.start({
      workspaceId: host.workspaceId,
      graph: { steps: [listStep(Array.from({ length: 9 }, () => 1)), mapStep('work', { ms: 10 })] },
      options: { concurrency: 2 },
    });
    await ended(host, run.id);
    expect(mostActive.get('work')).toBe(2);
  });
});

describe('map steps: bad lists', () => {
  it('a list longer than maxItems fails the step before any item runs, with a clear message', async () => {
    const detail = await runToEnd([listStep([1, 2, 3, 4, 5]), mapStep('work', {}, { maxItems: 3 }), step('after', 'work', {}, { dependsOn: ['each'] })]);
    expect(detail.run.status).toBe('failed');
    expect(stepOf(detail, 'each').error).toMatch(/has 5 items, more than maxItems \(3\)/);
    expect(stepOf(detail, 'after').status).toBe('skipped');
    expect(host.calls).toHaveLength(0);
    expect(detail.items.each).toBeUndefined();
  });

  it('the default guard is 1,000 items', async () => {
    const detail = await runToEnd([listStep(Array.from({ length: 1001 }, (_, index) => index)), mapStep('work', {})]);
    expect(stepOf(detail, 'each').error).toMatch(/has 1001 items, more than maxItems \(1000\)/);
  });

  it('a value that is not a list fails the step and says what it is', async () => {
    const detail = await runToEnd([listStep({ a: 1 }), mapStep('work', {})]);
    expect(stepOf(detail, 'each').error).toMatch(/is not a list \(it is an object\)/);
  });

  it('an item whose reference is missing fails with the item named', async () => {
    const detail = await runToEnd([listStep([{ name: 'a' }, { other: 1 }]), mapStep('work', { name: '{{item.name}}' }, { onItemError: 'collect' })]);
    const items = detail.items.each ?? [];
    expect(items.map((entry) => entry.status)).toEqual(['succeeded', 'failed']);
    expect(items[1]?.error).toMatch(/item 1 has no "name" \(it has: other\)/);
  });
});

describe('map steps: failures', () => {
  it('retries an item on its own, with its own attempts', async () => {
    const detail = await runToEnd([
      listStep([{ failUntil: 0 }, { failUntil: 3 }, { failUntil: 0 }]),
      mapStep('work', { failUntil: '{{item.failUntil}}' }, { retry: { maxAttempts: 3, backoffMs: 0 } }),
    ]);
    expect(detail.run.status).toBe('completed');
    expect(detail.items.each?.map((entry) => entry.attempt)).toEqual([1, 3, 1]);
    expect(host.calls.filter((call) => call.stepId === 'each[1]').map((call) => call.attempt)).toEqual([1, 2, 3]);
  });

  it('onItemError fail (the default): the first failure fails the step, items not yet started are skipped, dependents skipped', async () => {
    const list = [{ name: 'a', fail: true }, ...Array.from({ length: 6 }, (_, index) => ({ name: `ok${index}`, fail: false }))];
    const detail = await runToEnd([
      listStep(list),
      mapStep('work', { name: '{{item.name}}', fail: '{{item.fail}}', ms: 5 }, { concurrency: 1 }),
      step('summary', 'work', {}, { dependsOn: ['each'] }),
    ]);
    expect(detail.run.status).toBe('failed');
    const map = stepOf(detail, 'each');
    expect(map.status).toBe('failed');
    expect(map.error).toMatch(/1 of 7 items failed; item 0: each\[0\] cannot do "a"/);
    expect(itemStatuses(detail).slice(1).every((status) => status === 'skipped')).toBe(true);
    expect(host.calls.filter((call) => call.stepId.startsWith('each['))).toHaveLength(1);
    expect(stepOf(detail, 'summary').status).toBe('skipped');
  });

  it('onItemError collect: failed items are marked in the output and the rest goes on', async () => {
    const detail = await runToEnd([
      listStep([{ name: 'a', fail: false }, { name: 'b', fail: true }, { name: 'c', fail: false }]),
      mapStep('work', { name: '{{item.name}}', fail: '{{item.fail}}' }, { onItemError: 'collect' }),
      step('summary', 'template', { template: 'All: {{steps.each.output}}' }, { dependsOn: ['each'] }),
    ]);
    expect(detail.run.status).toBe('completed');
    const output = stepOf(detail, 'each').output as unknown[];
    expect(output[0]).toMatchObject({ name: 'a' });
    expect(output[1]).toEqual({ failed: true, index: 1, error: 'each[1] cannot do "b"' });
    expect(output[2]).toMatchObject({ name: 'c' });
    expect(stepOf(detail, 'summary').status).toBe('succeeded');
  });

  it('a retried map step keeps the items that succeeded and runs the others again', async () => {
    const first = await runToEnd([
      listStep([{ name: 'a', fail: false }, { name: 'b', fail: true }, { name: 'c', fail: false }]),
      mapStep('work', { name: '{{item.name}}', fail: '{{item.fail}}' }, { concurrency: 1 }),
    ]);
    expect(itemStatuses(first)).toEqual(['succeeded', 'failed', 'skipped']);
    await expect(rejectionOf(host.client.runs.retryStep({ workspaceId: host.workspaceId, runId: first.run.id, stepId: 'each[1]' }))).resolves.toMatchObject({
      code: 'bad_input',
    });
    const callsBefore = host.calls.length;
    await host.client.runs.retryStep({ workspaceId: host.workspaceId, runId: first.run.id, stepId: 'each' });
    const again = await ended(host, first.run.id);
    // each[0] was kept; each[1] failed again (it always fails), each[2] was skipped again after it.
    expect(host.calls.slice(callsBefore).map((call) => call.stepId)).toEqual(['each[1]']);
    expect(itemStatuses(again)).toEqual(['succeeded', 'failed', 'skipped']);
    expect(again.items.each?.[1]?.attempt).toBe(2);
  });
});

describe('map steps: observability', () => {
  it('metrics count a map step once (tokens summed) and its items as the attempts; trace nests items under the map step', async () => {
    const detail = await runToEnd([
      listStep([{ failUntil: 0 }, { failUntil: 2 }]),
      mapStep('work', { failUntil: '{{item.failUntil}}' }, { retry: { maxAttempts: 2, backoffMs: 0 } }),
    ]);
    const metrics = await host.client.runs.metrics({ workspaceId: host.workspaceId, runId: detail.run.id });
    expect(metrics.steps.map((row) => row.stepId).sort()).toEqual(['each', 'list']);
    expect(metrics.totals).toMatchObject({ steps: 2, succeeded: 2, attempts: 1 + 1 + 2, retries: 1 });
    const trace = await host.client.runs.trace({ workspaceId: host.workspaceId, runId: detail.run.id });
    expect(trace.find((span) => span.id === 'step:each[1]')).toMatchObject({ parentId: 'step:each', status: 'ok' });
    expect(trace.filter((span) => span.parentId === 'step:each[1]')).toHaveLength(2);
  });
});

describe('map steps: cache', () => {
  it('caches per item (the key includes the item) and reuses the entries in the next run', async () => {
    const steps = [listStep(['a', 'b', 'c']), mapStep('lookup', { fixed: 'same input for every item' })];
    const first = await runToEnd(steps);
    expect(first.items.each?.map((entry) => entry.cacheHit)).toEqual([false, false, false]);
    expect(host.calls).toHaveLength(3);
    const second = await runToEnd(steps);
    expect(second.items.each?.map((entry) => entry.cacheHit)).toEqual([true, true, true]);
    expect(host.calls).toHaveLength(3);
    const changed = await runToEnd([listStep(['a', 'b', 'd']), mapStep('lookup', { fixed: 'same input for every item' })]);
    expect(changed.items.each?.map((entry) => entry.cacheHit)).toEqual([true, true, false]);
  });
});

describe('map steps: approvals, pause and cancel', () => {
  it('asks once per item; approve selected and reject the rest; the summary sees the approved ones', async () => {
    const run = await host.client.runs.start({
      workspaceId: host.workspaceId,
      graph: {
        steps: [
          listStep([{ name: 'a' }, { name: 'b' }, { name: 'c' }]),
          mapStep('send', { name: '{{item.name}}' }, { onItemError: 'collect' }),
          step('summary', 'template', { template: 'All: {{steps.each.output}}' }, { dependsOn: ['each'] }),
        ],
      },
    });
    await until(async () => (await host.client.approvals.list({ workspaceId: host.workspaceId, runId: run.id, status: 'pending' })).length === 3, '3 approvals');
    const pending = await host.client.approvals.list({ workspaceId: host.workspaceId, runId: run.id, status: 'pending' });
    expect(pending.map((approval) => approval.stepId).sort()).toEqual(['each[0]', 'each[1]', 'each[2]']);
    expect((await host.client.runs.get({ workspaceId: host.workspaceId, runId: run.id })).run.status).toBe('waiting_approval');
    const decisions = pending.map((approval) => ({ approvalId: approval.id, decision: approval.stepId === 'each[1]' ? ('reject' as const) : ('approve' as const) }));
    const decided = await host.client.approvals.decideMany({ workspaceId: host.workspaceId, decisions, decidedBy: 'dana' });
    expect(decided.map((approval) => approval.status).sort()).toEqual(['approved', 'approved', 'rejected']);
    const detail = await ended(host, run.id);
    expect(detail.run.status).toBe('completed');
    expect(host.calls.map((call) => call.stepId).sort()).toEqual(['each[0]', 'each[2]']);
    const output = stepOf(detail, 'each').output as unknown[];
    expect(output[1]).toMatchObject({ failed: true, index: 1, error: 'Rejected by dana.' });
    expect(output[2]).toMatchObject({ name: 'c' });
  });

  it('"reject all" on a map step that fails fast records the person\'s rejection on every item', async () => {
    const run = await host.client.runs.start({ workspaceId: host.workspaceId, graph: { steps: [listStep(['a', 'b', 'c']), mapStep('send', {})] } });
    await until(async () => (await host.client.approvals.list({ workspaceId: host.workspaceId, runId: run.id, status: 'pending' })).length === 3, '3 approvals');
    const pending = await host.client.approvals.list({ workspaceId: host.workspaceId, runId: run.id, status: 'pending' });
    const decided = await host.client.approvals.decideMany({
      workspaceId: host.workspaceId,
      decisions: pending.map((approval) => ({ approvalId: approval.id, decision: 'reject' as const })),
      decidedBy: 'dana',
    });
    expect(decided.map((approval) => [approval.status, approval.decidedBy])).toEqual([
      ['rejected', 'dana'],
      ['rejected', 'dana'],
      ['rejected', 'dana'],
    ]);
    const detail = await ended(host, run.id);
    expect(detail.run.status).toBe('failed');
    expect(itemStatuses(detail)).toEqual(['failed', 'failed', 'failed']);
    expect(stepOf(detail, 'each').error).toMatch(/^3 of 3 items failed; item 0: Rejected by dana\./);
    expect(host.calls).toHaveLength(0);
  });

  it('decideMany checks every decision before applying any', async () => {
    const run = await host.client.runs.start({ workspaceId: host.workspaceId, graph: { steps: [listStep(['a', 'b']), mapStep('send', {})] } });
    await until(async () => (await host.client.approvals.list({ workspaceId: host.workspaceId, runId: run.id, status: 'pending' })).length === 2, '2 approvals');
    const pending = await host.client.approvals.list({ workspaceId: host.workspaceId, runId: run.id, status: 'pending' });
    const bad = [{ approvalId: pending[0]?.id ?? '', decision: 'approve' as const }, { approvalId: 'no-such-approval', decision: 'approve' as const }];
    await expect(rejectionOf(host.client.approvals.decideMany({ workspaceId: host.workspaceId, decisions: bad }))).resolves.toMatchObject({ code: 'not_found' });
    expect(await host.client.approvals.list({ workspaceId: host.workspaceId, runId: run.id, status: 'pending' })).toHaveLength(2);
    await host.client.runs.cancel({ workspaceId: host.workspaceId, runId: run.id });
  });

  it('pause lets running items finish and starts no new one; resume goes on', async () => {
    const run = await host.client.runs.start({
      workspaceId: host.workspaceId,
      graph: { steps: [listStep(Array.from({ length: 6 }, () => 1)), mapStep('work', { ms: 60 }, { concurrency: 2 })] },
    });
    await until(() => host.calls.length === 2, 'two items running');
    await host.client.runs.pause({ workspaceId: host.workspaceId, runId: run.id });
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(host.calls).toHaveLength(2);
    await host.client.runs.resume({ workspaceId: host.workspaceId, runId: run.id });
    const detail = await ended(host, run.id);
    expect(detail.run.status).toBe('completed');
    expect(host.calls).toHaveLength(6);
  });

  it('cancel aborts running items; the rest and the map step end cancelled', async () => {
    const run = await host.client.runs.start({
      workspaceId: host.workspaceId,
      graph: { steps: [listStep(Array.from({ length: 5 }, () => 1)), mapStep('work', { ms: 10_000 }, { concurrency: 2 })] },
    });
    await until(() => host.calls.length === 2, 'two items running');
    await host.client.runs.cancel({ workspaceId: host.workspaceId, runId: run.id });
    const detail = await ended(host, run.id);
    expect(detail.run.status).toBe('cancelled');
    expect(stepOf(detail, 'each').status).toBe('cancelled');
    // Two were running (aborted); the three waiting for a free slot never started.
    expect(itemStatuses(detail)).toEqual(['cancelled', 'cancelled', 'cancelled', 'cancelled', 'cancelled']);
    expect(host.calls).toHaveLength(2);
  });
});

describe('map steps: validation', () => {
  it('refuses forEach over a step that is not upstream, and {{item}} outside a map step, before anything runs', async () => {
    const notUpstream = rejectionOf(
      host.client.runs.start({
        workspaceId: host.workspaceId,
        graph: { steps: [listStep([1]), step('each', 'work', {}, { forEach: '{{steps.list.output.clients}}' })] },
      }),
    );
    await expect(notUpstream).resolves.toMatchObject({ code: 'bad_input', message: expect.stringMatching(/"list" is not upstream of it/) });
    const stray = rejectionOf(
      host.client.runs.start({ workspaceId: host.workspaceId, graph: { steps: [step('plain', 'work', { name: '{{item.name}}', at: '{{index}}' })] } }),
    );
    await expect(stray).resolves.toMatchObject({ code: 'bad_input', message: expect.stringMatching(/only a step with forEach has/) });
    const malformed = rejectionOf(
      host.client.runs.start({ workspaceId: host.workspaceId, graph: { steps: [listStep([1]), mapStep('work', {}, { forEach: 'clients' })] } }),
    );
    await expect(malformed).resolves.toMatchObject({ code: 'bad_input' });
    expect(host.calls).toHaveLength(0);
  });

  it('plans.validate names the forEach problem and its step', async () => {
    const result = await host.client.plans.validate({ workspaceId: host.workspaceId, graph: { steps: [step('each', 'work', {}, { forEach: '{{steps.nowhere.output}}' })] } });
    expect(result.problems).toContainEqual(expect.objectContaining({ code: 'bad_for_each', stepId: 'each', path: 'forEach' }));
  });
});

describe('map steps: recovery', () => {
  it('after a crash mid-map, finished items are kept and only unfinished ones run again', async () => {
    const first = makeTempDir('tizmor-map-crash-');
    const copy = makeTempDir('tizmor-map-recovered-');
    cleanups.push(first.remove, copy.remove);
    const crashing = await openHost(first.dir, { hang: true });
    const list = Array.from({ length: 10 }, (_, index) => ({ index, quick: index % 2 === 0 }));
    const run = await crashing.client.runs.start({
      workspaceId: crashing.workspaceId,
      graph: { steps: [listStep(list), mapStep('slow', { index: '{{item.index}}', quick: '{{item.quick}}' }, { concurrency: 10 }), step('after', 'work', { all: '{{steps.each.output}}' }, { dependsOn: ['each'] })] },
    });
    await until(async () => {
      const detail = await crashing.client.runs.get({ workspaceId: crashing.workspaceId, runId: run.id });
      return (detail.items.each ?? []).filter((entry) => entry.status === 'succeeded').length === 5;
    }, 'the five quick items');
    crashing.engine.runs.flush();
    mkdirSync(copy.dir, { recursive: true });
    for (const suffix of ['', '-wal', '-shm']) {
      const file = join(first.dir, DATABASE_FILE + suffix);
      if (existsSync(file)) copyFileSync(file, join(copy.dir, DATABASE_FILE + suffix));
    }
    const db = new Database(join(copy.dir, DATABASE_FILE));
    db.prepare('UPDATE run_leases SET expires_at = 0').run();
    db.close();

    const recovered = await openHost(copy.dir, { recoverRuns: true });
    const detail = await ended(recovered, run.id);
    expect(detail.run.status).toBe('completed');
    // Only the five slow items ran again, each as attempt 2 with the same key.
    const rerun = recovered.calls.filter((call) => call.agent === 'slow');
    expect(rerun.map((call) => call.stepId).sort()).toEqual(['each[1]', 'each[3]', 'each[5]', 'each[7]', 'each[9]']);
    expect(rerun.every((call) => call.attempt === 2 && call.key === `${run.id}:each:${call.stepId.slice(5, -1)}`)).toBe(true);
    expect((stepOf(detail, 'each').output as { index: number }[]).map((entry) => entry.index)).toEqual(list.map((entry) => entry.index));
    expect(stepOf(detail, 'after').status).toBe('succeeded');
  });

  it('an interrupted item of an agent that is not safe to repeat asks a person', async () => {
    const first = makeTempDir('tizmor-map-crash-');
    const copy = makeTempDir('tizmor-map-recovered-');
    cleanups.push(first.remove, copy.remove);
    const crashing = await openHost(first.dir);
    const run = await crashing.client.runs.start({
      workspaceId: crashing.workspaceId,
      graph: { steps: [listStep(['a', 'b']), mapStep('send', { name: '{{item}}', ms: 10_000 }, { approval: 'never' })] },
    });
    await until(() => crashing.calls.length === 2, 'both items sending');
    crashing.engine.runs.flush();
    mkdirSync(copy.dir, { recursive: true });
    for (const suffix of ['', '-wal', '-shm']) {
      const file = join(first.dir, DATABASE_FILE + suffix);
      if (existsSync(file)) copyFileSync(file, join(copy.dir, DATABASE_FILE + suffix));
    }
    const db = new Database(join(copy.dir, DATABASE_FILE));
    db.prepare('UPDATE run_leases SET expires_at = 0').run();
    db.close();
    const recovered = await openHost(copy.dir, { recoverRuns: true });
    await until(async () => (await recovered.client.approvals.list({ workspaceId: recovered.workspaceId, runId: run.id, status: 'pending' })).length === 2, 'two questions');
    const pending = await recovered.client.approvals.list({ workspaceId: recovered.workspaceId, runId: run.id, status: 'pending' });
    expect(pending.every((approval) => approval.kind === 'interrupted')).toBe(true);
    expect(recovered.calls).toHaveLength(0);
    await recovered.client.approvals.decideMany({
      workspaceId: recovered.workspaceId,
      decisions: pending.map((approval) => ({ approvalId: approval.id, decision: approval.stepId === 'each[0]' ? ('skip' as const) : ('approve' as const) })),
    });
    await until(() => recovered.calls.length === 1, 'the approved item');
    expect(recovered.calls[0]?.stepId).toBe('each[1]');
    await recovered.client.runs.cancel({ workspaceId: recovered.workspaceId, runId: run.id });
  });
});
