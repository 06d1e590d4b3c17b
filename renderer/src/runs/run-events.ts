import {
  TERMINAL_RUN_STATUSES,
  TERMINAL_STEP_STATUSES,
  type EventPayload,
  type PlanGraph,
  type RunDetail,
  type RunSummary,
  type StepRun,
} from '../api/contract';
import { blankItem, itemOf, mapItemsOf, MapItemsDraft, type MapItems } from './map-items';

/** A host event about a run, as the run view takes it in. */
export type RunHostEvent =
  | { kind: 'run.status'; payload: EventPayload<'run.status'> }
  | { kind: 'step.status'; payload: EventPayload<'step.status'> }
  | { kind: 'step.log'; payload: EventPayload<'step.log'> }
  | { kind: 'step.partial'; payload: EventPayload<'step.partial'> };

/** What host events change in a run on screen. */
export interface LiveRun {
  runId: string;
  run: RunSummary;
  steps: Record<string, StepRun>;
  /** The items of each map step, by map step id; item ids never appear in `steps`. */
  items: Record<string, MapItems>;
  partials: Record<string, unknown>;
  revision: number;
}

export const isTerminalStep = (status: StepRun['status']) => TERMINAL_STEP_STATUSES.includes(status);

/** A step after a `step.status` event; times are stamped here until the stored ones are read again. */
export function applyStepStatus(before: StepRun, payload: EventPayload<'step.status'>, now: string): StepRun {
  const { status } = payload;
  const startsNow = status === 'running' && before.status !== 'running';
  return {
    ...before,
    status,
    attempt: payload.attempt,
    cacheHit: payload.cacheHit,
    error: payload.error,
    startedAt: startsNow ? now : status === 'pending' ? null : (before.startedAt ?? (isTerminalStep(status) ? now : null)),
    endedAt: isTerminalStep(status) ? (before.status === status && before.endedAt ? before.endedAt : now) : null,
    waitingReason: status === 'waiting_approval' ? before.waitingReason : null,
    output: status === 'pending' ? null : before.output,
  };
}

export function applyRunStatus(before: RunSummary, payload: EventPayload<'run.status'>, now: string): RunSummary {
  const ended = TERMINAL_RUN_STATUSES.includes(payload.status);
  return { ...before, status: payload.status, error: payload.error, startedAt: before.startedAt ?? now, endedAt: ended ? (before.endedAt ?? now) : null };
}

/** Steps that an ad-hoc run (or one whose plan is gone) had, without their links; map items are not steps of the plan. */
export function graphFromSteps(steps: StepRun[]): PlanGraph {
  return {
    steps: steps.filter((step) => !itemOf(step.stepId)).map((step) => ({ id: step.stepId, title: step.stepId, agent: step.agentId, input: {}, dependsOn: [] })),
    layout: {},
  };
}

/** The plan steps and the map items of a snapshot: item rows are kept out of the steps, whichever list they came in. */
export function stepsAndItems(detail: RunDetail): { steps: Record<string, StepRun>; items: Record<string, MapItems> } {
  const steps: Record<string, StepRun> = {};
  const itemRuns: Record<string, StepRun[]> = {};
  for (const [mapStepId, runs] of Object.entries(detail.items ?? {})) itemRuns[mapStepId] = [...runs];
  for (const step of detail.steps) {
    const item = itemOf(step.stepId);
    if (item) (itemRuns[item.stepId] ??= []).push(step);
    else steps[step.stepId] = step;
  }
  const items: Record<string, MapItems> = {};
  for (const [mapStepId, runs] of Object.entries(itemRuns)) {
    // The map step's recorded input is its list, and its output has one entry per item.
    const mapStep = steps[mapStepId];
    const lengths = [mapStep?.input, mapStep?.output].map((value) => (Array.isArray(value) ? value.length : 0));
    items[mapStepId] = mapItemsOf(runs, Math.max(...lengths));
  }
  return { steps, items };
}

