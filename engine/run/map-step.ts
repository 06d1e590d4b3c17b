import { DEFAULT_MAX_ITEMS, itemStepId, pendingStepRun, type MapItemFailure, type Step, type StepRun, type StepStatus } from '../api';
import { ReferenceError, resolveReferences, type ReferenceSource } from './references';

/** A map step's place in a run: its list, its items' counts and the items waiting for a free slot. */
export interface MapState {
  /** The elements, in order. */
  list: unknown[];
  /** Most items running at once. */
  limit: number;
  /** Items now running (executing an agent). */
  running: number;
  /** Items per status. */
  counts: Record<StepStatus, number>;
  /** Ready items held back by {@link limit}, oldest first. */
  parked: string[];
  parkedHead: number;
  /** An item failed and the step fails on the first failure: no new item starts. */
  stopping: boolean;
  /** Set while the map step itself changes its items, so their endings do not call back into it. */
  settling: boolean;
}

/** A map step's state once its list is known: nothing running, nothing held back. */
export function openMapState(list: unknown[], limit: number): MapState {
  return { list, limit, running: 0, counts: emptyCounts(), parked: [], parkedHead: 0, stopping: false, settling: false };
}

/** The oldest held-back item that is still ready (`isReady`), taken off the list; undefined when none is. */
export function unpark(map: MapState, isReady: (id: string) => boolean): string | undefined {
  let found: string | undefined;
  while (map.parkedHead < map.parked.length) {
    const id = map.parked[map.parkedHead++] as string;
    if (isReady(id)) {
      found = id;
      break;
    }
  }
  if (map.parkedHead > 1024 && map.parkedHead * 2 > map.parked.length) {
    map.parked.splice(0, map.parkedHead);
    map.parkedHead = 0;
  }
  return found;
}

export const emptyCounts = (): Record<StepStatus, number> => ({
  pending: 0, ready: 0, running: 0, waiting_approval: 0, succeeded: 0, failed: 0, skipped: 0, cancelled: 0,
});

/** The list a map step runs over, or the reason it cannot run (not a list, too long). */
export function resolveList(step: Step, references: ReferenceSource): { ok: true; list: unknown[] } | { ok: false; error: string } {
  let value: unknown;
  try {
    value = resolveReferences(step.forEach, references);
  } catch (error) {
    if (error instanceof ReferenceError) return { ok: false, error: error.message };
    throw error;
  }
  if (!Array.isArray(value)) {
    const kind = value === null ? 'null' : typeof value === 'object' ? 'an object' : typeof value;
    return { ok: false, error: `forEach ${step.forEach} is not a list (it is ${kind}); a map step needs an array.` };
  }
  const max = step.maxItems ?? DEFAULT_MAX_ITEMS;
  if (value.length > max) {
    return {
      ok: false,
      error: `forEach ${step.forEach} has ${value.length} items, more than maxItems (${max}) allows; no item ran. Raise maxItems or narrow the list.`,
    };
  }
  return { ok: true, list: value };
}

/** The definition an item runs with: the map step's, under the item's id, with nothing left to wait for. */
export function itemStep(step: Step, index: number): Step {
  return itemSteps(step)(index);
}

/** {@link itemStep} for many items of one map step: the map step's definition is taken apart once. */
export function itemSteps(step: Step): (index: number) => Step {
  const { forEach: _forEach, concurrency: _concurrency, maxItems: _maxItems, onItemError: _onItemError, ...rest } = step;
  // Items wait for nothing; the engine never adds to a step's dependencies, so they can share the empty list.
  const dependsOn: string[] = [];
  return (index) => ({ ...rest, id: itemStepId(step.id, index), dependsOn });
}

/** An item's record before it ran. */
export function pendingItem(step: Step, index: number): StepRun {
  return pendingStepRun(itemStepId(step.id, index), step.agent);
}

/** The map step's output: each item's output in list order; a failed or skipped item (failures collected) is marked. */
export function mapOutput(items: readonly StepRun[]): unknown[] {
  return items.map((item, index): unknown => {
    if (item.status === 'succeeded') return item.output;
    const failure: MapItemFailure = { failed: true, index, error: item.error ?? `Item ${index} ${item.status}.` };
    return failure;
  });
}

/** Why a map step failed: its first failed item. */
export function mapFailure(items: readonly StepRun[]): string {
  const failed = items.filter((item) => item.status === 'failed');
  const first = failed[0];
  const index = first ? items.indexOf(first) : -1;
  return `${failed.length} of ${items.length} item${items.length === 1 ? '' : 's'} failed; item ${index}: ${first?.error ?? 'failed'}`;
}
