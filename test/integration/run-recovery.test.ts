import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { RunDetail, StepInput, TizmorClient } from '../../engine/api';
import type { AgentRisk, AnyAgent } from '../../engine/agents/agent';
import { wait } from '../../engine/agents/builtin/wait';
import { DATABASE_FILE, openEngine, type Engine } from '../../engine/engine';
import { createDirectClient } from '../../engine/rpc/direct-transport';
import { makeTempDir, rejectionOf } from '../helpers/builders';

/** What the agents of one engine did. */
interface Execution {
  agent: string;
  stepId: string;
  attempt: number;
  key: string;
  input: unknown;
}

/**
 * The test agents. In the engine that "crashes", `slow` (idempotent) and `once` (not idempotent)
 * never finish; in the engine that recovers, they answer at once. `count` is an ordinary quick step;
 * `ext` reaches outside, so it waits for approval first.
 */
function agents(executions: Execution[], hang: boolean): AnyAgent[] {
  const make = (id: string, options: { idempotent: boolean; risk: AgentRisk; hangs: boolean }): AnyAgent => ({
    id,
    version: '1',
    name: id,
    description: `Test agent ${id}.`,
    capabilities: [],
    input: z.record(z.string(), z.unknown()),
    output: z.unknown(),
    risk: options.risk,
    idempotent: options.idempotent,
    cacheable: false,
    async execute(input, ctx) {
      executions.push({ agent: id, stepId: ctx.stepId, attempt: ctx.attempt, key: ctx.idempotencyKey, input });
      if (options.hangs && hang) await wait(3_600_000, ctx.signal);
      return { agent: id, attempt: ctx.attempt, input };
    },
  });
  return [
    make('count', { idempotent: true, risk: 'read', hangs: false }),
    make('slow', { idempotent: true, risk: 'read', hangs: true }),
    make('once', { idempotent: false, risk: 'read', hangs: true }),
    make('ext', { idempotent: false, risk: 'external', hangs: false }),
  ];
}

interface Host {
  engine: Engine;
  client: TizmorClient;
  workspaceId: string;
  executions: Execution[];
  logs: string[];
}

const cleanups: Array<() => void> = [];
let firstDir: string;
let copyDir: string;

beforeEach(() => {
  const first = makeTempDir('tizmor-crash-');
  const copy = makeTempDir('tizmor-recovered-');
  firstDir = first.dir;
  copyDir = copy.dir;
  cleanups.push(first.remove, copy.remove);
});

afterEach(() => {
  for (const cleanup of cleanups.splice(0).reverse()) cleanup();
});

async function openHost(dataDir: string, options: { hang: boolean; recoverRuns: boolean }): Promise<Host> {
  const executions: Execution[] = [];
  const logs: string[] = [];
  const engine = openEngine({
    dataDir,
    host: 'test',
    appVersion: '0.0.0',
    recoverRuns: options.recoverRuns,
    extraAgents: agents(executions, options.hang),
    log: (line) => logs.push(line),
  });
  cleanups.push(() => engine.close());
  const client = createDirectClient(engine);
  const workspaceId = (await client.system.status({})).defaultWorkspaceId;
  return { engine, client, workspaceId, executions, logs };
}

/**
 * The data folder as a crash would leave it: the database file with its WAL and shared-memory
 * files, copied while the first engine still runs (between two of its commits), so nothing the
 * engine does on a clean stop is in the copy.
 */
function crashCopy(): void {
  mkdirSync(copyDir, { recursive: true });
  for (const suffix of ['', '-wal', '-shm']) {
    const file = join(firstDir, DATABASE_FILE + suffix);
    if (existsSync(file)) copyFileSync(file, join(copyDir, DATABASE_FILE + suffix));
  }
  // The copy's leases name this (live) test process; a crashed host's process would be gone. Expire them.
  const db = new Database(join(copyDir, DATABASE_FILE));
  db.prepare('UPDATE run_leases SET expires_at = 0').run();
  db.close();
}

function step(id: string, agent: string, dependsOn: string[] = [], input: Record<string, unknown> = {}): StepInput {
  return { id, title: `Step ${id}`, agent, input, dependsOn };
}

