import { useMemo } from 'react';
import type { StepRun, StepStatus } from '../api/contract';
import { useAppStore } from '../store/app-store';
import type { RunView } from './run-view-slice';

export interface StepCounts {
  total: number;
  /** Steps that reached an end: succeeded, failed, skipped or cancelled. */
  done: number;
  byStatus: Record<StepStatus, number>;
  tokens: number;
  costUsd: number;
}

const empty = (): Record<StepStatus, number> => ({
  pending: 0,
  ready: 0,
  running: 0,
  waiting_approval: 0,
  succeeded: 0,
  failed: 0,
  skipped: 0,
  cancelled: 0,
});

/** The counts of the last steps (and scrub) asked for: every part of the run view that shows them shares one count. */
let last: { steps: Record<string, StepRun> | undefined; scrub: RunView['scrub']; counts: StepCounts } | null = null;

function countSteps(steps: Record<string, StepRun> | undefined, scrub: RunView['scrub']): StepCounts {
  if (last && last.steps === steps && last.scrub === scrub) return last.counts;
  const byStatus = empty();
  let tokens = 0;
  let costUsd = 0;
  let total = 0;
  // for…in: a fast run counts a thousand steps every frame; no arrays or iterator results to collect.
  const source: Record<string, { status: StepStatus }> = scrub?.steps ?? steps ?? {};
  for (const id in source) {
    byStatus[(source[id] as { status: StepStatus }).status] += 1;
    total += 1;
  }
  for (const id in steps ?? {}) {
    const step = (steps as Record<string, StepRun>)[id] as StepRun;
    tokens += step.tokens;
    costUsd += step.costUsd;
  }
  const done = byStatus.succeeded + byStatus.failed + byStatus.skipped + byStatus.cancelled;
  const counts = { total, done, byStatus, tokens, costUsd };
  last = { steps, scrub, counts };
  return counts;
}

/** Counts of the run's steps as shown (the replayed moment while scrubbing), with tokens and cost so far. */
export function useStepCounts(): StepCounts {
  const steps = useAppStore((state) => state.runView?.steps);
  const scrub = useAppStore((state) => state.runView?.scrub ?? null);
  return useMemo(() => countSteps(steps, scrub), [steps, scrub]);
}
