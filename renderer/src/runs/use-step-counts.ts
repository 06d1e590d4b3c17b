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

/**
 * Counts by the steps object they were made from (and the scrub they were made for): every part of the run view
 * that shows them shares one count, and a run's counts go when its steps do.
 */
const counted = new WeakMap<object, { scrub: RunView['scrub']; counts: StepCounts }>();
const noSteps = {};

function countSteps(steps: Record<string, StepRun> | undefined, scrub: RunView['scrub']): StepCounts {
  const known = counted.get(steps ?? noSteps);
  if (known && known.scrub === scrub) return known.counts;
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
  counted.set(steps ?? noSteps, { scrub, counts });
  return counts;
}

/** Counts of the run's steps as shown (the replayed moment while scrubbing), with tokens and cost so far. */
export function useStepCounts(): StepCounts {
  const steps = useAppStore((state) => state.runView?.steps);
  const scrub = useAppStore((state) => state.runView?.scrub ?? null);
  return useMemo(() => countSteps(steps, scrub), [steps, scrub]);
}
