import type { RunMetrics, RunSummary, StepRun } from '../api';

const millis = (start: string | null, end: string | null): number | null =>
  start && end ? Math.max(0, Date.parse(end) - Date.parse(start)) : null;

/** Durations, attempts, tokens, cost and cache hits of a run, per step and in total. */
export function buildMetrics(run: RunSummary, steps: readonly StepRun[]): RunMetrics {
  const rows = steps.map((step) => ({
    stepId: step.stepId,
    agentId: step.agentId,
    status: step.status,
    attempts: step.attempt,
    durationMs: millis(step.startedAt, step.endedAt),
    tokens: step.tokens,
    costUsd: step.costUsd,
    cacheHit: step.cacheHit,
  }));
  return {
    runId: run.id,
    durationMs: millis(run.startedAt, run.endedAt),
    steps: rows,
    totals: {
      steps: rows.length,
      succeeded: rows.filter((row) => row.status === 'succeeded').length,
      failed: rows.filter((row) => row.status === 'failed').length,
      attempts: rows.reduce((sum, row) => sum + row.attempts, 0),
      retries: rows.reduce((sum, row) => sum + Math.max(0, row.attempts - 1), 0),
      cacheHits: rows.filter((row) => row.cacheHit).length,
      tokens: rows.reduce((sum, row) => sum + row.tokens, 0),
      costUsd: rows.reduce((sum, row) => sum + row.costUsd, 0),
    },
  };
}
