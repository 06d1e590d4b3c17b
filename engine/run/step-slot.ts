import { TERMINAL_STEP_STATUSES, type Step, type StepRun, type StepStatus } from '../api';
import type { AnyAgent } from '../agents/agent';
import type { MapState } from './map-step';

/** One step's place in a run: its definition, agent, stored state and scheduling counters. */
export interface StepSlot {
  step: Step;
  agent: AnyAgent;
  state: StepRun;
  /** Dependencies that have not succeeded yet. */
  waitingOn: number;
  dependents: string[];
  /** Set once a person (or --yes) approved; holds the input to run with. */
  approved: { input: unknown } | null;
  approvalId: string | null;
  /** The persisted status, to skip writing `ready` for steps that start at once. */
  persistedStatus: StepStatus;
  tokens: number;
  costUsd: number;
  /** A map step, once its list is known. */
  map: MapState | null;
  /** A map step's item: the map step's slot, and the element it runs for. */
  parent: StepSlot | null;
  item: { value: unknown; index: number } | undefined;
  /** A map step's items, in list order. */
  items: StepSlot[];
}

export const isTerminal = (status: StepStatus) => TERMINAL_STEP_STATUSES.includes(status);

/** The items of a step that is not a map step (a map step gets its own list when it opens): never written to. */
const NO_ITEMS: StepSlot[] = [];
/** Items have no dependents of their own: the map step has them. Never written to. */
const NO_DEPENDENTS: string[] = [];

/** A slot for a step of the plan, with its stored state. */
export function planSlot(step: Step, agent: AnyAgent, state: StepRun): StepSlot {
  return makeSlot(step, agent, state, [], state.status, null, undefined);
}

/** A slot for item `index` of a map step; `persistedStatus` is what its stored row says (`pending` without one). */
export function itemSlot(parent: StepSlot, step: Step, state: StepRun, item: { value: unknown; index: number }, persistedStatus: StepStatus): StepSlot {
  return makeSlot(step, parent.agent, state, NO_DEPENDENTS, persistedStatus, parent, item);
}

function makeSlot(
  step: Step,
  agent: AnyAgent,
  state: StepRun,
  dependents: string[],
  persistedStatus: StepStatus,
  parent: StepSlot | null,
  item: StepSlot['item'],
): StepSlot {
  return {
    step,
    agent,
    state,
    waitingOn: 0,
    dependents,
    approved: null,
    approvalId: null,
    persistedStatus,
    tokens: state.tokens,
    costUsd: state.costUsd,
    map: null,
    parent,
    item,
    items: NO_ITEMS,
  };
}

/** The idempotency key an agent gets: `runId:stepId`, or `runId:stepId:index` for a map item. */
export function idempotencyKeyOf(runId: string, slot: StepSlot): string {
  return slot.parent ? `${runId}:${slot.parent.step.id}:${slot.item?.index ?? 0}` : `${runId}:${slot.step.id}`;
}
