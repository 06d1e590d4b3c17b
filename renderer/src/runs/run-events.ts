import {
  TERMINAL_RUN_STATUSES,
  TERMINAL_STEP_STATUSES,
  type EventPayload,
  type PlanGraph,
  type RunDetail,
  type RunSummary,
  type StepRun,
} from '../api/contract';

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
    ...(status === 'pending' ? { output: null } : {}),
  };
}

export function applyRunStatus(before: RunSummary, payload: EventPayload<'run.status'>, now: string): RunSummary {
  const ended = TERMINAL_RUN_STATUSES.includes(payload.status);
  return { ...before, status: payload.status, error: payload.error, startedAt: before.startedAt ?? now, endedAt: ended ? (before.endedAt ?? now) : null };
}

/** Steps that an ad-hoc run (or one whose plan is gone) had, without their links. */
export function graphFromSteps(steps: StepRun[]): PlanGraph {
  return { steps: steps.map((step) => ({ id: step.stepId, title: step.stepId, agent: step.agentId, input: {}, dependsOn: [] })), layout: {} };
}

/** The run, its steps and partial results after some events; the same object when none concerned it. */
export function applyEvents<View extends LiveRun>(view: View, events: readonly RunHostEvent[], now: string): View {
  let steps: Record<string, StepRun> | null = null;
  let partials: Record<string, unknown> | null = null;
  let run = view.run;
  let changed = false;
  for (const event of events) {
    if (event.payload.runId !== view.runId) continue;
    if (event.kind === 'run.status') {
      run = applyRunStatus(run, event.payload, now);
      changed = true;
    } else if (event.kind === 'step.status') {
      const source = steps ?? view.steps;
      const before = source[event.payload.stepId];
      if (!before) continue;
      steps ??= { ...view.steps };
      steps[event.payload.stepId] = applyStepStatus(before, event.payload, now);
      changed = true;
    } else if (event.kind === 'step.partial') {
      partials ??= { ...view.partials };
      partials[event.payload.stepId] = event.payload.value;
      changed = true;
    }
  }
  if (!changed) return view;
  return { ...view, run, steps: steps ?? view.steps, partials: partials ?? view.partials, revision: view.revision + 1 };
}

/** A snapshot of the run with the events that arrived while it was read applied on top. */
export function withEvents(detail: RunDetail, replay: readonly RunHostEvent[]): RunDetail {
  const now = new Date().toISOString();
  const steps = new Map(detail.steps.map((step) => [step.stepId, step]));
  let run = detail.run;
  for (const event of replay) {
    if (event.payload.runId !== detail.run.id) continue;
    if (event.kind === 'step.status') {
      const before = steps.get(event.payload.stepId);
      if (before) steps.set(event.payload.stepId, applyStepStatus(before, event.payload, now));
    } else if (event.kind === 'run.status') run = applyRunStatus(run, event.payload, now);
  }
  return { ...detail, run, steps: detail.steps.map((step) => steps.get(step.stepId) as StepRun) };
}
