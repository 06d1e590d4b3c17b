import { MarkerType, Position as Side, type Edge, type Node } from '@xyflow/react';
import type { PlanGraph, Position } from '../api/contract';
import { toView } from './graph-layout';

/** What a step node draws. */
export type StepNodeData = { title: string; agent: string };
export type StepFlowNode = Node<StepNodeData, 'step'>;

/** Edge ids name the dependency: `source->target` (target waits for source). */
export function edgeId(source: string, target: string): string {
  return `${source}->${target}`;
}

/**
 * The canvas picture of a graph. What React Flow owns on the previous nodes and edges
 * (selection, measured size) carries over, so a rebuild after an edit does not flicker.
 */
export function toFlow(
  graph: PlanGraph,
  positions: Record<string, Position>,
  previous: { nodes: StepFlowNode[]; edges: Edge[] },
  direction: 'ltr' | 'rtl',
  readOnly: boolean,
): { nodes: StepFlowNode[]; edges: Edge[] } {
  const previousNodes = new Map(previous.nodes.map((node) => [node.id, node]));
  const previousEdges = new Map(previous.edges.map((edge) => [edge.id, edge]));
  const ids = new Set(graph.steps.map((step) => step.id));
  const nodes = graph.steps.map((step): StepFlowNode => {
    const before = previousNodes.get(step.id);
    return {
      id: step.id,
      type: 'step',
      position: toView(positions[step.id] ?? { x: 0, y: 0 }, direction),
      data: { title: step.title, agent: step.agent },
      sourcePosition: direction === 'rtl' ? Side.Left : Side.Right,
      targetPosition: direction === 'rtl' ? Side.Right : Side.Left,
      selected: before?.selected ?? false,
      draggable: !readOnly,
      connectable: !readOnly,
      deletable: !readOnly,
      ...(before?.measured ? { measured: before.measured } : {}),
    };
  });
  const edges = graph.steps.flatMap((step) =>
    step.dependsOn
      .filter((source) => ids.has(source))
      .map((source): Edge => {
        const id = edgeId(source, step.id);
        return {
          id,
          source,
          target: step.id,
          markerEnd: { type: MarkerType.ArrowClosed, width: 18, height: 18 },
          selected: previousEdges.get(id)?.selected ?? false,
          deletable: !readOnly,
        };
      }),
  );
  return { nodes, edges };
}
