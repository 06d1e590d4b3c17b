import type { StateCreator } from 'zustand';
import i18next from 'i18next';
import type { Plan, PlanGraph, PlanVersion, Position } from '../api/contract';
import { editorActions, type EditorAction } from '../plan-editor/actions';
import { redoState, runAction, undoState, type EditorState } from '../plan-editor/actions/dispatch';
import { sameGraph } from '../plan-editor/graph-edit';
import { drawnPositions, layoutRequestOf, tidyPositions, type LayoutDirection } from '../plan-editor/graph-layout';
import { emptyHistory, sealLast, type OperationHistory } from '../plan-editor/history/operation-history';
import { computeLayout } from '../plan-editor/layout/layout-client';
import type { AppState } from './app-store';
import { clearDraft, readDraft, type Draft } from './draft-store';

/** Above this many unplaced steps, their first places are computed off the main thread. */
const syncLayoutLimit = 1500;

/** The plan being edited: the version it started from, the working copy and its operation history. */
export interface OpenPlan {
  plan: Plan;
  /** The version the working copy was loaded from (the head, after a save or restore). */
  base: PlanVersion;
  /** The working copy of the graph. */
  graph: PlanGraph;
  /** Steps a person placed by dragging; "tidy" leaves them where they are. */
  handPlaced: ReadonlySet<string>;
  /** Every edit of this session, for undo and redo. Kept when the person visits other pages. */
  history: OperationHistory;
  /** Positions drawn for steps the stored layout does not place. */
  autoPositions: Record<string, Position>;
  /** The working copy differs from {@link base}. */
  dirty: boolean;
  /** Which way the graph flows on the canvas. */
  direction: LayoutDirection;
  /** Set when the working copy was brought back from a draft kept by an earlier session. */
  restoredDraft: { savedAt: string; baseVersion: number } | null;
}

export interface DocumentSlice {
  doc: OpenPlan | null;
  loadingPlanId: string | null;
  /** A layout is being computed. */
  layoutBusy: boolean;
  /** Counts finished auto layouts (benchmarks and tests wait on it). */
  layoutRuns: number;
  openPlan(planId: string): Promise<void>;
  /** Puts the open plan aside (its working copy and history stay for this session). */
  closePlan(): void;
  /** Forgets a plan's working copy and history (it was deleted). */
  forgetPlan(planId: string): void;
  /** Runs one edit; every change of the working copy goes through here. False when nothing changed. */
  dispatch<Args>(action: EditorAction<Args>, args: Args): boolean;
  undo(): void;
  redo(): void;
  /** The next `eventually` edit starts a new undo step (a field lost focus). */
  sealHistory(): void;
  /** Replaces the working copy with the version it came from (undoable). */
  discardDraft(): void;
  /** Hides the note about a draft brought back from an earlier session. */
  keepDraft(): void;
  /** Auto layout: `all` re-places every step, else steps placed by hand stay. */
  autoLayoutPlan(all: boolean): Promise<void>;
  setDirection(direction: LayoutDirection): void;
  saveVersion(message: string): Promise<boolean>;
  /** A new base after a save or restore on the host; the working copy follows as `graph`. */
  rebase(plan: Plan, version: PlanVersion): void;
  /**
   * A newer head saved elsewhere (another window, the CLI, the replanner): an unchanged working
   * copy takes it as one undoable step; unsaved changes stay, and the person is told.
   */
  followHead(headVersion: number): Promise<void>;
  /** Runs a save or restore of this window; heads announced meanwhile are its own. */
  ownWrite<T>(write: () => Promise<T>): Promise<T>;
}

/** Working copies of plans opened earlier in this session, by plan id. */
const sessions = new Map<string, OpenPlan>();

/** Saves and restores of this window still waiting for the host. */
let ownWrites = 0;

const directionKey = (planId: string) => `tizmor.layoutDirection.${planId}`;

function rememberedDirection(planId: string): LayoutDirection {
  return localStorage.getItem(directionKey(planId)) === 'TB' ? 'TB' : 'LR';
}

function firstPositions(graph: PlanGraph, direction: LayoutDirection): Record<string, Position> {
  return drawnPositions(graph, direction, syncLayoutLimit);
}

function loaded(plan: Plan, version: PlanVersion): OpenPlan {
  const direction = rememberedDirection(plan.id);
  return {
    plan,
    base: version,
    graph: version.graph,
    handPlaced: new Set(),
    history: emptyHistory,
    autoPositions: firstPositions(version.graph, direction),
    dirty: false,
    direction,
    restoredDraft: null,
  };
}

