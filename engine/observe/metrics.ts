import type { RunMetrics, RunSummary, StepRun } from '../api';

const millis = (start: string | null, end: string | null): number | null =>
  start && end ? Math.max(0, Date.parse(end) - Date.parse(start)) : null;

/**
 * Durations, attempts, tokens, cost and cache hits of a run, per plan step and in total. A map step's
 * row sums its items' tokens and cost; attempts, retries and cache hits in the totals count what ran:
 * plain steps and map items (a map step itself runs no agent).
 */
export function buildMetrics(run: RunSummary, steps: readonly StepRun[], items: Readonly<Record<string, readonly StepRun[]>> = {}): RunMetrics {
  const toRow = (step: StepRun) => ({
    stepId: step.stepId,
    agentId: step.agentId,
    status: step.status,
    attempts: step.attempt,
    durationMs: millis(step.startedAt, step.endedAt),
    tokens: step.tokens,
    costUsd: step.costUsd,
    cacheHit: step.cacheHit,
  });
  const rows = steps.map(toRow);
  const executions = [...steps.filter((step) => !items[step.stepId]), ...Object.values(items).flat()].map(toRow);
  return {
    runId: run.id,
    durationMs: millis(run.startedAt, run.endedAt),
    steps: rows,
    totals: {
      steps: rows.length,
      succeeded: rows.filter((row) => row.status === 'succeeded').length,
      failed: rows.filter((row) => row.status === 'failed').length,
      attempts: executions.reduce((sum, row) => sum + row.attempts, 0),
      retries: executions.reduce((sum, row) => sum + Math.max(0, row.attempts - 1), 0),
      cacheHits: executions.filter((row) => row.cacheHit).length,
      tokens: rows.reduce((sum, row) => sum + row.tokens, 0),
      costUsd: rows.reduce((sum, row) => sum + row.costUsd, 0),
    },
  };
}
