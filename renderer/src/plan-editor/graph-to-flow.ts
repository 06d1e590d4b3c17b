import { MarkerType, Position as Side, type Edge, type Node, type NodeHandle } from '@xyflow/react';
import { forEachSource, type AgentDescriptor, type PlanGraph, type Position, type Problem, type Step } from '../api/contract';
import type { DiffOverlay, StepDiffMark } from './diff/diff-overlay';
import { sameStep, upstreamOf } from './graph-edit';
import { stepNodeSize, toView, type LayoutDirection } from './graph-layout';

/** What a step node draws. */
export type StepNodeData = {
  step: Step;
  /** The step's agent in the catalog; absent while the catalog loads or when the agent is unknown. */
  agent: AgentDescriptor | undefined;
  /** Problems the linter found in this step. */
  problems: Problem[] | undefined;
  diff: StepDiffMark | undefined;
};
export type StepFlowNode = Node<StepNodeData, 'step'>;

/** A removed step, drawn where it was when two versions are compared. */
export type GhostNodeData = { step: Step };
export type GhostFlowNode = Node<GhostNodeData, 'ghost'>;

export type PlanFlowNode = StepFlowNode | GhostFlowNode;

/** Edge ids name the dependency: `source->target` (target waits for source). */
export function edgeId(source: string, target: string): string {
  return `${source}->${target}`;
}

export const ghostId = (stepId: string) => `ghost:${stepId}`;

/** The edge of a map step's list when the list's step is not one it waits for directly. */
export const forEachEdgeId = (source: string, target: string) => `foreach:${edgeId(source, target)}`;

/** Everything the canvas picture depends on. */
export interface FlowInput {
  graph: PlanGraph;
  positions: Record<string, Position>;
  /** Reading direction: Hebrew mirrors the canvas. */
  reading: 'ltr' | 'rtl';
  flow: LayoutDirection;
  selection: ReadonlySet<string>;
  agents: ReadonlyMap<string, AgentDescriptor>;
  problems: ReadonlyMap<string, Problem[]>;
  overlay: DiffOverlay | null;
  /** The label of the edge from a map step's list ("for each"). */
  forEachLabel?: string;
}

const arrow = { type: MarkerType.ArrowClosed, width: 18, height: 18 } as const;
const addedArrow = { ...arrow, color: 'var(--mantine-color-green-6)' };
const removedArrow = { ...arrow, color: 'var(--mantine-color-red-5)' };
const forEachArrow = { ...arrow, color: 'var(--mantine-color-grape-6)' };
const forEachLabelStyle = { labelBgPadding: [6, 3] as [number, number], labelBgBorderRadius: 8 };

/** Which sides a step's handles sit on. */
export function handleSides(flow: LayoutDirection, reading: 'ltr' | 'rtl'): { source: Side; target: Side } {
  if (flow === 'TB') return { source: Side.Bottom, target: Side.Top };
  return reading === 'rtl' ? { source: Side.Left, target: Side.Right } : { source: Side.Right, target: Side.Left };
}

const handleSize = 14;

/** Where the two handles sit, for each pair of sides (the step node has a fixed size). */
const handleCache = new Map<string, NodeHandle[]>();

/**
 * The handles of a step node, known without drawing it: React Flow otherwise draws every node
 * once to measure its handles, which at 10,000 steps means 10,000 nodes in the page at once.
 */
export function stepHandles(sides: { source: Side; target: Side }): NodeHandle[] {
  const key = `${sides.source}:${sides.target}`;
  const cached = handleCache.get(key);
  if (cached) return cached;
  const centre = (side: Side) => {
    const { width, height } = stepNodeSize;
    const point = side === Side.Left ? { x: 0, y: height / 2 } : side === Side.Right ? { x: width, y: height / 2 } : side === Side.Top ? { x: width / 2, y: 0 } : { x: width / 2, y: height };
    return { x: point.x - handleSize / 2, y: point.y - handleSize / 2, width: handleSize, height: handleSize, position: side };
  };
  const handles: NodeHandle[] = [
    { ...centre(sides.source), type: 'source', id: null },
    { ...centre(sides.target), type: 'target', id: null },
  ];
  handleCache.set(key, handles);
  return handles;
}

const sameMark = (a: StepDiffMark | undefined, b: StepDiffMark | undefined) => a === b || (a?.status === b?.status && a?.moved === b?.moved);

/**
 * The canvas picture of a graph. A node or edge whose inputs did not change is the previous
 * object itself, so React Flow (and the memoized step node) skip it: an edit of one step in a
 * 10,000-step plan redraws one node.
 */
