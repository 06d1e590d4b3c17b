import type { StateCreator } from 'zustand';
import i18next from 'i18next';
import type { PlanDiff, PlanVersion, Position, VersionSummary } from '../api/contract';
import { editorActions } from '../plan-editor/actions';
import { overlayOf, type DiffOverlay } from '../plan-editor/diff/diff-overlay';
import { drawnPositions } from '../plan-editor/graph-layout';
import { downloadText } from '../shell/download-text';
import type { AppState } from './app-store';

/** Two versions compared: the newer one is on the canvas with the overlay. */
export interface Comparison {
  from: PlanVersion;
  diff: PlanDiff;
  overlay: DiffOverlay;
  /** How long the host took to diff, and the overlay to build (ms). */
  took: number;
}

/** A saved version shown read-only on the canvas, alone or compared with an older one. */
export interface ViewedVersion {
  version: PlanVersion;
  autoPositions: Record<string, Position>;
  comparison: Comparison | null;
}

export interface VersionsSlice {
  versions: VersionSummary[];
  viewing: ViewedVersion | null;
  refreshVersions(): Promise<void>;
  viewVersion(number: number): Promise<void>;
  /** Shows `to` with what changed since `from` (added green, changed amber, removed red, moved violet). */
  compareVersions(from: number, to: number): Promise<void>;
  stopViewing(): void;
  restoreVersion(number: number): Promise<void>;
  exportPlan(): Promise<void>;
}

/** Versions are immutable, so the last few fetched are kept for viewing and comparing again. */
const versionCache = new Map<string, PlanVersion>();

export const createVersionsSlice: StateCreator<AppState, [], [], VersionsSlice> = (set, get) => {
  /** The workspace and plan of the open document, or null when none is open. */
  const ref = () => {
    const { doc, workspaceId } = get();
    return doc && workspaceId ? { workspaceId, planId: doc.plan.id } : null;
  };
  const fetchVersion = async (number: number): Promise<PlanVersion> => {
    const target = ref();
    if (!target) throw new Error('No plan is open.');
    const key = `${target.planId}:${number}`;
    const cached = versionCache.get(key);
    if (cached) return cached;
    const { version } = await get().api().plans.get({ ...target, version: number });
    versionCache.set(key, version);
    if (versionCache.size > 8) versionCache.delete(versionCache.keys().next().value as string);
    return version;
  };

  return {
    versions: [],
    viewing: null,

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
      try {
        const version = await fetchVersion(number);
        set({ viewing: { version, autoPositions: drawnPositions(version.graph), comparison: null }, canvasMessage: null });
        get().syncCanvas();
      } catch (error) {
        get().reportError(error);
      }
    },

    async compareVersions(from, to) {
      const target = ref();
      if (!target || from === to) return;
      const [older, newer] = from < to ? [from, to] : [to, from];
      try {
        const started = performance.now();
        const [diff, fromVersion, toVersion] = await Promise.all([
          get().api().plans.diff({ ...target, from: older, to: newer }),
          fetchVersion(older),
          fetchVersion(newer),
        ]);
        const autoPositions = drawnPositions(toVersion.graph);
        const overlay = overlayOf(diff, { graph: fromVersion.graph, positions: drawnPositions(fromVersion.graph) }, { graph: toVersion.graph, positions: autoPositions });
        set({
          viewing: {
            version: toVersion,
            autoPositions,
            comparison: { from: fromVersion, diff, overlay, took: performance.now() - started },
          },
          canvasMessage: null,
        });
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
        const version = await get().ownWrite(() => get().api().plans.restore({ ...target, version: number }));
        set({ viewing: null });
        // The working copy becomes the restored graph as one undoable step, then the base follows.
        get().dispatch(editorActions.replaceGraph, { graph: version.graph, reason: 'restore' });
        get().rebase({ ...doc.plan, headVersion: version.number, updatedAt: version.createdAt }, version);
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