async function until(check: () => boolean | Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + 3000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

async function ended(host: Host, runId: string): Promise<RunDetail> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`run ${runId} did not end within 5 s`)), 5000)));
  try {
    await Promise.race([host.engine.runs.waitFor(runId), timeout]);
  } finally {
    clearTimeout(timer);
  }
  return host.client.runs.get({ workspaceId: host.workspaceId, runId });
}

function stepOf(detail: RunDetail, stepId: string) {
  const found = detail.steps.find((item) => item.stepId === stepId);
  if (!found) throw new Error(`no step ${stepId}`);
  return found;
}

const statuses = (detail: RunDetail) => Object.fromEntries(detail.steps.map((item) => [item.stepId, item.status]));

/** Starts `steps` on a first engine, waits until every step in `runningSteps` is recorded running, and copies the data folder. */
async function crashWhileRunning(
  steps: StepInput[],
  runningSteps: string[],
  options: { autoApprove?: boolean } = {},
): Promise<{ runId: string; first: Host }> {
  const first = await openHost(firstDir, { hang: true, recoverRuns: false });
  const run = await first.client.runs.start({ workspaceId: first.workspaceId, graph: { steps }, options });
  await until(async () => {
    const detail = await first.client.runs.get({ workspaceId: first.workspaceId, runId: run.id });
    return runningSteps.every((id) => stepOf(detail, id).status === 'running');
  }, `${runningSteps.join(', ')} to run`);
  crashCopy();
  return { runId: run.id, first };
}

