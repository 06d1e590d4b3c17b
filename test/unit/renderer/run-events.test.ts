import { describe, expect, it } from 'vitest';
import type { RunSummary, StepRun } from '../../../engine/api';
import { applyEvents, withEvents, type LiveRun, type RunHostEvent } from '../../../renderer/src/runs/run-events';

const step = (stepId: string): StepRun => ({
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
const run = { id: 'r1', status: 'running', startedAt: '2026-01-01T00:00:00.000Z', endedAt: null, error: null } as RunSummary;
const live: LiveRun = { runId: 'r1', run, steps: { a: step('a'), b: step('b') }, items: {}, partials: {}, revision: 0 };
const stepEvent = (runId: string, stepId: string, status: StepRun['status'], error: string | null = null): RunHostEvent => ({
  kind: 'step.status',
  payload: { workspaceId: 'w', runId, stepId, status, attempt: 1, cacheHit: false, error },
});

describe('host events on the run on screen', () => {
  it('changes only the steps they are about, and nothing for another run', () => {
    expect(applyEvents(live, [stepEvent('other', 'a', 'running')], 'T1')).toBe(live);
    const next = applyEvents(live, [stepEvent('r1', 'a', 'running')], 'T1');
    expect(next.steps.a).toMatchObject({ status: 'running', attempt: 1, startedAt: 'T1', endedAt: null });
    expect(next.steps.b).toBe(live.steps.b);
    expect(next.revision).toBe(1);
  });

  it('keeps the last of several events in one frame and stamps the end of a step', () => {
    const next = applyEvents(live, [stepEvent('r1', 'a', 'running'), stepEvent('r1', 'a', 'failed', 'boom')], 'T2');
    expect(next.steps.a).toMatchObject({ status: 'failed', error: 'boom', startedAt: 'T2', endedAt: 'T2' });
  });

  it('ends the run with the run.status event', () => {
    const next = applyEvents(live, [{ kind: 'run.status', payload: { workspaceId: 'w', runId: 'r1', status: 'completed', error: null } }], 'T3');
    expect(next.run).toMatchObject({ status: 'completed', endedAt: 'T3', startedAt: run.startedAt });
  });

  it('puts events that arrived while a snapshot was read on top of it', () => {
    const detail = { run, steps: [step('a'), step('b')], items: {}, context: {}, messages: [] };
    const merged = withEvents(detail, [stepEvent('r1', 'b', 'succeeded')]);
    expect(merged.steps.map((entry) => entry.status)).toEqual(['pending', 'succeeded']);
  });
});
