import i18next from 'i18next';
import { applyEdgeChanges, applyNodeChanges, type Edge, type EdgeChange, type NodeChange, type OnConnect } from '@xyflow/react';
import type { StateCreator } from 'zustand';
import type { Position } from '../api/contract';
import { directionOf } from '../i18n/i18n';
import { editorActions } from '../plan-editor/actions';
import { copySteps, type StepClipboard } from '../plan-editor/clipboard';
import { connectionProblem, type Dependency } from '../plan-editor/graph-edit';
import { fromView } from '../plan-editor/graph-layout';
import { toFlow, type PlanFlowNode } from '../plan-editor/graph-to-flow';
import type { AppState } from './app-store';

/** A short message over the canvas, as a translation key and its values. */
export interface CanvasMessage {
  key: string;
  values?: Record<string, string>;
}

/** A request to bring a step (and maybe one of its input fields) into view. */
export interface FocusRequest {
  stepId: string;
  /** A problem path such as `input.query`, when a field should take the focus. */
  path?: string;
  /** Show the whole plan (a small one) rather than centring on the step. */
  fit?: boolean;
  nonce: number;
}

/** What the canvas shows and selects; the plan itself lives in the document slice. */
export interface CanvasSlice {
  nodes: PlanFlowNode[];
  edges: Edge[];
  /** Selected steps (the inspector shows one when exactly one is selected). */
  selectedStepIds: readonly string[];
  canvasMessage: CanvasMessage | null;
  focusRequest: FocusRequest | null;
  /** Steps copied in this session (the system clipboard gets a copy too). */
  clipboard: StepClipboard | null;
  /** Redraws the canvas from the shown graph (the working copy, or the version being viewed). */
  syncCanvas(): void;
  onNodesChange(changes: NodeChange<PlanFlowNode>[]): void;
  onEdgesChange(changes: EdgeChange[]): void;
  onConnect: OnConnect;
  /** Steps and dependencies deleted together (the Delete key, or the inspector). */
  deleteElements(stepIds: string[], dependencies: Dependency[]): void;
  selectStep(stepId: string | null): void;
  selectSteps(stepIds: readonly string[]): void;
  focusStep(stepId: string, path?: string, fit?: boolean): void;
  /** Copies the selected steps; false when nothing is selected. */
  copySelection(): StepClipboard | null;
  /** Pastes steps (from the system clipboard, else this session's), shifted to stay visible. */
  paste(clipboard?: StepClipboard | null): boolean;
  showCanvasMessage(message: CanvasMessage): void;
  clearCanvasMessage(): void;
}

/** How often the same steps were pasted, so repeated pastes fan out instead of piling up. */
const pasteCounts = new Map<string, number>();
const clipboardKey = (clipboard: StepClipboard) => clipboard.steps.map((step) => step.id).join('\n');

const sameIds = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((id, index) => id === b[index]);

export const createCanvasSlice: StateCreator<AppState, [], [], CanvasSlice> = (set, get) => ({
  nodes: [],
  edges: [],
  selectedStepIds: [],
  canvasMessage: null,
  focusRequest: null,
  clipboard: null,

  syncCanvas() {
    const { doc, viewing, language, nodes, edges, agentsById, problemsByStep, selectedStepIds } = get();
    if (!doc) {
      if (nodes.length > 0 || edges.length > 0) set({ nodes: [], edges: [] });
      return;
    }
    const graph = viewing ? viewing.version.graph : doc.graph;
    const positions = { ...(viewing ? viewing.autoPositions : doc.autoPositions), ...graph.layout };
    const ids = new Set(graph.steps.map((step) => step.id));
    const selection = selectedStepIds.filter((id) => ids.has(id));
    const next = toFlow(
      {
        graph,
        positions,
        reading: directionOf(language),
        flow: doc.direction,
        selection: new Set(selection),
        agents: agentsById,
        problems: viewing ? new Map() : problemsByStep,
        overlay: viewing?.comparison?.overlay ?? null,
        forEachLabel: i18next.t('mapStep.edgeLabel', { lng: language }),
      },
      { nodes, edges },
    );
    set({ ...next, ...(sameIds(selection, selectedStepIds) ? {} : { selectedStepIds: selection }) });
  },

  onNodesChange(changes) {
    const nodes = applyNodeChanges(changes, get().nodes);
    const update: Partial<AppState> = { nodes };
    if (changes.some((change) => change.type === 'select')) {
      const selected = nodes.filter((node) => node.selected && node.type === 'step').map((node) => node.id);
      if (!sameIds(selected, get().selectedStepIds)) update.selectedStepIds = selected;
    }
    set(update);
    if (get().viewing) return;
    const dropped: Record<string, Position> = {};
    const reading = directionOf(get().language);
    for (const change of changes) {
      if (change.type !== 'position' || change.dragging !== false) continue;
      const node = nodes.find((candidate) => candidate.id === change.id);
      if (node) dropped[node.id] = fromView(node.position, reading);
    }
    if (Object.keys(dropped).length > 0) get().dispatch(editorActions.moveSteps, { positions: dropped });
  },

  onEdgesChange(changes) {
    // Removals arrive again, with the removed steps, through deleteElements (one undo step).
    set({ edges: applyEdgeChanges(changes, get().edges) });
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
    get().dispatch(editorActions.connect, dependency);
  },

  deleteElements(stepIds, dependencies) {
    get().dispatch(editorActions.deleteElements, { stepIds, dependencies });
  },

  selectStep(stepId) {
    get().selectSteps(stepId ? [stepId] : []);
  },

  selectSteps(stepIds) {
    set((state) => ({
      selectedStepIds: stepIds,
      edges: state.edges.some((edge) => edge.selected) ? state.edges.map((edge) => (edge.selected ? { ...edge, selected: false } : edge)) : state.edges,
    }));
    get().syncCanvas();
  },

  focusStep(stepId, path, fit) {
    get().selectStep(stepId);
    set({ focusRequest: { stepId, ...(path ? { path } : {}), ...(fit ? { fit } : {}), nonce: (get().focusRequest?.nonce ?? 0) + 1 } });
  },

  copySelection() {
    const { doc, viewing, selectedStepIds } = get();
    const graph = viewing ? viewing.version.graph : doc?.graph;
    if (!graph || !doc) return null;
    const clipboard = copySteps(graph, new Set(selectedStepIds), viewing ? viewing.autoPositions : doc.autoPositions);
    if (clipboard) {
      pasteCounts.delete(clipboardKey(clipboard));
      set({ clipboard, canvasMessage: { key: 'clipboard.copied', values: { count: String(clipboard.steps.length) } } });
    }
    return clipboard;
  },

  paste(clipboard) {
    const source = clipboard ?? get().clipboard;
    if (!source) return false;
    const key = clipboardKey(source);
    const times = (pasteCounts.get(key) ?? 0) + 1;
    pasteCounts.set(key, times);
    const done = get().dispatch(editorActions.pasteSteps, { clipboard: source, offset: { x: 40 * times, y: 40 * times } });
    if (done) set({ canvasMessage: { key: 'clipboard.pasted', values: { count: String(source.steps.length) } } });
    return done;
  },

  showCanvasMessage(message) {
    set({ canvasMessage: message });
  },

  clearCanvasMessage() {
    set({ canvasMessage: null });
  },
});
