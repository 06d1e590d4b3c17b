import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { Approval, RunDetail, StepInput, TizmorClient, TizmorEvent } from '../../engine/api';
import type { AgentRisk, AnyAgent } from '../../engine/agents/agent';
import { unitHash } from '../../engine/agents/builtin/sim';
import { wait } from '../../engine/agents/builtin/wait';
import { DATABASE_FILE, openEngine, type Engine } from '../../engine/engine';
import { createDirectClient } from '../../engine/rpc/direct-transport';
import { makeTempDir, rejectionOf } from '../helpers/builders';

// ---- test agents ------------------------------------------------------------------------------

/** What the test agents saw: executions, inputs, and how many ran at once per agent. */
class Recorder {
  readonly executions: Array<{ agent: string; stepId: string; attempt: number; key: string; input: unknown }> = [];
  readonly active = new Map<string, number>();
  readonly most = new Map<string, number>();
  private totalActive = 0;
  mostOverall = 0;
  private readonly gates = new Map<string, { promise: Promise<void>; open: () => void }>();

  count(agent: string, stepId?: string): number {
    return this.executions.filter((run) => run.agent === agent && (stepId === undefined || run.stepId === stepId)).length;
  }

  enter(agent: string): void {
    const now = (this.active.get(agent) ?? 0) + 1;
    this.active.set(agent, now);
    this.most.set(agent, Math.max(this.most.get(agent) ?? 0, now));
    this.mostOverall = Math.max(this.mostOverall, ++this.totalActive);
  }

  leave(agent: string): void {
    this.active.set(agent, (this.active.get(agent) ?? 1) - 1);
    this.totalActive--;
  }

  /** A promise the test opens with {@link open}. */
  gate(name: string): Promise<void> {
    let entry = this.gates.get(name);
    if (!entry) {
      let open = () => undefined as void;
      const promise = new Promise<void>((resolve) => (open = resolve));
      entry = { promise, open };
      this.gates.set(name, entry);
    }
    return entry.promise;
  }

  open(name: string): void {
    void this.gate(name);
    this.gates.get(name)?.open();
  }
}

const ProbeInput = z.object({ ms: z.number().min(0).default(0), gate: z.string().optional() }).catchall(z.unknown());

/**
 * An agent that records each execution, waits `ms` (or until the test opens `gate`), and returns
 * its input. Its risk, idempotency and caching are chosen per test.
 */
function probe(recorder: Recorder, id: string, options: { risk?: AgentRisk; idempotent?: boolean; cacheable?: boolean } = {}): AnyAgent {
  return {
    id,
    version: '1',
    name: id,
    description: `Test agent ${id}.`,
    capabilities: ['test'],
    input: ProbeInput as z.ZodType<unknown>,
    output: z.unknown(),
    risk: options.risk ?? 'read',
    idempotent: options.idempotent ?? true,
    cacheable: options.cacheable ?? false,
    async execute(raw, ctx) {
      const input = raw as z.infer<typeof ProbeInput>;
      recorder.executions.push({ agent: id, stepId: ctx.stepId, attempt: ctx.attempt, key: ctx.idempotencyKey, input });
      recorder.enter(id);
      try {
        if (input.gate !== undefined) {
          await Promise.race([recorder.gate(input.gate), wait(3_600_000, ctx.signal)]);
        } else await wait(input.ms, ctx.signal);
      } finally {
        recorder.leave(id);
      }
      return input;
    },
  };
}

/** Sets shared context, posts messages and returns what it found: exercises the agent context. */
function chatter(recorder: Recorder): AnyAgent {
  const Input = z.object({ set: z.record(z.string(), z.unknown()).default({}), post: z.array(z.object({ to: z.string(), body: z.unknown() })).default([]) });
  return {
    id: 'chatter',
    version: '1',
    name: 'chatter',
    description: 'Test agent that talks.',
    capabilities: [],
    input: Input as z.ZodType<unknown>,
    output: z.unknown(),
    risk: 'read',
    idempotent: true,
    cacheable: false,
    async execute(raw, ctx) {
      const input = raw as z.infer<typeof Input>;
      recorder.executions.push({ agent: 'chatter', stepId: ctx.stepId, attempt: ctx.attempt, key: ctx.idempotencyKey, input });
      for (const [key, value] of Object.entries(input.set)) ctx.context.set(key, value);
      for (const message of input.post) ctx.messenger.post(message.to, message.body);
      return { context: ctx.context.entries(), inbox: ctx.messenger.inbox().map(({ from, to, body }) => ({ from, to, body })) };
    },
  };
}

// ---- fixture ----------------------------------------------------------------------------------

let engine: Engine;
let client: TizmorClient;
let workspaceId: string;
let recorder: Recorder;
let dataDir: string;
let removeDir: () => void;
let events: TizmorEvent[];

beforeEach(async () => {
  const temp = makeTempDir('tizmor-runs-');
  dataDir = temp.dir;
  removeDir = temp.remove;
  recorder = new Recorder();
  engine = openEngine({
    dataDir,
    host: 'test',
    appVersion: '0.0.0',
    log: () => undefined,
    extraAgents: [
      probe(recorder, 'probe'),
      probe(recorder, 'probe2'),
      probe(recorder, 'lookup', { risk: 'read', idempotent: true, cacheable: true }),
      probe(recorder, 'ext', { risk: 'external', idempotent: false }),
      chatter(recorder),
    ],
  });
  events = [];
  engine.onEvent((event) => events.push(event));
  client = createDirectClient(engine);
  workspaceId = (await client.system.status({})).defaultWorkspaceId;
});

afterEach(() => {
  engine.close();
  removeDir();
});

function step(id: string, agent: string, input: Record<string, unknown> = {}, more: Partial<StepInput> = {}): StepInput {
  return { id, title: `Step ${id}`, agent, input, dependsOn: [], ...more };
}

type StartInput = Parameters<TizmorClient['runs']['start']>[0];

