import {
  applyEdgeChanges,
  applyNodeChanges,
  type Edge,
  type OnConnect,
  type OnEdgesChange,
  type OnNodesChange,
} from '@xyflow/react';
import type { StateCreator } from 'zustand';
import type { Position } from '../api/contract';
import { directionOf } from '../i18n/i18n';
import { addDependency, connectionProblem, moveSteps, removeDependencies, removeSteps } from '../plan-editor/graph-edit';
import { fromView } from '../plan-editor/graph-layout';
import { toFlow, type StepFlowNode } from '../plan-editor/graph-to-flow';
import type { AppState } from './app-store';

/** A short message over the canvas, as a translation key and its values. */
export interface CanvasMessage {
  key: string;
  values?: Record<string, string>;
}

/** What the canvas shows and selects; the plan itself lives in the document slice. */
export interface CanvasSlice {
  nodes: StepFlowNode[];
  edges: Edge[];
  selectedStepId: string | null;
  canvasMessage: CanvasMessage | null;
  /** Redraws the canvas from the shown graph (the working copy, or the version being viewed). */
  syncCanvas(): void;
  onNodesChange: OnNodesChange<StepFlowNode>;
  onEdgesChange: OnEdgesChange;
  onConnect: OnConnect;
  selectStep(stepId: string | null): void;
  clearCanvasMessage(): void;
}

export const createCanvasSlice: StateCreator<AppState, [], [], CanvasSlice> = (set, get) => ({
  nodes: [],
  edges: [],
  selectedStepId: null,
  canvasMessage: null,

  syncCanvas() {
    const { doc, viewing, language, nodes, edges } = get();
    if (!doc) {
      set({ nodes: [], edges: [], selectedStepId: null });
      return;
    }
    const graph = viewing ? viewing.version.graph : doc.graph;
    const positions = { ...(viewing ? viewing.autoPositions : doc.autoPositions), ...graph.layout };
    const next = toFlow(graph, positions, { nodes, edges }, directionOf(language), viewing !== null);
    const selectedStepId = get().selectedStepId;
    set({
      ...next,
      selectedStepId: selectedStepId && graph.steps.some((step) => step.id === selectedStepId) ? selectedStepId : null,
    });
  },

  onNodesChange(changes) {
    const nodes = applyNodeChanges(changes, get().nodes);
    const selected = nodes.filter((node) => node.selected);
    set({ nodes, selectedStepId: selected.length === 1 ? (selected[0]?.id ?? null) : null });
    if (get().viewing) return;

    const removed = new Set(changes.flatMap((change) => (change.type === 'remove' ? [change.id] : [])));
    const dropped: Record<string, Position> = {};
    const direction = directionOf(get().language);
    for (const change of changes) {
      if (change.type !== 'position' || change.dragging !== false) continue;
      const node = nodes.find((candidate) => candidate.id === change.id);
      if (node) dropped[node.id] = fromView(node.position, direction);
    }
    if (removed.size > 0 || Object.keys(dropped).length > 0) {
      get().editGraph((graph) => moveSteps(removeSteps(graph, removed), dropped));
    }
  },

  onEdgesChange(changes) {
    const before = get().edges;
    set({ edges: applyEdgeChanges(changes, before) });
    if (get().viewing) return;
    const removed = changes.flatMap((change) =>
      change.type === 'remove'
        ? before.filter((edge) => edge.id === change.id).map(({ source, target }) => ({ source, target }))
        : [],
    );
    if (removed.length > 0) get().editGraph((graph) => removeDependencies(graph, removed));
  },

  onConnect({ source, target }) {
    const { doc, viewing } = get();
    if (!doc || viewing || !source || !target) return;
    const dependency = { source, target };
    const problem = connectionProblem(doc.graph, dependency);
    if (problem) {
      const titleOf = (id: string) => doc.graph.steps.find((step) => step.id === id)?.title ?? id;
      const key = problem === 'self' ? 'plan.selfLoop' : problem === 'duplicate' ? 'plan.duplicateEdge' : 'plan.cycle';
      set({ canvasMessage: { key, values: { source: titleOf(source), target: titleOf(target) } } });
      return;
    }
    set({ canvasMessage: null });
    get().editGraph((graph) => addDependency(graph, dependency));
  },

  selectStep(stepId) {
    set((state) => ({
      selectedStepId: stepId,
      nodes: state.nodes.map((node) => ({ ...node, selected: node.id === stepId })),
      edges: state.edges.map((edge) => (edge.selected ? { ...edge, selected: false } : edge)),
    }));
  },

  clearCanvasMessage() {
    set({ canvasMessage: null });
  },
});
