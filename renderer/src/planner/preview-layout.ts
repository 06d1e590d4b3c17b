import { graphlib, layout } from '@dagrejs/dagre';
import { MarkerType, Position, type Edge, type Node } from '@xyflow/react';
import type { EventPayload } from '../api/contract';

/** A step as the planner has written it so far: input and dependencies may still be missing. */
export type PartialStep = EventPayload<'plan.generating'>['steps'][number];

export type PreviewNode = Node<{ step: PartialStep; index: number }, 'preview'>;

export const previewNodeSize = { width: 230, height: 72 };

/**
 * Lays the steps written so far out with dagre, dependencies flowing in the reading direction
 * (right to left in Hebrew). Dependencies on steps not written yet are left out until they are.
 */
export function layoutPreview(steps: PartialStep[], reading: 'ltr' | 'rtl'): { nodes: PreviewNode[]; edges: Edge[] } {
  const graph = new graphlib.Graph();
  graph.setGraph({ rankdir: 'LR', nodesep: 24, ranksep: 72, marginx: 0, marginy: 0 });
  graph.setDefaultEdgeLabel(() => ({}));
  const known = new Set(steps.map((step) => step.id));
  for (const step of steps) graph.setNode(step.id, { ...previewNodeSize });
  const edges: Edge[] = [];
  for (const step of steps) {
    for (const dependency of step.dependsOn ?? []) {
      if (!known.has(dependency) || dependency === step.id) continue;
      graph.setEdge(dependency, step.id);
      edges.push({
        id: `${dependency}->${step.id}`,
        source: dependency,
        target: step.id,
        markerEnd: { type: MarkerType.ArrowClosed, width: 16, height: 16 },
      });
    }
  }
  layout(graph);
  const rtl = reading === 'rtl';
  const nodes = steps.map((step, index): PreviewNode => {
    const placed = graph.node(step.id);
    const x = placed.x - previewNodeSize.width / 2;
    return {
      id: step.id,
      type: 'preview',
      position: { x: rtl ? -x - previewNodeSize.width : x, y: placed.y - previewNodeSize.height / 2 },
      data: { step, index },
      width: previewNodeSize.width,
      height: previewNodeSize.height,
      sourcePosition: rtl ? Position.Left : Position.Right,
      targetPosition: rtl ? Position.Right : Position.Left,
      draggable: false,
      selectable: false,
      connectable: false,
    };
  });
  return { nodes, edges };
}
