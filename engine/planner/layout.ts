import type { PlanGraph, Position } from '../api';

const COLUMN = 280;
const ROW = 120;

/**
 * Places steps left to right by depth (a step sits one column after the deepest step it waits
 * for), stacked in request order within a column. Positions already known are kept.
 */
export function layoutGraph(graph: PlanGraph, keep: Record<string, Position> = {}): PlanGraph {
  const byId = new Map(graph.steps.map((step) => [step.id, step]));
  const depth = new Map<string, number>();
  const depthOf = (id: string, seen: Set<string>): number => {
    const known = depth.get(id);
    if (known !== undefined) return known;
    if (seen.has(id)) return 0;
    seen.add(id);
    const step = byId.get(id);
    const value = step && step.dependsOn.length > 0 ? 1 + Math.max(...step.dependsOn.map((dependency) => depthOf(dependency, seen))) : 0;
    depth.set(id, value);
    return value;
  };
  const rows = new Map<number, number>();
  const layout: Record<string, Position> = {};
  for (const step of graph.steps) {
    const column = depthOf(step.id, new Set());
    const row = rows.get(column) ?? 0;
    rows.set(column, row + 1);
    layout[step.id] = keep[step.id] ?? { x: column * COLUMN, y: row * ROW };
  }
  return { steps: graph.steps, layout };
}
