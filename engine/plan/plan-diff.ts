import type { PlanDiff, PlanGraph, Position, Step } from '../api';
import { canonicalJson } from './content-hash';

type FieldChange = PlanDiff['stepsChanged'][number]['changes'][number];

const isObject = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === 'object' && !Array.isArray(value);

/** Field-by-field differences of two values; objects are walked, arrays and scalars compared whole. */
function fieldChanges(before: unknown, after: unknown, path: string, out: FieldChange[]): void {
  if (isObject(before) && isObject(after)) {
    const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
    for (const key of [...keys].sort()) fieldChanges(before[key], after[key], path ? `${path}.${key}` : key, out);
    return;
  }
  if (canonicalJson(before ?? null) !== canonicalJson(after ?? null)) out.push({ path, before: before ?? null, after: after ?? null });
}

/** A step without its edges (compared separately). */
function withoutEdges(step: Step): Omit<Step, 'dependsOn'> {
  const { dependsOn: _edges, ...rest } = step;
  return rest;
}

const samePosition = (a: Position | undefined, b: Position | undefined) => (a?.x ?? null) === (b?.x ?? null) && (a?.y ?? null) === (b?.y ?? null);

/**
 * What changed from `before` to `after`: steps added, removed and changed field by field
 * (`input.query: "december" → "november"`), edges added and removed, and steps that only moved.
 */
export function diffGraphs(planId: string, from: number, to: number, before: PlanGraph, after: PlanGraph): PlanDiff {
  const old = new Map(before.steps.map((step) => [step.id, step]));
  const now = new Map(after.steps.map((step) => [step.id, step]));
  const stepsAdded = after.steps.filter((step) => !old.has(step.id));
  const stepsRemoved = before.steps.filter((step) => !now.has(step.id));
  const stepsChanged: PlanDiff['stepsChanged'] = [];
  const moved: PlanDiff['moved'] = [];
  for (const step of after.steps) {
    const previous = old.get(step.id);
    if (!previous) continue;
    const changes: FieldChange[] = [];
    fieldChanges(withoutEdges(previous), withoutEdges(step), '', changes);
    if (changes.length > 0) stepsChanged.push({ stepId: step.id, changes });
    const was = before.layout[step.id];
    const is = after.layout[step.id];
    if (!samePosition(was, is)) moved.push({ stepId: step.id, from: was ?? null, to: is ?? null });
  }
  const edges = (graph: PlanGraph) => {
    const set = new Map<string, { from: string; to: string }>();
    for (const step of graph.steps) for (const dependency of step.dependsOn) set.set(`${dependency}→${step.id}`, { from: dependency, to: step.id });
    return set;
  };
  const oldEdges = edges(before);
  const newEdges = edges(after);
  const edgesAdded = [...newEdges].filter(([key]) => !oldEdges.has(key)).map(([, edge]) => edge);
  const edgesRemoved = [...oldEdges].filter(([key]) => !newEdges.has(key)).map(([, edge]) => edge);
  const changedIds = new Set(stepsChanged.map((change) => change.stepId));
  const movedOnly = moved.filter((move) => !changedIds.has(move.stepId));
  return {
    planId,
    from,
    to,
    stepsAdded,
    stepsRemoved,
    stepsChanged,
    edgesAdded,
    edgesRemoved,
    moved,
    summary: {
      added: stepsAdded.length,
      removed: stepsRemoved.length,
      changed: stepsChanged.length,
      moved: movedOnly.length,
      edgesAdded: edgesAdded.length,
      edgesRemoved: edgesRemoved.length,
    },
  };
}
