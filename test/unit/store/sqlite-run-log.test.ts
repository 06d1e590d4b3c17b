import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import type { StepRun } from '../../../engine/api';
import type { RunEventRow, RunRecord } from '../../../engine/store/run-repository';
import { openSqliteStore } from '../../../engine/store/sqlite-store';
import type { Store } from '../../../engine/store/store';
import { makeTempDir, makeWorkspace } from '../../helpers/builders';

const at = '2025-03-01T09:00:00.000Z';

function run(id: string, stepIds: string[] = []): RunRecord {
  return {
    id,
    workspaceId: 'w',
    planId: null,
    planVersion: null,
    title: 'log',
    status: 'running',
    trigger: 'manual',
    simulate: false,
    createdAt: at,
    startedAt: at,
    endedAt: null,
    error: null,
    graph: { steps: stepIds.map((stepId) => ({ id: stepId, title: stepId, agent: 'sim', input: {}, dependsOn: [] })), layout: {} },
    options: { concurrency: 4, agentConcurrency: {}, rateLimits: {}, autoApprove: false, simulate: false, allowHosts: [] },
  };
}

const pending = (stepId: string): StepRun => ({
  stepId,
  agentId: 'sim',
  status: 'pending',
  attempt: 0,
  input: null,
  output: null,
  error: null,
  cacheHit: false,
  startedAt: null,
  endedAt: null,
  tokens: 0,
  costUsd: 0,
  waitingReason: null,
});