/** Waits until a live run ends (5 s at most, so a stuck run fails fast). */
async function ended(runId: string): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`run ${runId} did not end within 5 s`)), 5000)));
  try {
    await Promise.race([engine.runs.waitFor(runId), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Starts an ad-hoc run and waits until it ends; returns its detail. */
async function runToEnd(steps: StepInput[], extra: Partial<StartInput> = {}): Promise<RunDetail> {
  const run = await client.runs.start({ workspaceId, graph: { steps }, ...extra });
  await ended(run.id);
  return client.runs.get({ workspaceId: extra.workspaceId ?? workspaceId, runId: run.id });
}

function stepOf(detail: RunDetail, stepId: string) {
  const found = detail.steps.find((item) => item.stepId === stepId);
  if (!found) throw new Error(`no step ${stepId}`);
  return found;
}

const statuses = (detail: RunDetail) => Object.fromEntries(detail.steps.map((item) => [item.stepId, item.status]));

/** Polls until `check` holds (3 s at most). */
async function until(check: () => boolean | Promise<boolean>, what = 'condition'): Promise<void> {
  const deadline = Date.now() + 3000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

async function stepStatus(runId: string, stepId: string, ws = workspaceId): Promise<string> {
  return stepOf(await client.runs.get({ workspaceId: ws, runId }), stepId).status;
}

// ---- scheduling -------------------------------------------------------------------------------

describe('scheduling', () => {
  it('runs the two middle steps of a diamond at the same time, and the last after both', async () => {
    const detail = await runToEnd([
      step('top', 'probe', { ms: 5 }),
      step('left', 'probe', { ms: 60 }, { dependsOn: ['top'] }),
      step('right', 'probe', { ms: 60 }, { dependsOn: ['top'] }),
      step('bottom', 'probe', { ms: 5 }, { dependsOn: ['left', 'right'] }),
    ]);
    expect(detail.run.status).toBe('completed');
    expect(statuses(detail)).toEqual({ top: 'succeeded', left: 'succeeded', right: 'succeeded', bottom: 'succeeded' });
    expect(recorder.most.get('probe')).toBe(2);
    expect(recorder.executions.map((run) => run.stepId)).toEqual(['top', expect.any(String), expect.any(String), 'bottom']);
    const endOf = (id: string) => Date.parse(stepOf(detail, id).endedAt ?? '');
    const startOf = (id: string) => Date.parse(stepOf(detail, id).startedAt ?? '');
    expect(startOf('bottom')).toBeGreaterThanOrEqual(Math.max(endOf('left'), endOf('right')));
    expect(startOf('left')).toBeGreaterThanOrEqual(endOf('top'));
  });

  it('runs at most options.concurrency steps at once', async () => {
    const steps = Array.from({ length: 6 }, (_, index) => step(`s${index}`, 'probe', { ms: 25 }));
    const detail = await runToEnd(steps, { options: { concurrency: 2 } });
    expect(detail.run.status).toBe('completed');
    expect(recorder.count('probe')).toBe(6);
    expect(recorder.mostOverall).toBe(2);
  });

  it('records `ready` for a step that waits for a slot, within a few tens of milliseconds, and not for steps that start at once', async () => {
    const reader = new Database(join(dataDir, DATABASE_FILE), { readonly: true });
    const readyEvents = async (runId: string) =>
      (await client.runs.events({ workspaceId, runId, limit: 10_000 })).filter(
        (event) => event.type === 'step.status' && (event.payload as { status: string }).status === 'ready',
      );
    try {
      const row = reader.prepare('SELECT status FROM step_runs WHERE run_id = ? AND step_id = ?');
      const run = await client.runs.start({
        workspaceId,
        graph: { steps: [step('slow', 'probe', { gate: 'slow' }), step('queued', 'probe')] },
        options: { concurrency: 1 },
      });
      await until(() => recorder.count('probe', 'slow') === 1, 'slow to start');
      // Not on disk before it changed at all; then `ready`, written by a commit of its own while nothing else happens.
      await until(() => (row.get(run.id, 'queued') as { status: string } | undefined)?.status === 'ready', 'queued to be recorded ready');
      expect((await readyEvents(run.id)).map((event) => event.stepId)).toEqual(['queued']);
      recorder.open('slow');
      await ended(run.id);

      // One slot, a 1 ms step ahead: the second step is queued at the first commit but starts a moment later.
      const brief = await runToEnd([step('first', 'sim', { durationMs: 1 }), step('second', 'sim')], { options: { concurrency: 1 } });
      expect(brief.run.status).toBe('completed');
      expect(await readyEvents(brief.run.id)).toEqual([]);

      // A chain of 300 zero-latency steps: each starts the moment the one before ends.
      const fast = await runToEnd(Array.from({ length: 300 }, (_, index) => step(`f${index}`, 'sim', {}, { dependsOn: index === 0 ? [] : [`f${index - 1}`] })));
      expect(fast.run.status).toBe('completed');
      expect(await readyEvents(fast.run.id)).toEqual([]);
      expect((await client.runs.events({ workspaceId, runId: fast.run.id, limit: 10_000 })).filter((event) => event.type === 'step.status')).toHaveLength(600);
    } finally {
      reader.close();
    }
  });

  it('runs at most agentConcurrency steps of one agent at once, while other agents go on', async () => {
    const steps = [
      ...Array.from({ length: 3 }, (_, index) => step(`a${index}`, 'probe', { ms: 30 })),
      ...Array.from({ length: 3 }, (_, index) => step(`b${index}`, 'probe2', { ms: 30 })),
    ];
    const detail = await runToEnd(steps, { options: { agentConcurrency: { probe: 1 } } });
    expect(detail.run.status).toBe('completed');
    expect(recorder.most.get('probe')).toBe(1);
    expect(recorder.most.get('probe2')).toBe(3);
  });

  it('never overlaps two steps that name the same resource', async () => {
    const detail = await runToEnd([
      step('w1', 'probe', { ms: 20 }, { resources: ['report.md'] }),
      step('w2', 'probe', { ms: 20 }, { resources: ['report.md'] }),
      step('free', 'probe2', { ms: 20 }),
    ]);
    expect(detail.run.status).toBe('completed');
    expect(recorder.most.get('probe')).toBe(1);
    expect(recorder.mostOverall).toBe(2);
  });

  it('skips the dependents of a failed step, finishes the independent branch, and ends failed', async () => {
    const detail = await runToEnd([
      step('root', 'probe'),
      step('broken', 'sim', { failRate: 1, seed: 'x' }, { dependsOn: ['root'], retry: { maxAttempts: 1 } }),
      step('after', 'probe', {}, { dependsOn: ['broken'] }),
      step('afterAfter', 'probe', {}, { dependsOn: ['after'] }),
      step('side', 'probe', { ms: 40 }, { dependsOn: ['root'] }),
      step('sideAfter', 'probe', {}, { dependsOn: ['side'] }),
    ]);
    expect(statuses(detail)).toEqual({
      root: 'succeeded',
      broken: 'failed',
      after: 'skipped',
      afterAfter: 'skipped',
      side: 'succeeded',
      sideAfter: 'succeeded',
    });
    expect(detail.run.status).toBe('failed');
    expect(detail.run.error).toBe('1 step failed.');
    expect(stepOf(detail, 'broken').error).toBe('Simulated failure on attempt 1 (failRate 1).');
    expect(stepOf(detail, 'after').error).toBe('Skipped: "broken" failed.');
    expect(recorder.count('probe', 'after')).toBe(0);
    expect(detail.run.stepCounts).toMatchObject({ succeeded: 3, failed: 1, skipped: 2 });
  });
});

// ---- retries, defaults, timeouts ------------------------------------------------------------------

/** A seed for which `sim` with failRate 0.5 fails the first `failures` attempts of `stepId` and then succeeds. */
function seedFailing(stepId: string, failures: number): string {
  for (let n = 0; n < 10_000; n++) {
    const seed = `seed-${n}`;
    const fails = (attempt: number) => unitHash(`${seed}:${attempt}:${stepId}`) < 0.5;
    if (Array.from({ length: failures }, (_, index) => fails(index + 1)).every(Boolean) && !fails(failures + 1)) return seed;
  }
  throw new Error('no seed found');
}

describe('retries', () => {
  it('retries a failing sim step until it succeeds on attempt 3, and records each retry', async () => {
    const seed = seedFailing('flaky', 2);
    const detail = await runToEnd([
      step('flaky', 'sim', { failRate: 0.5, seed, output: { fine: true } }, { retry: { maxAttempts: 3, backoffMs: 1 } }),
      step('next', 'probe', { got: '{{steps.flaky.output.fine}}' }, { dependsOn: ['flaky'] }),
    ]);
    expect(detail.run.status).toBe('completed');
    expect(stepOf(detail, 'flaky')).toMatchObject({ status: 'succeeded', attempt: 3, output: { fine: true }, error: null });
    expect(stepOf(detail, 'next').output).toMatchObject({ got: true });

    const log = await client.runs.events({ workspaceId, runId: detail.run.id });
    expect(log.filter((event) => event.type === 'step.retry').map((event) => event.attempt)).toEqual([1, 2]);
    const lines = await client.runs.logs({ workspaceId, runId: detail.run.id, stepId: 'flaky' });
    expect(lines.filter((line) => line.level === 'warn').map((line) => line.message)).toEqual([
      expect.stringMatching(/^Attempt 1 failed: Simulated failure on attempt 1 .* Retrying in \d+ ms\.$/),
      expect.stringMatching(/^Attempt 2 failed: .* Retrying in \d+ ms\.$/),
    ]);
    const metrics = await client.runs.metrics({ workspaceId, runId: detail.run.id });
    expect(metrics.totals).toMatchObject({ steps: 2, succeeded: 2, attempts: 4, retries: 2 });
  });

  it('fails the step after maxAttempts with the last error', async () => {
    const seed = seedFailing('flaky', 3);
    const detail = await runToEnd([step('flaky', 'sim', { failRate: 0.5, seed }, { retry: { maxAttempts: 3, backoffMs: 1 } })]);
    expect(detail.run.status).toBe('failed');
    expect(stepOf(detail, 'flaky')).toMatchObject({ status: 'failed', attempt: 3, error: 'Simulated failure on attempt 3 (failRate 0.5).' });
  });

  it("makes a step that still fails succeed with onError's default value, which dependents receive", async () => {
    const detail = await runToEnd([
      step('broken', 'sim', { failRate: 1 }, { retry: { maxAttempts: 2, backoffMs: 1 }, onError: { action: 'default', value: { items: [] } } }),
      step('next', 'probe', { items: '{{steps.broken.output.items}}' }, { dependsOn: ['broken'] }),
    ]);
    expect(detail.run.status).toBe('completed');
    expect(stepOf(detail, 'broken')).toMatchObject({ status: 'succeeded', attempt: 2, output: { items: [] } });
    expect(stepOf(detail, 'broken').error).toContain('Simulated failure on attempt 2');
    expect(stepOf(detail, 'next').output).toMatchObject({ items: [] });
    const lines = await client.runs.logs({ workspaceId, runId: detail.run.id, stepId: 'broken' });
    expect(lines.some((line) => line.message.includes("using the step's default value"))).toBe(true);
  });

  it('times out an attempt after timeoutMs and retries it', async () => {
    const started = Date.now();
    const detail = await runToEnd([step('slow', 'probe', { ms: 10_000 }, { timeoutMs: 30, retry: { maxAttempts: 2, backoffMs: 1 } })]);
    expect(Date.now() - started).toBeLessThan(2000);
    expect(stepOf(detail, 'slow')).toMatchObject({ status: 'failed', attempt: 2, error: 'The attempt took longer than 30 ms.' });
    expect(recorder.count('probe')).toBe(2);
  });
});

// ---- cache ------------------------------------------------------------------------------------

describe('cache', () => {
  const lookupStep = (more: Partial<StepInput> = {}, input: Record<string, unknown> = { q: 'weather' }) => step('look', 'lookup', input, more);

  it('answers the same read-only step from the cache the second time, without running it', async () => {
    const first = await runToEnd([lookupStep()]);
    expect(stepOf(first, 'look')).toMatchObject({ status: 'succeeded', cacheHit: false });
    const second = await runToEnd([lookupStep(), step('after', 'probe', { got: '{{steps.look.output.q}}' }, { dependsOn: ['look'] })]);
    expect(second.run.status).toBe('completed');
    expect(stepOf(second, 'look')).toMatchObject({ status: 'succeeded', cacheHit: true, output: stepOf(first, 'look').output, attempt: 0 });
    expect(stepOf(second, 'after').output).toMatchObject({ got: 'weather' });
    expect(recorder.count('lookup')).toBe(1);
    const metrics = await client.runs.metrics({ workspaceId, runId: second.run.id });
    expect(metrics.totals.cacheHits).toBe(1);
  });

  it('runs again for another input', async () => {
    await runToEnd([lookupStep()]);
    const other = await runToEnd([lookupStep({}, { q: 'news' })]);
    expect(stepOf(other, 'look').cacheHit).toBe(false);
    expect(recorder.count('lookup')).toBe(2);
  });

  it('does not use or fill the cache for a step with cache: false', async () => {
    await runToEnd([lookupStep({ cache: false })]);
    await runToEnd([lookupStep({ cache: false })]);
    expect(recorder.count('lookup')).toBe(2);
    const third = await runToEnd([lookupStep()]);
    expect(stepOf(third, 'look').cacheHit).toBe(false);
    expect(recorder.count('lookup')).toBe(3);
  });

  it('does not share entries between workspaces', async () => {
    await runToEnd([lookupStep()]);
    const other = await client.workspaces.create({ name: 'Other' });
    const detail = await runToEnd([lookupStep()], { workspaceId: other.id });
    expect(stepOf(detail, 'look').cacheHit).toBe(false);
    expect(recorder.count('lookup')).toBe(2);
  });

  it('never caches an agent that is not read-only and idempotent by default', async () => {
    await runToEnd([step('a', 'probe', { q: 1 })]);
    await runToEnd([step('a', 'probe', { q: 1 })]);
    expect(recorder.count('probe')).toBe(2);
  });
});

// ---- inputs, context, messages ----------------------------------------------------------------

describe('inputs, context and messages', () => {
  it('gives a step its input with upstream outputs resolved, whole values keeping their type', async () => {
    const detail = await runToEnd([
      step('fetch', 'sim', { output: { user: { name: 'Ada', langs: ['en', 'fr'] }, count: 2 } }),
      step('use', 'probe', { user: '{{steps.fetch.output.user}}', n: '{{steps.fetch.output.count}}', line: 'Hi {{steps.fetch.output.user.name}} ({{steps.fetch.output.count}})' }, { dependsOn: ['fetch'] }),
    ]);
    expect(detail.run.status).toBe('completed');
    const expected = { user: { name: 'Ada', langs: ['en', 'fr'] }, n: 2, line: 'Hi Ada (2)' };
    expect(recorder.executions.find((run) => run.stepId === 'use')?.input).toMatchObject(expected);
    expect(stepOf(detail, 'use').input).toMatchObject(expected);
  });

  it('fails a step whose reference is missing with a message naming what exists, and skips its dependents', async () => {
    const detail = await runToEnd([
      step('fetch', 'sim', { output: { count: 2, items: [] } }),
      step('use', 'probe', { n: '{{steps.fetch.output.total}}' }, { dependsOn: ['fetch'] }),
      step('after', 'probe', {}, { dependsOn: ['use'] }),
    ]);
    expect(detail.run.status).toBe('failed');
    expect(stepOf(detail, 'use')).toMatchObject({
      status: 'failed',
      error: '{{steps.fetch.output.total}}: the output of "fetch" has no "total" (it has: count, items).',
      input: { n: '{{steps.fetch.output.total}}' },
    });
    expect(stepOf(detail, 'after').status).toBe('skipped');
    expect(recorder.count('probe')).toBe(0);
  });

  it('checks a resolved input against the agent schema when the step runs', async () => {
    const detail = await runToEnd([
      step('fetch', 'sim', { output: { ms: 'soon' } }),
      step('pause', 'delay', { ms: '{{steps.fetch.output.ms}}' }, { dependsOn: ['fetch'] }),
    ]);
    expect(stepOf(detail, 'pause').status).toBe('failed');
    expect(stepOf(detail, 'pause').error).toMatch(/^The input does not fit delay: ms: /);
  });

  it('shares a context seeded by runs.start and set by steps, visible to later steps and in runs.get', async () => {
    const detail = await runToEnd(
      [
        step('setter', 'chatter', { set: { greeting: 'hello', n: 3 } }),
        step('reader', 'probe', { text: '{{context.greeting}} {{context.user.name}}', n: '{{context.n}}' }, { dependsOn: ['setter'] }),
      ],
      { context: { user: { name: 'Ada' } } },
    );
    expect(detail.run.status).toBe('completed');
    expect(stepOf(detail, 'setter').output).toMatchObject({ context: { user: { name: 'Ada' }, greeting: 'hello', n: 3 } });
    expect(stepOf(detail, 'reader').output).toMatchObject({ text: 'hello Ada', n: 3 });
    expect(detail.context).toEqual({ user: { name: 'Ada' }, greeting: 'hello', n: 3 });
  });

  it('delivers messages posted by one step to the inbox of a later one, and records them', async () => {
    const detail = await runToEnd([
      step('sender', 'chatter', { post: [{ to: 'receiver', body: { note: 'for you' } }, { to: '*', body: 'for all' }, { to: 'other', body: 'not yours' }] }),
      step('receiver', 'chatter', {}, { dependsOn: ['sender'] }),
    ]);
    expect(detail.run.status).toBe('completed');
    expect(stepOf(detail, 'receiver').output).toMatchObject({
      inbox: [
        { from: 'sender', to: 'receiver', body: { note: 'for you' } },
        { from: 'sender', to: '*', body: 'for all' },
      ],
    });
    expect(detail.messages.map(({ from, to, body }) => ({ from, to, body }))).toEqual([
      { from: 'sender', to: 'receiver', body: { note: 'for you' } },
      { from: 'sender', to: '*', body: 'for all' },
      { from: 'sender', to: 'other', body: 'not yours' },
    ]);
  });
});

// ---- approvals --------------------------------------------------------------------------------

describe('approvals', () => {
  const gated = () => [
    step('send', 'ext', { url: 'https://example.com/hook', body: 'draft' }),
    step('after', 'probe', { sent: '{{steps.send.output.body}}' }, { dependsOn: ['send'] }),
  ];

  async function startGated(extra: Partial<StartInput> = {}): Promise<{ runId: string; approval: Approval }> {
    const run = await client.runs.start({ workspaceId, graph: { steps: gated() }, ...extra });
    await until(async () => (await client.runs.get({ workspaceId, runId: run.id })).run.status === 'waiting_approval', 'waiting_approval');
    const [approval, ...more] = await client.approvals.list({ workspaceId, runId: run.id });
    expect(more).toEqual([]);
    if (!approval) throw new Error('no approval');
    return { runId: run.id, approval };
  }

  it('holds an external step in waiting_approval and lists the request', async () => {
    const { runId, approval } = await startGated();
    expect(approval).toMatchObject({
      runId,
      stepId: 'send',
      kind: 'policy',
      status: 'pending',
      reason: 'The agent "ext" reaches outside this computer.',
      input: { url: 'https://example.com/hook', body: 'draft' },
      decidedBy: null,
    });
    const detail = await client.runs.get({ workspaceId, runId });
    expect(stepOf(detail, 'send')).toMatchObject({ status: 'waiting_approval', waitingReason: approval.reason });
    expect(stepOf(detail, 'after').status).toBe('pending');
    expect(recorder.count('ext')).toBe(0);
    expect(await client.approvals.list({ workspaceId, status: 'pending' })).toHaveLength(1);
    expect(events.some((event) => event.event === 'approval.requested' && event.payload.approval.id === approval.id)).toBe(true);
  });

  it('runs the step with the edited input once approved', async () => {
    const { runId, approval } = await startGated();
    const decided = await client.approvals.decide({
      workspaceId,
      approvalId: approval.id,
      decision: 'approve',
      editedInput: { url: 'https://example.com/hook', body: 'final' },
      decidedBy: 'alice',
      comment: 'ok with the change',
    });
    expect(decided).toMatchObject({ status: 'approved', decidedBy: 'alice', comment: 'ok with the change', editedInput: { body: 'final' } });
    expect(decided.decidedAt).not.toBeNull();
    await ended(runId);
    const detail = await client.runs.get({ workspaceId, runId });
    expect(detail.run.status).toBe('completed');
    expect(recorder.executions.filter((run) => run.agent === 'ext').map((run) => run.input)).toEqual([{ url: 'https://example.com/hook', body: 'final', ms: 0 }]);
    expect(stepOf(detail, 'send')).toMatchObject({ status: 'succeeded', input: { body: 'final' }, waitingReason: null });
    expect(stepOf(detail, 'after').output).toMatchObject({ sent: 'final' });
    expect(events.some((event) => event.event === 'approval.resolved' && event.payload.approval.status === 'approved')).toBe(true);
  });

  it('fails a rejected step without running it and skips its dependents', async () => {
    const { runId, approval } = await startGated();
    await client.approvals.decide({ workspaceId, approvalId: approval.id, decision: 'reject', comment: 'not today' });
    await ended(runId);
    const detail = await client.runs.get({ workspaceId, runId });
    expect(detail.run.status).toBe('failed');
    expect(stepOf(detail, 'send')).toMatchObject({ status: 'failed', error: 'Rejected by you: not today' });
    expect(stepOf(detail, 'after').status).toBe('skipped');
    expect(recorder.count('ext')).toBe(0);
    expect(recorder.count('probe')).toBe(0);
  });

  it('refuses to decide an approval twice', async () => {
    const { runId, approval } = await startGated();
    await client.approvals.decide({ workspaceId, approvalId: approval.id, decision: 'approve', decidedBy: 'alice' });
    const again = await rejectionOf(client.approvals.decide({ workspaceId, approvalId: approval.id, decision: 'reject' }));
    expect(again.code).toBe('conflict');
    expect(again.message).toContain('already answered (approved by alice)');
    await ended(runId);
    expect(recorder.count('ext')).toBe(1);
  });

  it('refuses to skip a policy approval (only an interrupted step can be skipped)', async () => {
    const { approval } = await startGated();
    const error = await rejectionOf(client.approvals.decide({ workspaceId, approvalId: approval.id, decision: 'skip' }));
    expect(error.code).toBe('bad_input');
    expect((await client.approvals.list({ workspaceId, runId: approval.runId }))[0]?.status).toBe('pending');
  });

  it('approves every gate with autoApprove and records who approved', async () => {
    const detail = await runToEnd(gated(), { options: { autoApprove: true } });
    expect(detail.run.status).toBe('completed');
    expect(recorder.count('ext')).toBe(1);
    const approvals = await client.approvals.list({ workspaceId, runId: detail.run.id });
    expect(approvals).toEqual([expect.objectContaining({ stepId: 'send', status: 'approved', decidedBy: 'auto (--yes)' })]);
  });

  it('does not ask for a step set to approval: never, and asks for a read step set to always', async () => {
    const never = await runToEnd([step('send', 'ext', {}, { approval: 'never' })]);
    expect(never.run.status).toBe('completed');
    const run = await client.runs.start({ workspaceId, graph: { steps: [step('read', 'probe', {}, { approval: 'always' })] } });
    await until(async () => (await stepStatus(run.id, 'read')) === 'waiting_approval');
    expect(recorder.count('probe')).toBe(0);
    await client.runs.cancel({ workspaceId, runId: run.id });
  });

  it('lists pending requests first', async () => {
    const one = await startGated();
    const two = await startGated();
    await client.approvals.decide({ workspaceId, approvalId: one.approval.id, decision: 'reject' });
    const listed = await client.approvals.list({ workspaceId });
    expect(listed.map((item) => [item.id, item.status])).toEqual([
      [two.approval.id, 'pending'],
      [one.approval.id, 'rejected'],
    ]);
    expect((await client.approvals.list({ workspaceId, status: 'rejected' })).map((item) => item.id)).toEqual([one.approval.id]);
  });

  it('keeps gates in a simulated run, but never calls the real agents', async () => {
    const run = await client.runs.start({
      workspaceId,
      graph: { steps: [step('send', 'ext', { url: 'https://example.com' }), step('nap', 'delay', { ms: 600_000 }, { dependsOn: ['send'] })] },
      options: { simulate: true },
    });
    expect(run.simulate).toBe(true);
    await until(async () => (await stepStatus(run.id, 'send')) === 'waiting_approval', 'the gate');
    const [approval] = await client.approvals.list({ workspaceId, runId: run.id });
    await client.approvals.decide({ workspaceId, approvalId: approval?.id ?? '', decision: 'approve' });
    await ended(run.id);
    const detail = await client.runs.get({ workspaceId, runId: run.id });
    expect(detail.run.status).toBe('completed');
    expect(stepOf(detail, 'send').output).toEqual({ simulated: true, agent: 'ext' });
    expect(stepOf(detail, 'nap').output).toEqual({ waitedMs: 600_000 });
    expect(recorder.executions).toEqual([]);
  });

  it('cancelling a run that waits for approval rejects the request', async () => {
    const { runId, approval } = await startGated();
    await client.runs.cancel({ workspaceId, runId });
    await ended(runId);
    const detail = await client.runs.get({ workspaceId, runId });
    expect(detail.run.status).toBe('cancelled');
    expect(statuses(detail)).toEqual({ send: 'cancelled', after: 'cancelled' });
    const [after] = await client.approvals.list({ workspaceId, runId });
    expect(after).toMatchObject({ id: approval.id, status: 'rejected', decidedBy: 'system' });
    expect((await rejectionOf(client.approvals.decide({ workspaceId, approvalId: approval.id, decision: 'approve' }))).code).toBe('conflict');
  });
});

// ---- pause, resume, cancel ----------------------------------------------------------------------

describe('pause, resume and cancel', () => {
  it('pause lets the running step finish and starts no new one until resume', async () => {
    const run = await client.runs.start({
      workspaceId,
      graph: { steps: [step('first', 'probe', { gate: 'first' }), step('second', 'probe', {}, { dependsOn: ['first'] })] },
    });
    await until(() => recorder.count('probe', 'first') === 1, 'first to start');
    const paused = await client.runs.pause({ workspaceId, runId: run.id });
    expect(paused.status).toBe('paused');

    recorder.open('first');
    await until(async () => (await stepStatus(run.id, 'first')) === 'succeeded', 'first to finish');
    await new Promise((resolve) => setTimeout(resolve, 50));
    const whilePaused = await client.runs.get({ workspaceId, runId: run.id });
    expect(whilePaused.run.status).toBe('paused');
    expect(stepOf(whilePaused, 'second').status).toBe('ready');
    expect(recorder.count('probe', 'second')).toBe(0);

    const resumed = await client.runs.resume({ workspaceId, runId: run.id });
    expect(resumed.status).toBe('running');
    await ended(run.id);
    expect((await client.runs.get({ workspaceId, runId: run.id })).run.status).toBe('completed');
    expect(recorder.count('probe', 'second')).toBe(1);
  });

  it('cancel aborts a long delay step promptly and ends the run cancelled', async () => {
    const run = await client.runs.start({
      workspaceId,
      graph: { steps: [step('wait', 'delay', { ms: 600_000 }), step('after', 'probe', {}, { dependsOn: ['wait'] })] },
    });
    await until(async () => (await stepStatus(run.id, 'wait')) === 'running', 'delay to run');
    const started = Date.now();
    await client.runs.cancel({ workspaceId, runId: run.id });
    await ended(run.id);
    expect(Date.now() - started).toBeLessThan(1000);
    const detail = await client.runs.get({ workspaceId, runId: run.id });
    expect(detail.run).toMatchObject({ status: 'cancelled', error: 'The run was cancelled.' });
    expect(detail.run.endedAt).not.toBeNull();
    expect(stepOf(detail, 'wait')).toMatchObject({ status: 'cancelled', error: 'The run was cancelled.' });
    expect(stepOf(detail, 'after').status).toBe('cancelled');
    expect(recorder.count('probe')).toBe(0);
  });

  it('runs.cancel answers with the cancelled status', async () => {
    const run = await client.runs.start({ workspaceId, graph: { steps: [step('wait', 'delay', { ms: 600_000 })] } });
    await until(async () => (await stepStatus(run.id, 'wait')) === 'running', 'delay to run');
    const answer = await client.runs.cancel({ workspaceId, runId: run.id });
    expect(answer.status).toBe('cancelled');
    expect(answer.stepCounts.running).toBe(0);
  });

  it('refuses to pause, resume or cancel a run that has ended', async () => {
    const detail = await runToEnd([step('a', 'probe')]);
    for (const call of [client.runs.pause, client.runs.resume, client.runs.cancel]) {
      const error = await rejectionOf(call({ workspaceId, runId: detail.run.id }));
      expect(error.code).toBe('conflict');
      expect(error.message).toContain('The run is completed');
    }
  });
});

// ---- events and observation --------------------------------------------------------------------

describe('events', () => {
  it('emits run.status, step.status and approval.requested only once another connection can read them', async () => {
    const reader = new Database(join(dataDir, DATABASE_FILE), { readonly: true });
    try {
      const committedEvent = reader.prepare(
        "SELECT COUNT(*) AS n FROM run_events WHERE run_id = ? AND type = ? AND (step_id IS ? ) AND json_extract(payload, '$.status') = ?",
      );
      const stepRow = reader.prepare('SELECT status, attempt FROM step_runs WHERE run_id = ? AND step_id = ?');
      const runRow = reader.prepare('SELECT status FROM runs WHERE id = ?');
      const approvalRow = reader.prepare('SELECT status FROM approvals WHERE id = ?');
      const seen: Array<{ what: string; committed: boolean }> = [];
      const terminal = ['completed', 'failed', 'cancelled'];
      engine.onEvent((event) => {
        if (event.event === 'run.status') {
          const { runId, status } = event.payload;
          const n = (committedEvent.get(runId, 'run.status', null, status) as { n: number }).n;
          const row = runRow.get(runId) as { status: string } | undefined;
          // A final status is the last write of a run: the row must show exactly it.
          seen.push({ what: `run ${status}`, committed: n > 0 && row !== undefined && (!terminal.includes(status) || row.status === status) });
        } else if (event.event === 'step.status') {
          const { runId, stepId, status, attempt } = event.payload;
          const n = (committedEvent.get(runId, 'step.status', stepId, status) as { n: number }).n;
          const row = stepRow.get(runId, stepId) as { status: string; attempt: number } | undefined;
          seen.push({ what: `step ${stepId} ${status}`, committed: n > 0 && row !== undefined && row.attempt >= attempt });
        } else if (event.event === 'approval.requested') {
          const row = approvalRow.get(event.payload.approval.id) as { status: string } | undefined;
          seen.push({ what: `approval ${event.payload.approval.stepId}`, committed: row !== undefined });
        }
      });
      await runToEnd([
        step('top', 'probe'),
        step('left', 'probe', { ms: 5 }, { dependsOn: ['top'] }),
        step('right', 'sim', { failRate: 1 }, { dependsOn: ['top'], retry: { maxAttempts: 1 } }),
        step('bottom', 'probe', {}, { dependsOn: ['left', 'right'] }),
      ]);
      await runToEnd([step('send', 'ext')], { options: { autoApprove: true } });
      expect(seen.length).toBeGreaterThan(12);
      expect(seen.filter((entry) => !entry.committed)).toEqual([]);
      expect(seen.map((entry) => entry.what)).toEqual(
        expect.arrayContaining(['run running', 'run failed', 'run completed', 'step top running', 'step right failed', 'step bottom skipped', 'approval send', 'step send waiting_approval']),
      );
    } finally {
      reader.close();
    }
  });

  it('emits the statuses of a step in order, each once', async () => {
    const detail = await runToEnd([step('a', 'probe'), step('b', 'probe', {}, { dependsOn: ['a'] })], { options: { concurrency: 1 } });
    const of = (stepId: string) =>
      events.flatMap((event) => (event.event === 'step.status' && event.payload.runId === detail.run.id && event.payload.stepId === stepId ? [event.payload.status] : []));
    expect(of('a')).toEqual(['running', 'succeeded']);
    expect(of('b')).toEqual(['running', 'succeeded']);
    const runStatuses = events.flatMap((event) => (event.event === 'run.status' && event.payload.runId === detail.run.id ? [event.payload.status] : []));
    expect(runStatuses).toEqual(['running', 'completed']);
  });
});

describe('logs, events, trace and metrics', () => {
  it('describe a finished run', async () => {
    const seed = seedFailing('flaky', 1);
    const detail = await runToEnd([
      step('flaky', 'sim', { failRate: 0.5, seed, durationMs: 5 }, { retry: { maxAttempts: 2, backoffMs: 1 } }),
      step('done', 'probe', {}, { dependsOn: ['flaky'] }),
    ]);
    const runId = detail.run.id;
    expect(detail.run).toMatchObject({ status: 'completed', title: 'Ad-hoc plan', trigger: 'manual', simulate: false, error: null });

    const log = await client.runs.events({ workspaceId, runId });
    expect(log.map((event) => event.seq)).toEqual(log.map((_, index) => index + 1));
    expect(log[0]).toMatchObject({ type: 'run.status', payload: { status: 'running' } });
    expect(log.at(-1)).toMatchObject({ type: 'run.status', payload: { status: 'completed' } });
    const later = await client.runs.events({ workspaceId, runId, afterSeq: 2, limit: 3 });
    expect(later.map((event) => event.seq)).toEqual([3, 4, 5]);

    const lines = await client.runs.logs({ workspaceId, runId });
    expect(lines).toEqual([expect.objectContaining({ stepId: 'flaky', level: 'warn', message: expect.stringContaining('Attempt 1 failed') })]);
    expect(await client.runs.logs({ workspaceId, runId, stepId: 'done' })).toEqual([]);

    const spans = await client.runs.trace({ workspaceId, runId });
    expect(spans.map((span) => span.id)).toEqual(['run', 'step:flaky', 'step:done', 'step:flaky:1', 'step:flaky:2', 'step:done:1']);
    expect(spans.find((span) => span.id === 'run')).toMatchObject({ status: 'ok', start: detail.run.startedAt, end: detail.run.endedAt });
    expect(spans.find((span) => span.id === 'step:flaky:1')).toMatchObject({ status: 'error', parentId: 'step:flaky' });
    expect(spans.find((span) => span.id === 'step:flaky:2')).toMatchObject({ status: 'ok' });

    const metrics = await client.runs.metrics({ workspaceId, runId });
    expect(metrics.totals).toEqual({ steps: 2, succeeded: 2, failed: 0, attempts: 3, retries: 1, cacheHits: 0, tokens: 0, costUsd: 0 });
    expect(metrics.durationMs).toBeGreaterThanOrEqual(0);
    expect(metrics.steps.find((row) => row.stepId === 'flaky')).toMatchObject({ agentId: 'sim', attempts: 2, status: 'succeeded' });
  });

  it('runs.list shows runs newest first with step counts, filtered by status', async () => {
    const good = await runToEnd([step('a', 'probe')]);
    const bad = await runToEnd([step('a', 'sim', { failRate: 1 }, { retry: { maxAttempts: 1 } })]);
    const all = await client.runs.list({ workspaceId });
    expect(all.map((run) => run.id).sort()).toEqual([good.run.id, bad.run.id].sort());
    expect(all.find((run) => run.id === good.run.id)?.stepCounts).toMatchObject({ succeeded: 1 });
    expect((await client.runs.list({ workspaceId, status: 'failed' })).map((run) => run.id)).toEqual([bad.run.id]);
  });

  it('lists the agents with their risk and idempotency', async () => {
    const agents = await client.agents.list({});
    expect(agents.find((agent) => agent.id === 'sim')).toMatchObject({ risk: 'read', idempotent: true });
    expect(agents.find((agent) => agent.id === 'ext')).toMatchObject({ risk: 'external', idempotent: false });
    expect(agents.find((agent) => agent.id === 'delay')?.inputSchema).toMatchObject({ properties: { ms: expect.any(Object) } });
  });

  it('applies options.rateLimits to the agent', async () => {
    const run = await client.runs.start({
      workspaceId,
      graph: { steps: [step('one', 'probe'), step('two', 'probe')] },
      options: { rateLimits: { 'agent:probe': { requestsPerMinute: 1 } } },
    });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(recorder.count('probe')).toBe(1);
    await client.runs.cancel({ workspaceId, runId: run.id });
  });
});

// ---- refusals and isolation ----------------------------------------------------------------------

describe('runs.start refuses a plan with problems', () => {
  it.each([
    ['a cycle', [step('a', 'probe', {}, { dependsOn: ['b'] }), step('b', 'probe', {}, { dependsOn: ['a'] })], /wait for each other in a circle.*a → b|b → a/],
    ['an unknown agent', [step('a', 'probe'), step('write', 'llm.write')], /Step "write" uses the agent "llm\.write", which does not exist/],
    ['an input that does not fit', [step('nap', 'delay', { ms: 'long' })], /Step "nap": input\.ms: /],
    ['a reference to a step that is not upstream', [step('a', 'probe'), step('b', 'probe', { x: '{{steps.a.output}}' })], /Step "b" uses \{\{steps\.a\.output\}\}, but "a" is not upstream of it/],
    ['a missing dependency', [step('a', 'probe', {}, { dependsOn: ['ghost'] })], /Step "a" waits for "ghost"/],
  ] as const)('with %s: bad_input naming the step, and nothing recorded', async (_, steps, message) => {
    const error = await rejectionOf(client.runs.start({ workspaceId, graph: { steps: [...steps] } }));
    expect(error.code).toBe('bad_input');
    expect(error.message).toMatch(message);
    expect(error.details).toEqual(expect.arrayContaining([expect.objectContaining({ stepId: expect.any(String) })]));
    expect(await client.runs.list({ workspaceId })).toEqual([]);
    expect(await client.approvals.list({ workspaceId })).toEqual([]);
    expect(recorder.executions).toEqual([]);
  });

  it('counts the problems when there are several', async () => {
    const error = await rejectionOf(client.runs.start({ workspaceId, graph: { steps: [step('a', 'nope'), step('b', 'delay')] } }));
    expect(error.message).toMatch(/^The plan has 2 problems; the first: Step "a" uses the agent "nope"/);
  });

  it('refuses an empty plan and a call with neither plan nor graph', async () => {
    expect((await rejectionOf(client.runs.start({ workspaceId, graph: { steps: [] } }))).code).toBe('bad_input');
    expect((await rejectionOf(client.runs.start({ workspaceId }))).code).toBe('bad_input');
    expect(await client.runs.list({ workspaceId })).toEqual([]);
  });

  it('runs a saved plan version and records which', async () => {
    const created = await client.plans.create({ workspaceId, title: 'Saved', graph: { steps: [step('a', 'probe', { v: 1 })] } });
    const planId = created.plan.id;
    await client.plans.saveVersion({ workspaceId, planId, graph: { steps: [step('a', 'probe', { v: 2 })], layout: {} }, message: 'v2' });
    const head = await client.runs.start({ workspaceId, planId });
    const old = await client.runs.start({ workspaceId, planId, version: 1 });
    await Promise.all([ended(head.id), ended(old.id)]);
    expect(head).toMatchObject({ planId, planVersion: 2, title: 'Saved' });
    expect(old).toMatchObject({ planId, planVersion: 1 });
    expect(recorder.executions.map((run) => (run.input as { v: number }).v).sort()).toEqual([1, 2]);
    expect((await client.runs.list({ workspaceId, planId })).length).toBe(2);
    expect((await rejectionOf(client.runs.start({ workspaceId, planId, version: 9 }))).code).toBe('not_found');
  });
});

describe('workspace isolation', () => {
  it('keeps runs and approvals of one workspace out of another', async () => {
    const other = await client.workspaces.create({ name: 'Other' });
    const run = await client.runs.start({ workspaceId, graph: { steps: [step('send', 'ext')] } });
    await until(async () => (await client.approvals.list({ workspaceId, runId: run.id })).length === 1, 'approval');
    const [approval] = await client.approvals.list({ workspaceId, runId: run.id });
    if (!approval) throw new Error('no approval');

    expect(await client.runs.list({ workspaceId: other.id })).toEqual([]);
    expect(await client.approvals.list({ workspaceId: other.id })).toEqual([]);
    for (const call of [
      client.runs.get({ workspaceId: other.id, runId: run.id }),
      client.runs.events({ workspaceId: other.id, runId: run.id }),
      client.runs.logs({ workspaceId: other.id, runId: run.id }),
      client.runs.trace({ workspaceId: other.id, runId: run.id }),
      client.runs.metrics({ workspaceId: other.id, runId: run.id }),
      client.runs.cancel({ workspaceId: other.id, runId: run.id }),
      client.runs.pause({ workspaceId: other.id, runId: run.id }),
      client.approvals.decide({ workspaceId: other.id, approvalId: approval.id, decision: 'approve' }),
    ]) {
      expect((await rejectionOf(call)).code).toBe('not_found');
    }
    // Nothing the other workspace tried changed the run.
    expect((await client.runs.get({ workspaceId, runId: run.id })).run.status).toBe('waiting_approval');
    expect((await client.approvals.list({ workspaceId, runId: run.id }))[0]?.status).toBe('pending');
    expect(recorder.count('ext')).toBe(0);
    await client.runs.cancel({ workspaceId, runId: run.id });
  });

  it('refuses a workspace that does not exist', async () => {
    const missing = '00000000-0000-4000-8000-000000000000';
    expect((await rejectionOf(client.runs.start({ workspaceId: missing, graph: { steps: [step('a', 'probe')] } }))).code).toBe('not_found');
    expect(recorder.executions).toEqual([]);
  });
});