/** The loaded plan with its draft laid over it, as one undoable step (undo shows the saved version). */
function withDraft(doc: OpenPlan, draft: Draft): OpenPlan {
  const state: EditorState = { document: { graph: doc.graph, handPlaced: doc.handPlaced }, history: doc.history, selection: [] };
  const next = runAction(state, editorActions.replaceGraph, { graph: draft.graph, reason: 'draft', handPlaced: new Set(draft.handPlaced) }, Date.now());
  if (!next) return doc;
  return {
    ...doc,
    graph: next.document.graph,
    handPlaced: next.document.handPlaced,
    history: next.history,
    autoPositions: { ...doc.autoPositions, ...firstPositions(next.document.graph, doc.direction) },
    dirty: !sameGraph(next.document.graph, doc.base.graph),
    restoredDraft: { savedAt: draft.savedAt, baseVersion: draft.baseVersion },
  };
}

export const createDocumentSlice: StateCreator<AppState, [], [], DocumentSlice> = (set, get) => {
  const editorState = (doc: OpenPlan): EditorState => ({
    document: { graph: doc.graph, handPlaced: doc.handPlaced },
    history: doc.history,
    selection: get().selectedStepIds,
  });

  const commit = (doc: OpenPlan, next: EditorState) => {
    const graph = next.document.graph;
    const missing = graph.steps.some((step) => !graph.layout[step.id] && !doc.autoPositions[step.id]);
    set({
      doc: {
        ...doc,
        graph,
        handPlaced: next.document.handPlaced,
        history: next.history,
        autoPositions: missing ? { ...doc.autoPositions, ...firstPositions(graph, doc.direction) } : doc.autoPositions,
        dirty: !sameGraph(graph, doc.base.graph),
      },
      selectedStepIds: next.selection,
    });
    get().syncCanvas();
    if (graph !== doc.graph) get().scheduleValidation();
  };

  /** Lays out, off the main thread, steps that only have stand-in grid places. */
  const settleBigLayout = async (doc: OpenPlan) => {
    const unplaced = doc.graph.steps.filter((step) => !doc.graph.layout[step.id]);
    if (unplaced.length <= syncLayoutLimit) return;
    set({ layoutBusy: true });
    const full = await computeLayout(layoutRequestOf(doc.graph, doc.direction));
    const kept = new Set(doc.graph.steps.filter((step) => doc.graph.layout[step.id]).map((step) => step.id));
    const autoPositions = tidyPositions(full, doc.graph.layout, kept, doc.direction);
    const now = get().doc;
    set({ layoutBusy: false });
    if (now?.plan.id !== doc.plan.id) return;
    set({ doc: { ...now, autoPositions: { ...now.autoPositions, ...autoPositions } }, layoutRuns: get().layoutRuns + 1 });
    get().syncCanvas();
  };

  return {
    doc: null,
    loadingPlanId: null,
    layoutBusy: false,
    layoutRuns: 0,

    async openPlan(planId) {
      const workspaceId = get().workspaceId;
      if (!workspaceId || get().doc?.plan.id === planId || get().loadingPlanId === planId) return;
      get().closePlan();
      set({ loadingPlanId: planId });
      try {
        // The catalog comes with the plan, so the canvas is drawn once with agents known.
        const [{ plan, version }, draft] = await Promise.all([
          get().api().plans.get({ workspaceId, planId }),
          readDraft(get().api(), workspaceId, planId),
          get().loadAgents(),
        ]);
        if (get().loadingPlanId !== planId) return;
        const cached = sessions.get(planId);
        sessions.delete(planId);
        let doc: OpenPlan;
        if (cached && cached.plan.headVersion === plan.headVersion) doc = cached;
        else {
          doc = loaded(plan, version);
          if (draft && !sameGraph(draft.graph, version.graph)) doc = withDraft(doc, draft);
          else if (draft) void clearDraft(get().api(), workspaceId, planId).catch(get().reportError);
        }
        set({ doc, loadingPlanId: null, selectedStepIds: [] });
        get().syncCanvas();
        void settleBigLayout(doc);
        get().scheduleValidation(0);
        await get().refreshVersions();
      } catch (error) {
        set({ loadingPlanId: null });
        get().reportError(error);
        get().navigate({ page: 'plans' });
      }
    },

    closePlan() {
      const doc = get().doc;
      if (doc) sessions.set(doc.plan.id, doc);
      set({
        doc: null,
        loadingPlanId: null,
        viewing: null,
        versions: [],
        selectedStepIds: [],
        canvasMessage: null,
        problems: [],
        problemsByStep: new Map(),
      });
      get().syncCanvas();
    },

    forgetPlan(planId) {
      sessions.delete(planId);
      if (get().doc?.plan.id === planId) {
        set({ doc: null });
        get().closePlan();
      }
    },

    dispatch(action, args) {
      const { doc, viewing } = get();
      if (!doc || viewing) return false;
      const next = runAction(editorState(doc), action, args, Date.now());
      if (!next) return false;
      commit(doc, next);
      return true;
    },

    undo() {
      const { doc, viewing } = get();
      if (!doc || viewing) return;
      const next = undoState(editorState(doc));
      if (next) commit(doc, next);
    },

    redo() {
      const { doc, viewing } = get();
      if (!doc || viewing) return;
      const next = redoState(editorState(doc));
      if (next) commit(doc, next);
    },

    sealHistory() {
      const doc = get().doc;
      if (!doc) return;
      const history = sealLast(doc.history);
      if (history !== doc.history) set({ doc: { ...doc, history } });
    },

    discardDraft() {
      const doc = get().doc;
      if (!doc) return;
      get().dispatch(editorActions.replaceGraph, { graph: doc.base.graph, reason: 'discard' });
      const now = get().doc;
      if (now) set({ doc: { ...now, restoredDraft: null } });
    },

    keepDraft() {
      const doc = get().doc;
      if (doc) set({ doc: { ...doc, restoredDraft: null } });
    },

    async autoLayoutPlan(all) {
      const doc = get().doc;
      if (!doc || get().viewing || get().layoutBusy) return;
      set({ layoutBusy: true });
      try {
        const full = await computeLayout(layoutRequestOf(doc.graph, doc.direction));
        const now = get().doc;
        if (now?.plan.id !== doc.plan.id) return;
        const current = { ...now.autoPositions, ...now.graph.layout };
        const positions = all ? full : tidyPositions(full, current, now.handPlaced, now.direction);
        get().dispatch(editorActions.applyLayout, { positions, all });
        set({ layoutRuns: get().layoutRuns + 1 });
      } finally {
        set({ layoutBusy: false });
      }
    },

    setDirection(direction) {
      const doc = get().doc;
      if (!doc || doc.direction === direction) return;
      localStorage.setItem(directionKey(doc.plan.id), direction);
      set({ doc: { ...doc, direction } });
      get().syncCanvas();
      void get().autoLayoutPlan(true);
    },

    async saveVersion(message) {
      const { doc, workspaceId } = get();
      if (!doc || !workspaceId) return false;
      get().dispatch(editorActions.fillLayout, { positions: doc.autoPositions });
      const graph = get().doc?.graph ?? doc.graph;
      try {
        const version = await get().ownWrite(() =>
          get().api().plans.saveVersion({ workspaceId, planId: doc.plan.id, graph, message, baseVersion: doc.plan.headVersion }),
        );
        get().rebase({ ...doc.plan, headVersion: version.number, updatedAt: version.createdAt }, version);
        await get().refreshVersions();
        return true;
      } catch (error) {
        get().reportError(error);
        return false;
      }
    },

    async ownWrite(write) {
      ownWrites += 1;
      try {
        return await write();
      } finally {
        ownWrites -= 1;
      }
    },

    async followHead(headVersion) {
      const { doc, workspaceId } = get();
      if (!doc || !workspaceId || ownWrites > 0 || headVersion <= doc.plan.headVersion) return;
      if (doc.dirty) {
        // Versions are append-only: saving these changes adds a version after that one, which stays in the history.
        set({ doc: { ...doc, plan: { ...doc.plan, headVersion } } });
        get().showInfo(i18next.t('versions.newerElsewhere', { number: headVersion }));
        return;
      }
      try {
        const { plan, version } = await get().api().plans.get({ workspaceId, planId: doc.plan.id });
        const now = get().doc;
        if (!now || now.plan.id !== plan.id || now.dirty || ownWrites > 0 || version.number <= now.plan.headVersion) return;
        if (!get().viewing) get().dispatch(editorActions.replaceGraph, { graph: version.graph, reason: 'replan' });
        else set({ doc: { ...now, graph: version.graph } });
        get().rebase(plan, version);
      } catch (error) {
        get().reportError(error);
      }
    },

    rebase(plan, version) {
      const doc = get().doc;
      if (!doc || doc.plan.id !== plan.id) return;
      set({ doc: { ...doc, plan, base: version, dirty: !sameGraph(doc.graph, version.graph), restoredDraft: null } });
      get().syncCanvas();
    },
  };
};
