import type { StateCreator } from 'zustand';
import i18next from 'i18next';
import type { Plan, PlanGraph, PlanVersion, Position, VersionSummary } from '../api/contract';
import { sameGraph, withFullLayout } from '../plan-editor/graph-edit';
import { autoLayout } from '../plan-editor/graph-layout';
import { downloadText } from '../shell/download-text';
import type { AppState } from './app-store';

/** The plan being edited: the version it started from and the working copy. */
export interface OpenPlan {
  plan: Plan;
  /** The version the working copy was loaded from (the head, after a save or restore). */
  base: PlanVersion;
  /** The working copy of the graph. */
  graph: PlanGraph;
  /** Positions drawn for steps the stored layout does not place. */
  autoPositions: Record<string, Position>;
  /** The working copy differs from {@link base}. */
  dirty: boolean;
}

/** An older version shown read-only on the canvas. */
export interface ViewedVersion {
  version: PlanVersion;
  autoPositions: Record<string, Position>;
}

export interface DocumentSlice {
  doc: OpenPlan | null;
  loadingPlanId: string | null;
  versions: VersionSummary[];
  viewing: ViewedVersion | null;
  openPlan(planId: string): Promise<void>;
  closePlan(): void;
  /** Applies one edit to the working copy; every canvas and inspector change goes through here. */
  editGraph(edit: (graph: PlanGraph) => PlanGraph): void;
  saveVersion(message: string): Promise<boolean>;
  refreshVersions(): Promise<void>;
  viewVersion(number: number): Promise<void>;
  stopViewing(): void;
  restoreVersion(number: number): Promise<void>;
  exportPlan(): Promise<void>;
}

function loaded(plan: Plan, version: PlanVersion): OpenPlan {
  return { plan, base: version, graph: version.graph, autoPositions: autoLayout(version.graph), dirty: false };
}

export const createDocumentSlice: StateCreator<AppState, [], [], DocumentSlice> = (set, get) => {
  /** The workspace and plan of the open document, or null when none is open. */
  const ref = () => {
    const { doc, workspaceId } = get();
    return doc && workspaceId ? { workspaceId, planId: doc.plan.id } : null;
  };

  return {
    doc: null,
    loadingPlanId: null,
    versions: [],
    viewing: null,

    async openPlan(planId) {
      const workspaceId = get().workspaceId;
      if (!workspaceId || get().doc?.plan.id === planId || get().loadingPlanId === planId) return;
      set({ loadingPlanId: planId, doc: null, viewing: null, versions: [], selectedStepId: null, canvasMessage: null });
      get().syncCanvas();
      try {
        const { plan, version } = await get().api().plans.get({ workspaceId, planId });
        if (get().loadingPlanId !== planId) return;
        set({ doc: loaded(plan, version), loadingPlanId: null });
        get().syncCanvas();
        await get().refreshVersions();
      } catch (error) {
        set({ loadingPlanId: null });
        get().reportError(error);
        get().navigate({ page: 'plans' });
      }
    },

    closePlan() {
      set({ doc: null, loadingPlanId: null, viewing: null, versions: [], selectedStepId: null, canvasMessage: null });
      get().syncCanvas();
    },

    editGraph(edit) {
      const { doc, viewing } = get();
      if (!doc || viewing) return;
      const graph = edit(doc.graph);
      if (graph === doc.graph) return;
      set({ doc: { ...doc, graph, dirty: !sameGraph(graph, doc.base.graph) } });
      get().syncCanvas();
    },

    async saveVersion(message) {
      const target = ref();
      const doc = get().doc;
      if (!target || !doc) return false;
      try {
        const version = await get().api().plans.saveVersion({
          ...target,
          graph: withFullLayout(doc.graph, doc.autoPositions),
          message,
          baseVersion: doc.plan.headVersion,
        });
        const plan = { ...doc.plan, headVersion: version.number, updatedAt: version.createdAt };
        set({ doc: loaded(plan, version) });
        get().syncCanvas();
        await get().refreshVersions();
        return true;
      } catch (error) {
        get().reportError(error);
        return false;
      }
    },

    async refreshVersions() {
      const target = ref();
      if (!target) return;
      try {
        const versions = await get().api().plans.versions(target);
        if (get().doc?.plan.id === target.planId) set({ versions });
      } catch (error) {
        get().reportError(error);
      }
    },

    async viewVersion(number) {
      const target = ref();
      if (!target) return;
      try {
        const { version } = await get().api().plans.get({ ...target, version: number });
        set({ viewing: { version, autoPositions: autoLayout(version.graph) }, canvasMessage: null });
        get().syncCanvas();
      } catch (error) {
        get().reportError(error);
      }
    },

    stopViewing() {
      set({ viewing: null });
      get().syncCanvas();
    },

    async restoreVersion(number) {
      const target = ref();
      const doc = get().doc;
      if (!target || !doc) return;
      try {
        const version = await get().api().plans.restore({ ...target, version: number });
        const plan = { ...doc.plan, headVersion: version.number, updatedAt: version.createdAt };
        set({ doc: loaded(plan, version), viewing: null });
        get().syncCanvas();
        get().showInfo(i18next.t('versions.restored', { from: number, to: version.number }));
        await get().refreshVersions();
      } catch (error) {
        get().reportError(error);
      }
    },

    async exportPlan() {
      const target = ref();
      if (!target) return;
      const viewed = get().viewing?.version.number;
      try {
        const file = await get().api().plans.exportFile(viewed ? { ...target, version: viewed } : target);
        downloadText(file.fileName, file.content, 'application/json');
      } catch (error) {
        get().reportError(error);
      }
    },
  };
};
