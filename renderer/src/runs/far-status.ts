import type { StepStatus } from '../api/contract';
import type { AppState } from '../store/app-store';
import { shownStatus } from './node-parts';

/** Writes a far node's status into its elements. */
export type FarStatusWriter = (status: StepStatus) => void;

/** The part of the app store this needs (the store itself in the app; a small one in tests). */
interface StoreLike {
  getState(): AppState;
  subscribe(listener: (state: AppState) => void): () => void;
}

/**
 * One store subscription for every node drawn far out. A fast run changes a thousand steps within a few frames:
 * each store update writes only the nodes whose step changed (the run view replaces exactly those step objects),
 * instead of waking a subscription per node to find out. Scrubbing or another run rewrites them all.
 * Returns `watch`: registers the writer of the far node `id` (writing its current status at once) and gives back
 * its removal.
 */
export function createFarStatus(store: StoreLike): (id: string, write: FarStatusWriter) => () => void {
  const writers = new Map<string, FarStatusWriter>();
  let unsubscribe: (() => void) | null = null;
  let lastSteps: Record<string, unknown> | null = null;
  let lastScrub: unknown = null;

  const onChange = (state: AppState): void => {
    const view = state.runView;
    const steps = view?.steps ?? null;
    const scrub = view?.scrub ?? null;
    if (steps === lastSteps && scrub === lastScrub) return;
    const before = lastSteps;
    const all = scrub !== lastScrub || before === null || steps === null;
    lastSteps = steps;
    lastScrub = scrub;
    // forEach, not for…of: no entry array per node on every update of a fast run.
    writers.forEach((write, id) => {
      if (all || steps[id] !== before[id]) write(shownStatus(state, id));
    });
  };

  return (id, write) => {
    writers.set(id, write);
    if (!unsubscribe) {
      const state = store.getState();
      lastSteps = state.runView?.steps ?? null;
      lastScrub = state.runView?.scrub ?? null;
      unsubscribe = store.subscribe(onChange);
    }
    write(shownStatus(store.getState(), id));
    return () => {
      if (writers.get(id) === write) writers.delete(id);
      if (writers.size === 0 && unsubscribe) {
        unsubscribe();
        unsubscribe = null;
        // Holds nothing of a run once no node is drawn far out.
        lastSteps = null;
        lastScrub = null;
      }
    };
  };
}