describe('SQLite run log', () => {
  const cleanups: (() => void)[] = [];
  afterEach(() => {
    for (const cleanup of cleanups.splice(0).reverse()) cleanup();
  });

  function open(): { store: Store; filename: string } {
    const temp = makeTempDir();
    const filename = `${temp.dir}/tizmor.sqlite`;
    const store = openSqliteStore({ filename });
    cleanups.push(() => temp.remove(), () => store.close());
    store.workspaces.insert(makeWorkspace('w', { isDefault: true }));
    return { store, filename };
  }

  it('gives back every event as appended, in seq order, across batches; step.status payloads whole', () => {
    const { store, filename } = open();
    store.runs.insert(run('r1'), [pending('a')]);
    const events: RunEventRow[] = [];
    for (let seq = 1; seq <= 150; seq++) {
      const kind = seq % 5;
      if (kind === 0) events.push({ seq, at, type: 'step.log', stepId: 'a', attempt: 1, payload: { level: 'info', message: `line ${seq}` } });
      else if (kind === 1) events.push({ seq, at, type: 'step.status', stepId: 'a', attempt: 1, payload: { status: 'running', error: null, cacheHit: false } });
      else if (kind === 2) events.push({ seq, at, type: 'step.status', stepId: 'a', attempt: 1, payload: { status: 'failed', error: 'boom "quoted"', cacheHit: false } });
      else if (kind === 3) events.push({ seq, at, type: 'step.status', stepId: 'a', attempt: 2, payload: { status: 'succeeded', error: null, cacheHit: true } });
      else events.push({ seq, at, type: 'run.status', stepId: null, attempt: null, payload: { status: 'running' } });
    }
    store.transaction(() => store.runs.appendEvents('r1', events));
    expect(store.runs.events('r1', 0, 1000)).toEqual(events);
    expect(store.runs.events('r1', 140, 5).map((event) => event.seq)).toEqual([141, 142, 143, 144, 145]);
    expect(store.runs.events('r1', 0, 1000, ['step.status'])).toEqual(events.filter((event) => event.type === 'step.status'));
    expect(store.runs.lastSeq('r1')).toBe(150);
    // A later commit's chunk; the type filter reads only chunks holding the type, and a payload that merely
    // mentions it is not taken for it.
    const later: RunEventRow[] = [
      { seq: 151, at, type: 'step.status', stepId: 'a', attempt: 1, payload: { status: 'failed', error: 'see "step.log" above', cacheHit: false } },
      { seq: 152, at, type: 'step.log', stepId: 'a', attempt: 1, payload: { level: 'warn', message: 'last' } },
    ];
    store.transaction(() => store.runs.appendEvents('r1', later));
    expect(store.runs.events('r1', 140, 100, ['step.log']).map((event) => event.seq)).toEqual([145, 150, 152]);
    expect(store.runs.events('r1', 150, 100, ['run.status'])).toEqual([]);
    expect(store.runs.events('r1', 150, 100, ['step.status', 'step.log'])).toEqual(later);
    expect(store.runs.lastSeq('r1')).toBe(152);
    // Readers of the file (the crash tests, sqlite3 by hand) still find each transition's status in its payload.
    const db = new Database(filename, { readonly: true });
    cleanups.push(() => db.close());
    const statuses = db
      .prepare("SELECT json_extract(payload, '$.status') AS status FROM run_events WHERE run_id = 'r1' AND type = 'step.status' ORDER BY seq LIMIT 3")
      .all() as { status: string }[];
    expect(statuses.map((row) => row.status)).toEqual(['running', 'failed', 'succeeded']);
  });

  it('cuts a commit of big events into chunks of about 256 KB, and reads them back whole', () => {
    const { store, filename } = open();
    store.runs.insert(run('r3'), []);
    const big = 'x'.repeat(100_000);
    const events: RunEventRow[] = Array.from({ length: 12 }, (_, index) => ({
      seq: index + 1,
      at,
      type: 'step.log',
      stepId: 'a',
      attempt: 1,
      payload: { level: 'info', message: `${index} ${big}` },
    }));
    events.push({ seq: 13, at, type: 'context.set', stepId: 'a', attempt: 1, payload: { key: 'huge', value: 'y'.repeat(600_000) } });
    events.push({ seq: 14, at, type: 'step.status', stepId: 'a', attempt: 1, payload: { status: 'succeeded', error: null, cacheHit: false } });
    store.transaction(() => store.runs.appendEvents('r3', events));
    const db = new Database(filename, { readonly: true });
    cleanups.push(() => db.close());
    const chunks = db.prepare("SELECT first_seq, last_seq, length(events) AS chars FROM run_event_chunks WHERE run_id = 'r3' ORDER BY first_seq").all() as {
      first_seq: number;
      last_seq: number;
      chars: number;
    }[];
    // Two 100 KB events per chunk; the 600 KB one alone; the status after it.
    expect(chunks.map((chunk) => [chunk.first_seq, chunk.last_seq])).toEqual([
      [1, 2],
      [3, 4],
      [5, 6],
      [7, 8],
      [9, 10],
      [11, 12],
      [13, 13],
      [14, 14],
    ]);
    expect(Math.max(...chunks.filter((chunk) => chunk.first_seq !== 13).map((chunk) => chunk.chars))).toBeLessThan(256 * 1024);
    expect(store.runs.events('r3', 0, 100)).toEqual(events);
    expect(store.runs.events('r3', 6, 3).map((event) => event.seq)).toEqual([7, 8, 9]);
    expect(store.runs.lastSeq('r3')).toBe(14);
  });

  it('writes no row for a step that never ran (its record comes from the plan), and a saved step or map item with its whole state', () => {
    const { store, filename } = open();
    const ran: StepRun = { ...pending('b'), status: 'succeeded', attempt: 2, input: { x: 1 }, output: [1], startedAt: at, endedAt: at, tokens: 5, costUsd: 0.5 };
    store.runs.insert(run('r2', ['a', 'b', 'c']), [pending('a'), ran, pending('c')]);
    const db = new Database(filename, { readonly: true });
    cleanups.push(() => db.close());
    expect(db.prepare("SELECT step_id FROM step_runs WHERE run_id = 'r2'").all()).toEqual([{ step_id: 'b' }]);
    expect(store.runs.steps('r2').sort((x, y) => x.stepId.localeCompare(y.stepId))).toEqual([pending('a'), ran, pending('c')]);
    expect(store.runs.summary('w', 'r2')?.stepCounts).toMatchObject({ pending: 2, succeeded: 1 });
    const item: StepRun = { ...pending('each[3]'), status: 'running', attempt: 1, input: { index: 3 }, startedAt: at };
    store.transaction(() => store.runs.saveStep('r2', item));
    const done: StepRun = { ...item, status: 'succeeded', output: { index: 3 }, endedAt: at };
    store.transaction(() => store.runs.saveStep('r2', done));
    const saved: StepRun = { ...pending('a'), status: 'failed', attempt: 1, error: 'no', startedAt: at, endedAt: at, waitingReason: null };
    store.transaction(() => store.runs.saveStep('r2', saved));
    expect(store.runs.steps('r2').sort((x, y) => x.stepId.localeCompare(y.stepId))).toEqual([saved, ran, pending('c'), done]);
    // Items are not steps of the plan: the summary counts the three plan steps.
    expect(store.runs.summary('w', 'r2')?.stepCounts).toMatchObject({ pending: 1, failed: 1, succeeded: 1, running: 0 });
  });
});
