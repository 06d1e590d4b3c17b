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

export type StepPatch = Partial<Pick<Step, 'title' | 'agent' | 'input'>>;

export function updateStep(graph: PlanGraph, stepId: string, patch: StepPatch): PlanGraph {
  return { ...graph, steps: graph.steps.map((step) => (step.id === stepId ? { ...step, ...patch } : step)) };
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

function canonical(graph: PlanGraph): string {
  const steps = graph.steps.map((step) => ({
    ...step,
    input: step.input,
    dependsOn: [...step.dependsOn].sort(),
  }));
  const layout = graph.steps
    .map((step) => step.id)
    .filter((id) => graph.layout[id])
    .sort()
    .map((id) => {
      const position = graph.layout[id] as Position;
      return [id, Math.round(position.x), Math.round(position.y)];
    });
  return JSON.stringify({ steps: steps.map((step) => sortKeys(step)), layout });
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>)
        .filter(([, item]) => item !== undefined)
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([key, item]) => [key, sortKeys(item)]),
    );
  }
  return value;
}

/** Whether two graphs hold the same plan: same steps and dependencies, same placed positions. */
export function sameGraph(a: PlanGraph, b: PlanGraph): boolean {
  return canonical(a) === canonical(b);
}