/** The run, its steps, map items and partial results after some events; the same object when none concerned it. */
export function applyEvents<View extends LiveRun>(view: View, events: readonly RunHostEvent[], now: string): View {
  let steps: Record<string, StepRun> | null = null;
  let partials: Record<string, unknown> | null = null;
  const drafts = new Map<string, MapItemsDraft>();
  let run = view.run;
  let changed = false;
  for (const event of events) {
    if (event.payload.runId !== view.runId) continue;
    if (event.kind === 'run.status') {
      run = applyRunStatus(run, event.payload, now);
      changed = true;
    } else if (event.kind === 'step.status') {
      const item = itemOf(event.payload.stepId);
      if (item) {
        const mapStep = (steps ?? view.steps)[item.stepId];
        if (!mapStep) continue;
        let draft = drafts.get(item.stepId);
        if (!draft) drafts.set(item.stepId, (draft = new MapItemsDraft(view.items[item.stepId])));
        const before = draft.get(item.index) ?? blankItem(item.stepId, item.index, mapStep.agentId);
        draft.set(item.index, applyStepStatus(before, event.payload, now));
        changed = true;
        continue;
      }
      const source = steps ?? view.steps;
      const before = source[event.payload.stepId];
      if (!before) continue;
      steps ??= { ...view.steps };
      steps[event.payload.stepId] = applyStepStatus(before, event.payload, now);
      // A map step says how many items it has once its list is known.
      const { itemCount } = event.payload;
      if (itemCount !== undefined) {
        let draft = drafts.get(event.payload.stepId);
        if (!draft) drafts.set(event.payload.stepId, (draft = new MapItemsDraft(view.items[event.payload.stepId])));
        draft.atLeast(itemCount);
      }
      changed = true;
    } else if (event.kind === 'step.partial') {
      // An item's partial result is not shown; a step's is, in the context tab.
      if (itemOf(event.payload.stepId)) continue;
      partials ??= { ...view.partials };
      partials[event.payload.stepId] = event.payload.value;
      changed = true;
    }
  }
  if (!changed) return view;
  let items = view.items;
  if (drafts.size > 0) {
    items = { ...view.items };
    for (const [mapStepId, draft] of drafts) items[mapStepId] = draft.done();
  }
  return { ...view, run, steps: steps ?? view.steps, items, partials: partials ?? view.partials, revision: view.revision + 1 };
}

/** A snapshot of the run with the events that arrived while it was read applied on top (its map items too). */
export function withEvents(detail: RunDetail, replay: readonly RunHostEvent[]): RunDetail {
  const now = new Date().toISOString();
  const steps = new Map(detail.steps.map((step) => [step.stepId, step]));
  const items = new Map<string, Map<string, StepRun>>();
  const itemsOf = (mapStepId: string) => {
    let known = items.get(mapStepId);
    if (!known) items.set(mapStepId, (known = new Map((detail.items?.[mapStepId] ?? []).map((item) => [item.stepId, item]))));
    return known;
  };
  let run = detail.run;
  for (const event of replay) {
    if (event.payload.runId !== detail.run.id) continue;
    if (event.kind === 'step.status') {
      const item = itemOf(event.payload.stepId);
      if (item) {
        const mapStep = steps.get(item.stepId);
        if (!mapStep) continue;
        const known = itemsOf(item.stepId);
        const before = known.get(event.payload.stepId) ?? blankItem(item.stepId, item.index, mapStep.agentId);
        known.set(event.payload.stepId, applyStepStatus(before, event.payload, now));
        continue;
      }
      const before = steps.get(event.payload.stepId);
      if (before) steps.set(event.payload.stepId, applyStepStatus(before, event.payload, now));
    } else if (event.kind === 'run.status') run = applyRunStatus(run, event.payload, now);
  }
  const mergedItems = { ...(detail.items ?? {}) };
  for (const [mapStepId, known] of items) mergedItems[mapStepId] = [...known.values()];
  return { ...detail, run, steps: detail.steps.map((step) => steps.get(step.stepId) as StepRun), items: mergedItems };
}
