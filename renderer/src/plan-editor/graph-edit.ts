import { StepId, type PlanGraph, type Position, type Step } from '../api/contract';

/** A dependency edge: `target` waits for `source`. */
export interface Dependency {
  source: string;
  target: string;
}

/** Why a new dependency is refused. */
export type ConnectionProblem = 'self' | 'duplicate' | 'cycle';

export function isValidStepId(id: string): boolean {
  return StepId.safeParse(id).success;
}

/** The first free id of the form `step-N`. */
export function nextStepId(graph: PlanGraph): string {
  const taken = new Set(graph.steps.map((step) => step.id));
  let number = graph.steps.length + 1;
  while (taken.has(`step-${number}`)) number += 1;
  return `step-${number}`;
}

export function addStep(graph: PlanGraph, step: Pick<Step, 'id' | 'title' | 'agent'>, position: Position): PlanGraph {
  return {
    steps: [...graph.steps, { ...step, input: {}, dependsOn: [] }],
    layout: { ...graph.layout, [step.id]: position },
  };
}

/** Removes steps with their layout and every dependency on them. */
export function removeSteps(graph: PlanGraph, ids: ReadonlySet<string>): PlanGraph {
  if (!graph.steps.some((step) => ids.has(step.id))) return graph;
  const layout = Object.fromEntries(Object.entries(graph.layout).filter(([id]) => !ids.has(id)));
  const steps = graph.steps
    .filter((step) => !ids.has(step.id))
    .map((step) =>
      step.dependsOn.some((id) => ids.has(id)) ? { ...step, dependsOn: step.dependsOn.filter((id) => !ids.has(id)) } : step,
    );
  return { steps, layout };
}

export function removeDependencies(graph: PlanGraph, dependencies: readonly Dependency[]): PlanGraph {
  if (dependencies.length === 0) return graph;
  const steps = graph.steps.map((step) => {
    const dropped = dependencies.filter((dependency) => dependency.target === step.id).map((dependency) => dependency.source);
    return dropped.length === 0 ? step : { ...step, dependsOn: step.dependsOn.filter((id) => !dropped.includes(id)) };
  });
  return { ...graph, steps };
}

/** Every step `stepId` waits for, directly or through others. */
export function upstreamOf(graph: PlanGraph, stepId: string): Set<string> {
  const byId = new Map(graph.steps.map((step) => [step.id, step]));
  const seen = new Set<string>();
  const pending = [...(byId.get(stepId)?.dependsOn ?? [])];
  while (pending.length > 0) {
    const id = pending.pop() as string;
    if (seen.has(id)) continue;
    seen.add(id);
    pending.push(...(byId.get(id)?.dependsOn ?? []));
  }
  return seen;
}

/** Whether making `target` wait for `source` is refused, and why. */
export function connectionProblem(graph: PlanGraph, { source, target }: Dependency): ConnectionProblem | null {
  if (source === target) return 'self';
  if (graph.steps.find((step) => step.id === target)?.dependsOn.includes(source)) return 'duplicate';
  if (upstreamOf(graph, source).has(target)) return 'cycle';
  return null;
}

export function addDependency(graph: PlanGraph, { source, target }: Dependency): PlanGraph {
  const steps = graph.steps.map((step) =>
    step.id === target && !step.dependsOn.includes(source) ? { ...step, dependsOn: [...step.dependsOn, source] } : step,
  );
  return { ...graph, steps };
}

export function moveSteps(graph: PlanGraph, positions: Record<string, Position>): PlanGraph {
  const rounded = Object.fromEntries(
    Object.entries(positions).map(([id, position]) => [id, { x: Math.round(position.x), y: Math.round(position.y) }]),
  );
  return { ...graph, layout: { ...graph.layout, ...rounded } };
}

/** Fields of a step the inspector edits; `undefined` removes an optional field. */
export type StepPatch = Partial<
  Pick<Step, 'title' | 'agent' | 'input' | 'approval' | 'retry' | 'timeoutMs' | 'cache' | 'resources' | 'forEach' | 'concurrency' | 'maxItems' | 'onItemError'>
>;

export function updateStep(graph: PlanGraph, stepId: string, patch: StepPatch): PlanGraph {
  let changed = false;
  const steps = graph.steps.map((step) => {
    if (step.id !== stepId) return step;
    const next: Record<string, unknown> = { ...step };
    for (const [key, value] of Object.entries(patch)) {
      if (value === undefined) delete next[key];
      else next[key] = value;
    }
    // Built from a Step and keys of a Step; only the optional keys may have been dropped.
    const updated = next as Step;
    if (sameStep(step, updated)) return step;
    changed = true;
    return updated;
  });
  return changed ? { ...graph, steps } : graph;
}

/** The graph with a position for every step (from `fallback` where the layout has none) and none for absent steps. */
export function withFullLayout(graph: PlanGraph, fallback: Record<string, Position>): PlanGraph {
  const layout: Record<string, Position> = {};
  for (const step of graph.steps) {
    const position = graph.layout[step.id] ?? fallback[step.id];
    if (position) layout[step.id] = position;
  }
  return { steps: graph.steps, layout };
}

/** Same content, ignoring key order and the order of `dependsOn`. */
export function sameStep(a: Step, b: Step): boolean {
  if (a === b) return true;
  if (a.dependsOn.length !== b.dependsOn.length) return false;
  const { dependsOn: dependsA, ...restA } = a;
  const { dependsOn: dependsB, ...restB } = b;
  const setA = new Set(dependsA);
  if (!dependsB.every((id) => setA.has(id))) return false;
  return sameJson(restA, restB);
}

/** Deep equality of JSON values; object key order and `undefined` members do not count. */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((item, index) => sameJson(item, b[index]));
  const recordA = a as Record<string, unknown>;
  const recordB = b as Record<string, unknown>;
  const keysA = Object.keys(recordA).filter((key) => recordA[key] !== undefined);
  const keysB = Object.keys(recordB).filter((key) => recordB[key] !== undefined);
  return keysA.length === keysB.length && keysA.every((key) => sameJson(recordA[key], recordB[key]));
}

const samePlace = (a: Position | undefined, b: Position | undefined) =>
  a === b || (a !== undefined && b !== undefined && Math.round(a.x) === Math.round(b.x) && Math.round(a.y) === Math.round(b.y));

/**
 * Whether two graphs hold the same plan: same steps (in order) and dependencies, same placed
 * positions. Untouched steps keep their identity through edits, so this is mostly pointer checks.
 */
export function sameGraph(a: PlanGraph, b: PlanGraph): boolean {
  if (a === b) return true;
  if (a.steps.length !== b.steps.length) return false;
  for (let index = 0; index < a.steps.length; index++) {
    if (!sameStep(a.steps[index] as Step, b.steps[index] as Step)) return false;
  }
  if (a.layout === b.layout) return true;
  return a.steps.every((step) => samePlace(a.layout[step.id], b.layout[step.id]));
}
