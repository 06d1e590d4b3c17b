import type { StepStatus } from '../api/contract';
import { useAppStore, type AppState } from '../store/app-store';
import { shownStatus } from './node-parts';

/** Writes a far node's status into its elements. */
export type FarStatusWriter = (status: StepStatus) => void;

const writers = new Map<string, FarStatusWriter>();
let unsubscribe: (() => void) | null = null;
let lastSteps: unknown = null;
let lastScrub: unknown = null;

/**
 * One store subscription for every node drawn far out. A fast run changes a thousand steps within a few frames:
 * each store update writes only the nodes whose step changed (the run view replaces exactly those step objects),
 * instead of waking a subscription per node to find out. Scrubbing or a new run rewrites them all.
 */
function onChange(state: AppState): void {
  const view = state.runView;
  const steps = view?.steps ?? null;
  const scrub = view?.scrub ?? null;
  if (steps === lastSteps && scrub === lastScrub) return;
  const before = lastSteps as Record<string, unknown> | null;
  const all = scrub !== lastScrub || before === null || steps === null;
  lastSteps = steps;
  lastScrub = scrub;
  // forEach, not for…of: no entry array per node on every update of a fast run.
  writers.forEach((write, id) => {
    if (all || steps[id] !== before[id]) write(shownStatus(state, id));
  });
}

/** Registers the writer of the far node `id` (writing its current status at once); returns its removal. */
export function watchFarStatus(id: string, write: FarStatusWriter): () => void {
  writers.set(id, write);
  if (!unsubscribe) {
    const state = useAppStore.getState();
    lastSteps = state.runView?.steps ?? null;
    lastScrub = state.runView?.scrub ?? null;
    unsubscribe = useAppStore.subscribe(onChange);
  }
  write(shownStatus(useAppStore.getState(), id));
  return () => {
    if (writers.get(id) === write) writers.delete(id);
    if (writers.size === 0 && unsubscribe) {
      unsubscribe();
      unsubscribe = null;
    }
  };
}
