import type { RunEventRecord, RunSummary, StepStatus } from '../api/contract';
import { blankItem, itemOf, MapItemsDraft, noCounts, type MapCounts } from './map-items';

/** What one step showed at a moment of a run's history. */
export interface ReplayedStep {
  status: StepStatus;
  cacheHit: boolean;
  error: string | null;
}

/** One change of a step, at a time in milliseconds since the epoch. */
interface Change {
  at: number;
  stepIds: string[];
  state: ReplayedStep;
}

/** A run's history as a list of step changes, ready to be replayed up to any moment. */
export interface Timeline {
  start: number;
  end: number;
  changes: Change[];
}

const pending: ReplayedStep = { status: 'pending', cacheHit: false, error: null };

/**
 * Reads the step changes out of a run's append-only event log: `step.status` events, steps a
 * rerun reused (succeeded from the start) and steps a retry put back to pending.
 */
export function timelineOf(events: readonly RunEventRecord[], run: RunSummary): Timeline {
  const changes: Change[] = [];
  for (const event of events) {
    const at = Date.parse(event.at);
    if (event.type === 'step.status' && event.stepId) {
      const payload = (event.payload ?? {}) as { status?: StepStatus; cacheHit?: boolean; error?: string | null };
      if (!payload.status) continue;
      changes.push({ at, stepIds: [event.stepId], state: { status: payload.status, cacheHit: payload.cacheHit === true, error: payload.error ?? null } });
    } else if (event.type === 'step.reused' && event.stepId) {
      changes.push({ at, stepIds: [event.stepId], state: { status: 'succeeded', cacheHit: false, error: null } });
    } else if (event.type === 'run.retry') {
      const reset = ((event.payload ?? {}) as { reset?: unknown }).reset;
      if (Array.isArray(reset)) changes.push({ at, stepIds: reset.filter((id): id is string => typeof id === 'string'), state: pending });
    }
  }
  const first = changes[0]?.at ?? Date.now();
  const last = changes.at(-1)?.at ?? first;
  const start = Math.min(run.startedAt ? Date.parse(run.startedAt) : first, first);
  const end = Math.max(run.endedAt ? Date.parse(run.endedAt) : last, last);
  return { start, end, changes };
}

/** Every plan step's state at `at` (ms since the epoch): the last change at or before it, else pending. Map items are not steps. */
export function statesAt(timeline: Timeline, stepIds: readonly string[], at: number): Record<string, ReplayedStep> {
  const states: Record<string, ReplayedStep> = {};
  for (const id of stepIds) states[id] = pending;
  for (const change of timeline.changes) {
    if (change.at > at) break;
    for (const id of change.stepIds) if (id in states) states[id] = change.state;
  }
  return states;
}

/** How far the items of each map step (`mapStepIds`) had come at `at`. */
export function itemCountsAt(timeline: Timeline, mapStepIds: readonly string[], at: number): Record<string, MapCounts> {
  const drafts = new Map(mapStepIds.map((id) => [id, new MapItemsDraft(undefined)]));
  for (const change of timeline.changes) {
    if (change.at > at) break;
    for (const id of change.stepIds) {
      const item = itemOf(id);
      const draft = item ? drafts.get(item.stepId) : undefined;
      if (!item || !draft) continue;
      draft.set(item.index, { ...blankItem(item.stepId, item.index, ''), status: change.state.status });
    }
  }
  const counts: Record<string, MapCounts> = {};
  for (const id of mapStepIds) counts[id] = drafts.get(id)?.done().counts ?? noCounts;
  return counts;
}