describe('recovering a run after a crash', () => {
  it('runs an interrupted idempotent step again with the next attempt and the same idempotency key; finished steps are not re-run', async () => {
    const { runId, first } = await crashWhileRunning(
      [step('first', 'count'), step('work', 'slow', ['first']), step('last', 'count', ['work'], { from: '{{steps.first.output.agent}}', attempt: '{{steps.work.output.attempt}}' })],
      ['work'],
    );
    expect(first.executions.map((run) => [run.stepId, run.attempt, run.key])).toEqual([
      ['first', 1, `${runId}:first`],
      ['work', 1, `${runId}:work`],
    ]);

    const second = await openHost(copyDir, { hang: false, recoverRuns: true });
    const detail = await ended(second, runId);
    expect(detail.run.status).toBe('completed');
    expect(second.executions.map((run) => [run.stepId, run.attempt, run.key])).toEqual([
      ['work', 2, `${runId}:work`],
      ['last', 1, `${runId}:last`],
    ]);
    // Outputs recorded before the crash feed the steps after it.
    expect(second.executions.find((run) => run.stepId === 'last')?.input).toEqual({ from: 'count', attempt: 2 });
    expect(stepOf(detail, 'work')).toMatchObject({ status: 'succeeded', attempt: 2, output: { agent: 'slow', attempt: 2 } });
    expect(stepOf(detail, 'first')).toMatchObject({ status: 'succeeded', attempt: 1, output: { agent: 'count', attempt: 1 } });
    const lines = await second.client.runs.logs({ workspaceId: second.workspaceId, runId, stepId: 'work' });
    expect(lines.map((line) => line.message)).toContainEqual(expect.stringContaining('Interrupted during attempt 1; running it again'));
    expect(second.logs).toContain('resumed 1 unfinished run');
  });

  it('keeps the event log going: sequence numbers continue after the crash', async () => {
    const { runId } = await crashWhileRunning([step('work', 'slow')], ['work']);
    const second = await openHost(copyDir, { hang: false, recoverRuns: true });
    await ended(second, runId);
    const log = await second.client.runs.events({ workspaceId: second.workspaceId, runId });
    expect(log.map((event) => event.seq)).toEqual(log.map((_, index) => index + 1));
    expect(log.filter((event) => event.type === 'step.status' && event.stepId === 'work').map((event) => [event.attempt, (event.payload as { status: string }).status])).toEqual([
      [1, 'running'],
      [1, 'ready'],
      [2, 'running'],
      [2, 'succeeded'],
    ]);
  });

  it('asks a person before running an interrupted step that is not safe to repeat', async () => {
    const { runId } = await crashWhileRunning([step('first', 'count'), step('pay', 'once', ['first'], { amount: 5 }), step('last', 'count', ['pay'])], ['pay']);
    const second = await openHost(copyDir, { hang: false, recoverRuns: true });
    const { client, workspaceId } = second;
    await until(async () => (await client.runs.get({ workspaceId, runId })).run.status === 'waiting_approval', 'waiting_approval');
    const detail = await client.runs.get({ workspaceId, runId });
    expect(stepOf(detail, 'pay')).toMatchObject({ status: 'waiting_approval', attempt: 1, waitingReason: 'interrupted — run again or skip?' });
    expect(stepOf(detail, 'last').status).toBe('pending');
    const approvals = await client.approvals.list({ workspaceId, runId });
    expect(approvals).toEqual([
      expect.objectContaining({ stepId: 'pay', kind: 'interrupted', status: 'pending', reason: 'interrupted — run again or skip?', input: { amount: 5 } }),
    ]);
    expect(second.executions).toEqual([]);
  });

  it('runs the interrupted step again, with the next attempt, once approved', async () => {
    const { runId } = await crashWhileRunning([step('first', 'count'), step('pay', 'once', ['first'], { amount: 5 }), step('last', 'count', ['pay'])], ['pay']);
    const second = await openHost(copyDir, { hang: false, recoverRuns: true });
    const { client, workspaceId } = second;
    await until(async () => (await client.approvals.list({ workspaceId, runId, status: 'pending' })).length === 1, 'the approval');
    const [approval] = await client.approvals.list({ workspaceId, runId });
    if (!approval) throw new Error('no approval');
    await client.approvals.decide({ workspaceId, approvalId: approval.id, decision: 'approve', decidedBy: 'ops' });
    const detail = await ended(second, runId);
    expect(detail.run.status).toBe('completed');
    expect(second.executions.map((run) => [run.stepId, run.attempt, run.key, run.input])).toEqual([
      ['pay', 2, `${runId}:pay`, { amount: 5 }],
      ['last', 1, `${runId}:last`, {}],
    ]);
    expect(stepOf(detail, 'pay')).toMatchObject({ status: 'succeeded', attempt: 2, waitingReason: null });
  });

  it('skips the interrupted step and its dependents when a person says skip, and the run completes', async () => {
    const { runId } = await crashWhileRunning(
      [step('first', 'count'), step('pay', 'once', ['first']), step('last', 'count', ['pay']), step('side', 'count', ['first'])],
      ['pay'],
    );
    const second = await openHost(copyDir, { hang: false, recoverRuns: true });
    const { client, workspaceId } = second;
    await until(async () => (await client.approvals.list({ workspaceId, runId, status: 'pending' })).length === 1, 'the approval');
    const [approval] = await client.approvals.list({ workspaceId, runId });
    if (!approval) throw new Error('no approval');
    const decided = await client.approvals.decide({ workspaceId, approvalId: approval.id, decision: 'skip', comment: 'paid by hand' });
    expect(decided).toMatchObject({ status: 'skipped', comment: 'paid by hand' });
    const detail = await ended(second, runId);
    expect(detail.run.status).toBe('completed');
    expect(statuses(detail)).toEqual({ first: 'succeeded', pay: 'skipped', last: 'skipped', side: 'succeeded' });
    expect(stepOf(detail, 'pay').error).toBe('Skipped by you: paid by hand');
    expect(stepOf(detail, 'last').error).toBe('Skipped: "pay" was skipped.');
    expect(second.executions).toEqual([]);
    expect((await rejectionOf(client.approvals.decide({ workspaceId, approvalId: approval.id, decision: 'approve' }))).code).toBe('conflict');
  });

  it('re-runs the idempotent step and asks about the other when both were running', async () => {
    const { runId } = await crashWhileRunning(
      [step('first', 'count'), step('fetch', 'slow', ['first']), step('pay', 'once', ['first']), step('last', 'count', ['fetch', 'pay'])],
      ['fetch', 'pay'],
    );
    const second = await openHost(copyDir, { hang: false, recoverRuns: true });
    const { client, workspaceId } = second;
    await until(async () => (await client.runs.get({ workspaceId, runId })).run.status === 'waiting_approval', 'waiting_approval');
    let detail = await client.runs.get({ workspaceId, runId });
    expect(statuses(detail)).toEqual({ first: 'succeeded', fetch: 'succeeded', pay: 'waiting_approval', last: 'pending' });
    expect(second.executions.map((run) => run.stepId)).toEqual(['fetch']);
    const [approval] = await client.approvals.list({ workspaceId, runId, status: 'pending' });
    if (!approval) throw new Error('no approval');
    await client.approvals.decide({ workspaceId, approvalId: approval.id, decision: 'approve' });
    detail = await ended(second, runId);
    expect(detail.run.status).toBe('completed');
    expect(second.executions.map((run) => run.stepId)).toEqual(['fetch', 'pay', 'last']);
  });

  it('keeps a policy approval that was pending at the crash, and it can still be answered', async () => {
    const first = await openHost(firstDir, { hang: true, recoverRuns: false });
    const run = await first.client.runs.start({ workspaceId: first.workspaceId, graph: { steps: [step('send', 'ext'), step('last', 'count', ['send'])] } });
    await until(async () => (await first.client.approvals.list({ workspaceId: first.workspaceId, runId: run.id })).length === 1, 'the approval');
    crashCopy();

    const second = await openHost(copyDir, { hang: false, recoverRuns: true });
    const { client, workspaceId } = second;
    const [approval, ...more] = await client.approvals.list({ workspaceId, runId: run.id });
    expect(more).toEqual([]);
    expect(approval).toMatchObject({ kind: 'policy', status: 'pending', stepId: 'send' });
    expect((await client.runs.get({ workspaceId, runId: run.id })).run.status).toBe('waiting_approval');
    await client.approvals.decide({ workspaceId, approvalId: approval?.id ?? '', decision: 'approve' });
    const detail = await ended(second, run.id);
    expect(detail.run.status).toBe('completed');
    expect(second.executions.map((item) => item.stepId)).toEqual(['send', 'last']);
    expect(first.executions).toEqual([]);
  });

  it('still asks about an interrupted step that is not safe to repeat when the run was started with autoApprove', async () => {
    const { runId } = await crashWhileRunning([step('pay', 'once'), step('fetch', 'slow')], ['pay', 'fetch'], { autoApprove: true });
    const second = await openHost(copyDir, { hang: false, recoverRuns: true });
    const { client, workspaceId } = second;
    await until(async () => (await client.runs.get({ workspaceId, runId })).run.status === 'waiting_approval', 'waiting_approval');
    expect(await client.approvals.list({ workspaceId, runId })).toEqual([expect.objectContaining({ stepId: 'pay', kind: 'interrupted', status: 'pending' })]);
    expect(second.executions.map((run) => [run.stepId, run.attempt])).toEqual([['fetch', 2]]);
  });

  it('approves a policy gate of an autoApprove run that the host died before approving', async () => {
    const first = await openHost(firstDir, { hang: true, recoverRuns: false });
    const run = await first.client.runs.start({ workspaceId: first.workspaceId, graph: { steps: [step('send', 'ext'), step('last', 'count', ['send'])] } });
    await until(async () => (await first.client.approvals.list({ workspaceId: first.workspaceId, runId: run.id })).length === 1, 'the approval');
    crashCopy();
    // As if the run had been started with --yes and the host died between asking and approving.
    const db = new Database(join(copyDir, DATABASE_FILE));
    const row = db.prepare('SELECT options FROM runs WHERE id = ?').get(run.id) as { options: string };
    db.prepare('UPDATE runs SET options = ? WHERE id = ?').run(JSON.stringify({ ...(JSON.parse(row.options) as object), autoApprove: true }), run.id);
    db.close();

    const second = await openHost(copyDir, { hang: false, recoverRuns: true });
    const detail = await ended(second, run.id);
    expect(detail.run.status).toBe('completed');
    expect(second.executions.map((item) => item.stepId)).toEqual(['send', 'last']);
    expect(await second.client.approvals.list({ workspaceId: second.workspaceId, runId: run.id })).toEqual([
      expect.objectContaining({ kind: 'policy', status: 'approved', decidedBy: 'auto (--yes)' }),
    ]);
  });

  it('keeps the approval and edited input of a step approved but not started before the crash', async () => {
    const first = await openHost(firstDir, { hang: true, recoverRuns: false });
    const run = await first.client.runs.start({
      workspaceId: first.workspaceId,
      graph: { steps: [step('send', 'ext', [], { body: 'draft' }), step('hold', 'slow')] },
      options: { concurrency: 1 },
    });
    // `send` asks for approval (taking no slot), then `hold` takes the only slot and never finishes.
    await until(async () => (await first.client.approvals.list({ workspaceId: first.workspaceId, runId: run.id })).length === 1 && first.executions.length === 1, 'the approval');
    const [approval] = await first.client.approvals.list({ workspaceId: first.workspaceId, runId: run.id });
    await first.client.approvals.decide({ workspaceId: first.workspaceId, approvalId: approval?.id ?? '', decision: 'approve', editedInput: { body: 'final' } });
    expect(stepOf(await first.client.runs.get({ workspaceId: first.workspaceId, runId: run.id }), 'send')).toMatchObject({ status: 'ready', input: { body: 'final' } });
    crashCopy();

    const second = await openHost(copyDir, { hang: false, recoverRuns: true });
    const detail = await ended(second, run.id);
    expect(detail.run.status).toBe('completed');
    expect(second.executions.map((item) => [item.stepId, item.input])).toEqual([
      ['hold', {}],
      ['send', { body: 'final' }],
    ]);
    expect(await second.client.approvals.list({ workspaceId: second.workspaceId, runId: run.id, status: 'pending' })).toEqual([]);
  });

  it('does not touch runs that had ended', async () => {
    const first = await openHost(firstDir, { hang: true, recoverRuns: false });
    const done = await first.client.runs.start({ workspaceId: first.workspaceId, graph: { steps: [step('a', 'count')] } });
    await first.engine.runs.waitFor(done.id);
    const before = await first.client.runs.get({ workspaceId: first.workspaceId, runId: done.id });
    crashCopy();
    const second = await openHost(copyDir, { hang: false, recoverRuns: true });
    expect(await second.client.runs.get({ workspaceId: second.workspaceId, runId: done.id })).toEqual(before);
    expect(second.executions).toEqual([]);
    expect(second.engine.runs.isLive(done.id)).toBe(false);
  });

  it('leaves an unfinished run alone when the host does not recover runs', async () => {
    const { runId } = await crashWhileRunning([step('work', 'slow')], ['work']);
    const second = await openHost(copyDir, { hang: false, recoverRuns: false });
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(second.executions).toEqual([]);
    expect(stepOf(await second.client.runs.get({ workspaceId: second.workspaceId, runId }), 'work').status).toBe('running');
  });
});