export function toFlow(input: FlowInput, previous: { nodes: PlanFlowNode[]; edges: Edge[] }): { nodes: PlanFlowNode[]; edges: Edge[] } {
  const { graph, positions, reading, selection, agents, problems, overlay } = input;
  const sides = handleSides(input.flow, reading);
  const previousNodes = new Map(previous.nodes.map((node) => [node.id, node]));
  const nodes: PlanFlowNode[] = graph.steps.map((step): StepFlowNode => {
    const before = previousNodes.get(step.id);
    const position = toView(positions[step.id] ?? { x: 0, y: 0 }, reading);
    const agent = agents.get(step.agent);
    const stepProblems = problems.get(step.id);
    const diff = overlay?.marks.get(step.id);
    const selected = selection.has(step.id);
    if (
      before?.type === 'step' &&
      (before.data.step === step || sameStep(before.data.step, step)) &&
      before.data.agent === agent &&
      before.data.problems === stepProblems &&
      sameMark(before.data.diff, diff) &&
      before.position.x === position.x &&
      before.position.y === position.y &&
      before.sourcePosition === sides.source &&
      (before.selected ?? false) === selected
    ) {
      return before;
    }
    return {
      id: step.id,
      type: 'step',
      position,
      ...stepNodeSize,
      handles: stepHandles(sides),
      data: { step, agent, problems: stepProblems, diff },
      sourcePosition: sides.source,
      targetPosition: sides.target,
      selected,
      // Dragging, connecting and deleting follow the canvas's own switches (off while viewing a version).
      // Its size is known before it is drawn, so a view can be fitted to steps never drawn yet.
      measured: before?.measured ?? { ...stepNodeSize },
    };
  });
  for (const ghost of overlay?.ghosts ?? []) {
    const id = ghostId(ghost.step.id);
    const before = previousNodes.get(id);
    const position = toView(ghost.position, reading);
    nodes.push(
      before?.type === 'ghost' && before.data.step === ghost.step && before.position.x === position.x && before.position.y === position.y
        ? before
        : {
            id,
            type: 'ghost',
            position,
            ...stepNodeSize,
            handles: stepHandles(sides),
            data: { step: ghost.step },
            sourcePosition: sides.source,
            targetPosition: sides.target,
            selectable: false,
            draggable: false,
            connectable: false,
            deletable: false,
            measured: before?.measured ?? { ...stepNodeSize },
          },
    );
  }
  return { nodes, edges: edgesOf(input, previous.edges) };
}

/**
 * Dependencies as arrows. A map step's list comes in on its own kind of edge (dashed, "for each"):
 * the dependency edge itself when the map step waits for the list's step directly, else an edge of
 * its own (red when the list's step is not upstream at all, which the linter also reports).
 */
function edgesOf({ graph, overlay, forEachLabel }: FlowInput, previous: Edge[]): Edge[] {
  const previousEdges = new Map(previous.map((edge) => [edge.id, edge]));
  const ids = new Set(graph.steps.map((step) => step.id));
  const reuse = (edge: Edge): Edge => {
    const before = previousEdges.get(edge.id);
    if (before && before.className === edge.className && before.source === edge.source && before.label === edge.label) return before;
    return { ...edge, selected: before?.selected ?? false };
  };
  const edges: Edge[] = [];
  for (const step of graph.steps) {
    const list = forEachSource(step);
    for (const source of step.dependsOn) {
      if (!ids.has(source)) continue;
      const id = edgeId(source, step.id);
      const added = overlay?.addedEdges.has(id) ?? false;
      const classes = [added ? 'diff-added' : '', source === list ? 'for-each-edge' : ''].filter(Boolean).join(' ') || undefined;
      const forEach = source === list ? { label: forEachLabel, ...forEachLabelStyle } : {};
      edges.push(reuse({ id, source, target: step.id, markerEnd: added ? addedArrow : source === list ? forEachArrow : arrow, className: classes, ...forEach }));
    }
    if (list && ids.has(list) && list !== step.id && !step.dependsOn.includes(list)) {
      const upstream = upstreamOf(graph, step.id).has(list);
      edges.push(
        reuse({
          id: forEachEdgeId(list, step.id),
          source: list,
          target: step.id,
          markerEnd: forEachArrow,
          className: upstream ? 'for-each-edge' : 'for-each-edge is-broken',
          label: forEachLabel,
          ...forEachLabelStyle,
          deletable: false,
          selectable: false,
        }),
      );
    }
  }
  if (overlay) {
    const ghosts = new Set(overlay.ghosts.map((ghost) => ghost.step.id));
    for (const { source, target } of overlay.removedEdges) {
      const from = ghosts.has(source) ? ghostId(source) : source;
      const to = ghosts.has(target) ? ghostId(target) : target;
      if ((!ids.has(source) && !ghosts.has(source)) || (!ids.has(target) && !ghosts.has(target))) continue;
      edges.push(reuse({ id: `removed:${edgeId(source, target)}`, source: from, target: to, markerEnd: removedArrow, deletable: false, selectable: false, className: 'diff-removed' }));
    }
  }
  return edges;
}
