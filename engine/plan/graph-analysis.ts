import type { Step } from '../api';

/** Steps in an order where each comes after the steps it depends on, or the ids on a cycle. */
export type TopologicalResult = { ok: true; order: string[] } | { ok: false; cycle: string[] };

/** Kahn's algorithm over `dependsOn`; dependencies on unknown ids are ignored here (validation reports them). */
export function topologicalOrder(allSteps: readonly Pick<Step, 'id' | 'dependsOn'>[]): TopologicalResult {
  // A duplicated id is its own problem (validation reports it); order each id once.
  const firstById = new Map<string, Pick<Step, 'id' | 'dependsOn'>>();
  for (const step of allSteps) if (!firstById.has(step.id)) firstById.set(step.id, step);
  const steps = [...firstById.values()];
  const ids = new Set(steps.map((step) => step.id));
  const indegree = new Map<string, number>();
  const dependents = new Map<string, string[]>();
  for (const step of steps) {
    indegree.set(step.id, 0);
    dependents.set(step.id, []);
  }
  for (const step of steps) {
    for (const dependency of new Set(step.dependsOn)) {
      if (!ids.has(dependency) || dependency === step.id) continue;
      indegree.set(step.id, (indegree.get(step.id) ?? 0) + 1);
      dependents.get(dependency)?.push(step.id);
    }
  }
  const queue = steps.filter((step) => indegree.get(step.id) === 0).map((step) => step.id);
  const order: string[] = [];
  for (let head = 0; head < queue.length; head++) {
    const id = queue[head] as string;
    order.push(id);
    for (const next of dependents.get(id) ?? []) {
      const left = (indegree.get(next) ?? 0) - 1;
      indegree.set(next, left);
      if (left === 0) queue.push(next);
    }
  }
  if (order.length === ids.size) return { ok: true, order };
  return { ok: false, cycle: findCycle(steps, new Set(order)) };
}

/** One concrete cycle among the steps that could not be ordered, as a path `a → b → a`. */
function findCycle(steps: readonly Pick<Step, 'id' | 'dependsOn'>[], ordered: Set<string>): string[] {
  const byId = new Map(steps.map((step) => [step.id, step]));
  const remaining = steps.filter((step) => !ordered.has(step.id));
  const start = remaining[0];
  if (!start) return [];
  const seenAt = new Map<string, number>();
  const path: string[] = [];
  let current: string | undefined = start.id;
  while (current !== undefined && !seenAt.has(current)) {
    seenAt.set(current, path.length);
    path.push(current);
    const step = byId.get(current);
    const from: string = current;
    current = step?.dependsOn.find((dependency) => dependency !== from && byId.has(dependency) && !ordered.has(dependency));
  }
  if (current === undefined) return path;
  const loop = path.slice(seenAt.get(current));
  // dependsOn points backwards in time; show the cycle in execution order.
  return [...loop.reverse(), loop[0] as string];
}

/** True when adding the edge `from → to` (to depends on from) would close a cycle. */
export function wouldCreateCycle(steps: readonly Pick<Step, 'id' | 'dependsOn'>[], from: string, to: string): boolean {
  if (from === to) return true;
  const byId = new Map(steps.map((step) => [step.id, step]));
  const stack = [from];
  const seen = new Set<string>();
  while (stack.length > 0) {
    const id = stack.pop() as string;
    if (id === to) return true;
    if (seen.has(id)) continue;
    seen.add(id);
    stack.push(...(byId.get(id)?.dependsOn ?? []));
  }
  return false;
}
