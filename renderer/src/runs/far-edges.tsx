import { getBezierPath, Position as Side, ViewportPortal } from '@xyflow/react';
import { memo, useMemo } from 'react';
import type { PlanGraph, Position } from '../api/contract';
import { drawnPosition, runNodeSize } from './run-layout';

/** How far past a node's side an edge ends: the middle of the handle, as React Flow draws it. */
const handleReach = 4;

/** Every link of the graph as one SVG path `d`, drawn the way React Flow draws a default (bezier) edge. */
export function farEdgesPath(graph: PlanGraph, positions: Record<string, Position>, reading: 'ltr' | 'rtl'): string {
  const ids = new Set(graph.steps.map((step) => step.id));
  const middle = runNodeSize.height / 2;
  const parts: string[] = [];
  for (const step of graph.steps) {
    for (const source of step.dependsOn) {
      if (!ids.has(source)) continue;
      const from = drawnPosition(positions[source] ?? { x: 0, y: 0 }, reading);
      const to = drawnPosition(positions[step.id] ?? { x: 0, y: 0 }, reading);
      const [path] =
        reading === 'rtl'
          ? getBezierPath({
              sourceX: from.x - handleReach,
              sourceY: from.y + middle,
              sourcePosition: Side.Left,
              targetX: to.x + runNodeSize.width + handleReach,
              targetY: to.y + middle,
              targetPosition: Side.Right,
            })
          : getBezierPath({
              sourceX: from.x + runNodeSize.width + handleReach,
              sourceY: from.y + middle,
              sourcePosition: Side.Right,
              targetX: to.x - handleReach,
              targetY: to.y + middle,
              targetPosition: Side.Left,
            });
      parts.push(path);
    }
  }
  return parts.join(' ');
}

/**
 * The links of a run's graph while it is zoomed far out: one SVG path under the nodes instead of an
 * element per edge, so a frame that recolours a thousand nodes does not also walk two thousand edges.
 */
export const FarEdges = memo(function FarEdges({ graph, positions, reading }: { graph: PlanGraph; positions: Record<string, Position>; reading: 'ltr' | 'rtl' }) {
  const path = useMemo(() => farEdgesPath(graph, positions, reading), [graph, positions, reading]);
  return (
    <ViewportPortal>
      <svg className="run-far-edges" width={1} height={1} aria-hidden="true" data-testid="run-far-edges">
        <path d={path} />
      </svg>
    </ViewportPortal>
  );
});
