import { useMemo } from 'react';
import type { StepStatus } from '../api/contract';
import { useAppStore } from '../store/app-store';

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

/** Counts of the run's steps as shown (the replayed moment while scrubbing), with tokens and cost so far. */
export function useStepCounts(): StepCounts {
  const steps = useAppStore((state) => state.runView?.steps);
  const scrub = useAppStore((state) => state.runView?.scrub ?? null);
  return useMemo(() => {
    const byStatus = empty();
    let tokens = 0;
    let costUsd = 0;
    const source = scrub?.steps ?? steps ?? {};
    for (const state of Object.values(source)) byStatus[state.status] += 1;
    for (const step of Object.values(steps ?? {})) {
      tokens += step.tokens;
      costUsd += step.costUsd;
    }
    const done = byStatus.succeeded + byStatus.failed + byStatus.skipped + byStatus.cancelled;
    return { total: Object.keys(source).length, done, byStatus, tokens, costUsd };
  }, [steps, scrub]);
}
