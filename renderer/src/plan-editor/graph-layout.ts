import type { PlanGraph, Position } from '../api/contract';
import { layeredLayout, rankedLayout, type LayoutDirection, type LayoutRequest, type LayoutResult } from './layout/layered-layout';

export type { LayoutDirection } from './layout/layered-layout';

/** Every step node has this size on the canvas (CSS keeps it), so layouts and mirroring are exact. */
export const stepNodeSize = { width: 220, height: 72 } as const;

const rankGap = 80;
const nodeGap = 40;

/** What the layout (in this thread or the worker) is asked for a graph. */
export function layoutRequestOf(graph: PlanGraph, direction: LayoutDirection): LayoutRequest {
  const index = new Map(graph.steps.map((step, position) => [step.id, position]));
  const edges: number[] = [];
  for (const step of graph.steps) {
    const target = index.get(step.id) as number;
    for (const dependency of step.dependsOn) {
      const source = index.get(dependency);
      if (source !== undefined) edges.push(source, target);
    }
  }
  return { ids: graph.steps.map((step) => step.id), edges, direction, size: stepNodeSize, gaps: { rank: rankGap, node: nodeGap } };
}

/**
 * Places the steps that are not `kept` where a full layout puts them, shifted to sit with the
 * kept ones (by the median offset between the two) and moved aside where they would cover one.
 * Returns positions for the steps it placed only.
 */
export function tidyPositions(
  full: LayoutResult,
  current: Record<string, Position>,
  kept: ReadonlySet<string>,
  direction: LayoutDirection,
): Record<string, Position> {
  const anchors = [...kept].filter((id) => full[id] && current[id]);
  const median = (values: number[]) => {
    const sorted = [...values].sort((a, b) => a - b);
    return sorted.length === 0 ? 0 : (sorted[Math.floor(sorted.length / 2)] as number);
  };
  const dx = median(anchors.map((id) => (current[id] as Position).x - (full[id] as Position).x));
  const dy = median(anchors.map((id) => (current[id] as Position).y - (full[id] as Position).y));

  const cell = { width: stepNodeSize.width + nodeGap, height: stepNodeSize.height + nodeGap };
  const occupied = new Map<string, Position[]>();
  const cellsOf = (position: Position) => {
    const keys: string[] = [];
    const column = Math.floor(position.x / cell.width);
    const row = Math.floor(position.y / cell.height);
    for (let i = column - 1; i <= column + 1; i++) for (let j = row - 1; j <= row + 1; j++) keys.push(`${i}:${j}`);
    return keys;
  };
  const occupy = (position: Position) => {
    const key = `${Math.floor(position.x / cell.width)}:${Math.floor(position.y / cell.height)}`;
    const list = occupied.get(key);
    if (list) list.push(position);
    else occupied.set(key, [position]);
  };
  const overlaps = (position: Position) =>
    cellsOf(position).some((key) =>
      (occupied.get(key) ?? []).some(
        (other) => Math.abs(other.x - position.x) < cell.width - nodeGap / 2 && Math.abs(other.y - position.y) < cell.height - nodeGap / 2,
      ),
    );
  for (const id of kept) if (current[id]) occupy(current[id] as Position);

  const placed: Record<string, Position> = {};
  for (const [id, position] of Object.entries(full)) {
    if (kept.has(id)) continue;
    let candidate = { x: Math.round(position.x + dx), y: Math.round(position.y + dy) };
    for (let tries = 0; tries < 1000 && overlaps(candidate); tries++) {
      candidate = direction === 'LR' ? { x: candidate.x, y: candidate.y + cell.height } : { x: candidate.x + cell.width, y: candidate.y };
    }
    occupy(candidate);
    placed[id] = candidate;
  }
  return placed;
}

/**
 * Positions, in left-to-right terms, for the steps that have none in the stored layout; placed
 * steps stay. Stored positions are always left to right; {@link toView} mirrors them for Hebrew.
 */
export function autoLayout(graph: PlanGraph, direction: LayoutDirection = 'LR'): Record<string, Position> {
  if (graph.steps.every((step) => graph.layout[step.id])) return {};
  const full = layeredLayout(layoutRequestOf(graph, direction));
  const kept = new Set(graph.steps.filter((step) => graph.layout[step.id]).map((step) => step.id));
  return tidyPositions(full, graph.layout, kept, direction);
}

/** Places for a graph's unplaced steps without blocking the window: the full layout when few, the quick one when many. */
export function drawnPositions(graph: PlanGraph, direction: LayoutDirection = 'LR', limit = 1500): Record<string, Position> {
  const unplaced = graph.steps.filter((step) => !graph.layout[step.id]).length;
  return unplaced > limit ? quickPositions(graph, direction) : autoLayout(graph, direction);
}

/** Quick stand-in places (ranks, no crossing work) while a big graph's layout is computed off the main thread. */
export function quickPositions(graph: PlanGraph, direction: LayoutDirection): Record<string, Position> {
  const ranked = rankedLayout(layoutRequestOf(graph, direction));
  return Object.fromEntries(graph.steps.filter((step) => !graph.layout[step.id]).map((step) => [step.id, ranked[step.id] as Position]));
}

/** Where a new step goes: after the selected step (in the flow's direction), else after the last one. */
export function placeNewStep(positions: Position[], anchor: Position | null, direction: LayoutDirection = 'LR'): Position {
  const along = direction === 'LR' ? { x: stepNodeSize.width + rankGap, y: 0 } : { x: 0, y: stepNodeSize.height + rankGap };
  const aside = direction === 'LR' ? { x: 0, y: stepNodeSize.height + nodeGap } : { x: stepNodeSize.width + nodeGap, y: 0 };
  const taken = (candidate: Position) =>
    positions.some((position) => Math.abs(position.x - candidate.x) < stepNodeSize.width && Math.abs(position.y - candidate.y) < stepNodeSize.height);
  let candidate: Position;
  if (anchor) candidate = { x: anchor.x + along.x, y: anchor.y + along.y };
  else if (positions.length === 0) return { x: 0, y: 0 };
  else {
    const last = positions.reduce((best, position) =>
      direction === 'LR' ? (position.x > best.x ? position : best) : position.y > best.y ? position : best,
    );
    candidate = { x: last.x + along.x, y: last.y + along.y };
  }
  for (let tries = 0; tries < 500 && taken(candidate); tries++) candidate = { x: candidate.x + aside.x, y: candidate.y + aside.y };
  return candidate;
}

/** A stored (left-to-right) position as drawn in the given direction. */
export function toView(position: Position, direction: 'ltr' | 'rtl'): Position {
  return direction === 'rtl' ? { x: -position.x - stepNodeSize.width, y: position.y } : position;
}

/** A drawn position back in stored (left-to-right) terms. */
export function fromView(position: Position, direction: 'ltr' | 'rtl'): Position {
  return toView(position, direction);
}
