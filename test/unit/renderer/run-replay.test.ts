import { describe, expect, it } from 'vitest';
import type { RunEventRecord, RunSummary } from '../../../engine/api';
import { statesAt, timelineOf } from '../../../renderer/src/runs/replay';

const run: RunSummary = {
  id: 'run1',
  workspaceId: 'w',
  planId: 'p',
  planVersion: 1,
  title: 'A run',
  status: 'completed',
  trigger: 'manual',
  simulate: false,
  createdAt: '2026-01-01T10:00:00.000Z',
  startedAt: '2026-01-01T10:00:00.000Z',
  endedAt: '2026-01-01T10:00:05.000Z',
  error: null,
  stepCounts: { pending: 0, ready: 0, running: 0, waiting_approval: 0, succeeded: 3, failed: 0, skipped: 0, cancelled: 0 },
};

let seq = 0;
const event = (second: number, type: string, stepId: string | null, payload: unknown): RunEventRecord => ({
  seq: ++seq,
  at: `2026-01-01T10:00:0${second}.000Z`,
  type,
  stepId,
  attempt: 1,
  payload,
});
const at = (second: number) => Date.parse(`2026-01-01T10:00:0${second}.000Z`);

describe('replaying a run from its event log', () => {
  const events = [
    event(0, 'step.reused', 'load', { fromRunId: 'run0' }),
    event(1, 'step.status', 'fetch', { status: 'running', error: null, cacheHit: false }),
    event(2, 'step.status', 'fetch', { status: 'failed', error: 'boom', cacheHit: false }),
    event(2, 'step.log', 'fetch', { level: 'error', message: 'boom' }),
    event(3, 'run.retry', 'fetch', { reset: ['fetch'] }),
    event(4, 'step.status', 'fetch', { status: 'succeeded', error: null, cacheHit: true }),
  ];
  const timeline = timelineOf(events, run);
  const ids = ['load', 'fetch', 'send'];

  it('spans the run from its start to its end', () => {
    expect(timeline.start).toBe(at(0));
    expect(timeline.end).toBe(at(5));
  });

  it('shows each step as it was at a moment: reused steps succeeded from the start, retried ones pending again', () => {
    expect(statesAt(timeline, ids, at(0) - 1)).toMatchObject({ load: { status: 'pending' }, fetch: { status: 'pending' } });
    expect(statesAt(timeline, ids, at(1))).toMatchObject({ load: { status: 'succeeded' }, fetch: { status: 'running' }, send: { status: 'pending' } });
    expect(statesAt(timeline, ids, at(2))).toMatchObject({ fetch: { status: 'failed', error: 'boom' } });
    expect(statesAt(timeline, ids, at(3))).toMatchObject({ fetch: { status: 'pending', error: null } });
    expect(statesAt(timeline, ids, at(5))).toMatchObject({ fetch: { status: 'succeeded', cacheHit: true }, send: { status: 'pending' } });
  });
});
