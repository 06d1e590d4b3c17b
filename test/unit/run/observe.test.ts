import { describe, expect, it } from 'vitest';
import type { RunSummary, StepRun } from '../../../engine/api';
import { buildMetrics } from '../../../engine/observe/metrics';
import { buildTrace } from '../../../engine/observe/trace';
import type { RunEventRow } from '../../../engine/store/run-repository';

const at = (second: number) => new Date(Date.UTC(2025, 2, 1, 9, 0, second)).toISOString();

function run(overrides: Partial<RunSummary> = {}): RunSummary {
  return {
    id: 'run-1',
    workspaceId: 'ws',
    planId: null,
    planVersion: null,
    title: 'Nightly report',
    status: 'failed',
    trigger: 'manual',
    simulate: false,
    createdAt: at(0),
    startedAt: at(1),
    endedAt: at(10),
    error: '1 step failed.',
    stepCounts: { pending: 0, ready: 0, running: 0, waiting_approval: 0, succeeded: 2, failed: 1, skipped: 1, cancelled: 0 },
    ...overrides,
  };
}

function stepRun(stepId: string, overrides: Partial<StepRun>): StepRun {
  return {
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
    ...overrides,
  };
}

/** fetch: fails once, succeeds on attempt 2; cached: a cache hit; parse: fails; report: skipped. */
const steps: StepRun[] = [
  stepRun('fetch', { status: 'succeeded', attempt: 2, startedAt: at(2), endedAt: at(5), tokens: 100, costUsd: 0.01 }),
  stepRun('cached', { agentId: 'files.read', status: 'succeeded', attempt: 0, cacheHit: true, startedAt: at(2), endedAt: at(2) }),
  stepRun('parse', { status: 'failed', attempt: 1, startedAt: at(5), endedAt: at(9), error: 'boom', tokens: 50, costUsd: 0.02 }),
  stepRun('report', { status: 'skipped', endedAt: at(9), error: 'Skipped: "parse" failed.' }),
];

let seq = 0;
const event = (second: number, type: string, stepId: string | null, attempt: number | null, payload: unknown): RunEventRow => ({
  seq: ++seq,
  at: at(second),
  type,
  stepId,
  attempt,
  payload,
});
const events: RunEventRow[] = [
  event(1, 'run.status', null, null, { status: 'running' }),
  event(2, 'step.status', 'fetch', 1, { status: 'running', error: null, cacheHit: false }),
  event(2, 'step.status', 'cached', 0, { status: 'succeeded', error: null, cacheHit: true }),
  event(3, 'step.retry', 'fetch', 1, { error: 'flaky', delayMs: 10 }),
  event(3, 'step.log', 'fetch', 1, { level: 'warn', message: 'Attempt 1 failed' }),
  event(4, 'step.attempt', 'fetch', 2, {}),
  event(5, 'step.status', 'fetch', 2, { status: 'succeeded', error: null, cacheHit: false }),
  event(5, 'step.status', 'parse', 1, { status: 'running', error: null, cacheHit: false }),
  event(9, 'step.status', 'parse', 1, { status: 'failed', error: 'boom', cacheHit: false }),
  event(9, 'step.status', 'report', 0, { status: 'skipped', error: 'Skipped: "parse" failed.', cacheHit: false }),
  event(10, 'run.status', null, null, { status: 'failed' }),
];

describe('buildTrace', () => {
  const spans = buildTrace(run(), events, steps);
  const byId = new Map(spans.map((span) => [span.id, span]));

  it('has a run span from start to end with the run outcome', () => {
    expect(byId.get('run')).toMatchObject({ parentId: null, name: 'Nightly report', start: at(1), end: at(10), status: 'error' });
  });

  it('has a span per attempt: one ended by the retry, one by success', () => {
    expect(byId.get('step:fetch:1')).toMatchObject({ parentId: 'step:fetch', attempt: 1, start: at(2), end: at(3), status: 'error', attributes: { error: 'flaky' } });
    expect(byId.get('step:fetch:2')).toMatchObject({ parentId: 'step:fetch', attempt: 2, start: at(4), end: at(5), status: 'ok' });
    expect(byId.get('step:fetch')).toMatchObject({ parentId: 'run', start: at(2), end: at(5), status: 'ok', attributes: { agent: 'sim', cacheHit: false } });
  });

  it('shows a cache hit as an instant step span without attempts', () => {
    expect(byId.get('step:cached')).toMatchObject({ start: at(2), end: at(2), status: 'ok', attributes: { agent: 'files.read', cacheHit: true } });
    expect(spans.filter((span) => span.stepId === 'cached')).toHaveLength(1);
  });

  it('marks a failed step and its attempt as errors with the message', () => {
    expect(byId.get('step:parse')).toMatchObject({ status: 'error', end: at(9), attributes: { error: 'boom' } });
    expect(byId.get('step:parse:1')).toMatchObject({ status: 'error', end: at(9) });
  });

  it('gives a step that never started no span', () => {
    expect(spans.some((span) => span.stepId === 'report')).toBe(false);
    expect(spans.map((span) => span.id)).toEqual(['run', 'step:fetch', 'step:cached', 'step:parse', 'step:fetch:1', 'step:fetch:2', 'step:parse:1']);
  });

  it('leaves the spans of an unfinished run open', () => {
    const open = buildTrace(run({ status: 'running', endedAt: null }), events.slice(0, 2), steps);
    expect(open.find((span) => span.id === 'run')).toMatchObject({ status: 'open', end: null });
    expect(open.find((span) => span.id === 'step:fetch:1')).toMatchObject({ status: 'open', end: null });
  });
});

describe('buildMetrics', () => {
  it('sums attempts, retries, cache hits, tokens and cost; durations from start and end', () => {
    const metrics = buildMetrics(run(), steps);
    expect(metrics.runId).toBe('run-1');
    expect(metrics.durationMs).toBe(9000);
    expect(metrics.steps.find((row) => row.stepId === 'fetch')).toEqual({
      stepId: 'fetch',
      agentId: 'sim',
      status: 'succeeded',
      attempts: 2,
      durationMs: 3000,
      tokens: 100,
      costUsd: 0.01,
      cacheHit: false,
    });
    expect(metrics.steps.find((row) => row.stepId === 'report')?.durationMs).toBeNull();
    expect(metrics.totals).toEqual({ steps: 4, succeeded: 2, failed: 1, attempts: 3, retries: 1, cacheHits: 1, tokens: 150, costUsd: 0.03 });
  });

  it('has no duration for a run that has not ended', () => {
    expect(buildMetrics(run({ endedAt: null }), []).durationMs).toBeNull();
  });
});