describe('recovering after the host stopped cleanly', () => {
  it('leaves a running step running on close and runs it again at the next start', async () => {
    const first = await openHost(firstDir, { hang: true, recoverRuns: false });
    const run = await first.client.runs.start({ workspaceId: first.workspaceId, graph: { steps: [step('work', 'slow'), step('last', 'count', ['work'])] } });
    await until(async () => first.executions.length === 1, 'work to start');
    first.engine.close();

    const second = await openHost(firstDir, { hang: false, recoverRuns: true });
    const detail = await ended(second, run.id);
    expect(detail.run.status).toBe('completed');
    expect(second.executions.map((item) => [item.stepId, item.attempt, item.key])).toEqual([
      ['work', 2, `${run.id}:work`],
      ['last', 1, `${run.id}:last`],
    ]);
    const log = await second.client.runs.events({ workspaceId: second.workspaceId, runId: run.id });
    expect(log.some((event) => (event.payload as { status?: string } | null)?.status === 'cancelled')).toBe(false);
  });

  it('keeps a paused run paused; resume goes on', async () => {
    const first = await openHost(firstDir, { hang: true, recoverRuns: false });
    const run = await first.client.runs.start({ workspaceId: first.workspaceId, graph: { steps: [step('work', 'slow'), step('last', 'count', ['work'])] } });
    await until(async () => first.executions.length === 1, 'work to start');
    await first.client.runs.pause({ workspaceId: first.workspaceId, runId: run.id });
    first.engine.close();

    const second = await openHost(firstDir, { hang: false, recoverRuns: true });
    const { client, workspaceId } = second;
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(second.executions).toEqual([]);
    expect((await client.runs.get({ workspaceId, runId: run.id })).run.status).toBe('paused');
    await client.runs.resume({ workspaceId, runId: run.id });
    const detail = await ended(second, run.id);
    expect(detail.run.status).toBe('completed');
    expect(second.executions.map((item) => [item.stepId, item.attempt])).toEqual([
      ['work', 2],
      ['last', 1],
    ]);
  });
});
