import { graphlib, layout as runLayout } from '@dagrejs/dagre';
import type { PlanGraph, Position } from '../api/contract';

/** Every step node has this size on the canvas (CSS keeps it), so layouts and mirroring are exact. */
export const stepNodeSize = { width: 220, height: 72 } as const;

const columnGap = 80;
const rowGap = 40;

/**
 * Positions, left to right, for the steps that have none in the layout.
 * Stored positions are always in left-to-right terms; {@link toView} mirrors them for Hebrew.
 */
export function autoLayout(graph: PlanGraph): Record<string, Position> {
  const missing = graph.steps.filter((step) => !graph.layout[step.id]);
  if (missing.length === 0) return {};
  const layout = new graphlib.Graph();
  layout.setGraph({ rankdir: 'LR', nodesep: rowGap, ranksep: columnGap, marginx: 0, marginy: 0 });
  layout.setDefaultEdgeLabel(() => ({}));
  const ids = new Set(graph.steps.map((step) => step.id));
  for (const step of graph.steps) layout.setNode(step.id, { ...stepNodeSize });
  for (const step of graph.steps) {
    for (const dependency of step.dependsOn) if (ids.has(dependency)) layout.setEdge(dependency, step.id);
  }
  runLayout(layout);
  const positions: Record<string, Position> = {};
  for (const step of missing) {
    const node = layout.node(step.id);
    positions[step.id] = {
      x: Math.round(node.x - stepNodeSize.width / 2),
      y: Math.round(node.y - stepNodeSize.height / 2),
    };
  }
  return positions;
}

/** Where a new step goes: right of the selected step, else right of the rightmost one. */
export function placeNewStep(positions: Position[], anchor: Position | null): Position {
  const step = stepNodeSize.width + columnGap;
  if (anchor) {
    let candidate = { x: anchor.x + step, y: anchor.y };
    while (positions.some((position) => Math.abs(position.x - candidate.x) < 40 && Math.abs(position.y - candidate.y) < 40)) {
      candidate = { x: candidate.x, y: candidate.y + stepNodeSize.height + rowGap };
    }
    return candidate;
  }
  if (positions.length === 0) return { x: 0, y: 0 };
  const rightmost = positions.reduce((best, position) => (position.x > best.x ? position : best));
  return { x: rightmost.x + step, y: rightmost.y };
}

/** A stored (left-to-right) position as drawn in the given direction. */
export function toView(position: Position, direction: 'ltr' | 'rtl'): Position {
  return direction === 'rtl' ? { x: -position.x - stepNodeSize.width, y: position.y } : position;
}

/** A drawn position back in stored (left-to-right) terms. */
export function fromView(position: Position, direction: 'ltr' | 'rtl'): Position {
  return toView(position, direction);
}
