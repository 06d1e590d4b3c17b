import type { StoreApi } from 'zustand';
import type { AppState } from './app-store';
import { clearDraft, writeDraft } from './draft-store';
import type { OpenPlan } from './document-slice';

/** Waits this long after the last edit before writing the draft; bigger graphs wait longer. */
const delayFor = (steps: number) => 600 + Math.min(4000, steps / 2);

/**
 * Keeps the open plan's unsaved working copy as a draft on the host, a moment after each edit,
 * and removes it once the working copy is saved (or back to the saved version).
 * Returns the unsubscribe.
 */
export function keepDrafts(store: StoreApi<AppState>): () => void {
  /** Plans with a draft on the host, as far as this session knows. */
  const stored = new Set<string>();
  let timer: ReturnType<typeof setTimeout> | null = null;
  let pending: { workspaceId: string; planId: string } | null = null;

  const write = (workspaceId: string, doc: OpenPlan) => {
    const client = store.getState().client;
    if (!client) return;
    const planId = doc.plan.id;
    const report = (error: unknown) => store.getState().reportError(error);
    if (doc.dirty) {
      stored.add(planId);
      const draft = { baseVersion: doc.base.number, savedAt: new Date().toISOString(), graph: doc.graph, handPlaced: [...doc.handPlaced] };
      void writeDraft(client, workspaceId, planId, draft).catch(report);
    } else if (stored.has(planId)) {
      stored.delete(planId);
      void clearDraft(client, workspaceId, planId).catch(report);
    }
  };

  const flush = () => {
    if (timer) clearTimeout(timer);
    timer = null;
    const target = pending;
    pending = null;
    const { doc, workspaceId } = store.getState();
    if (target && doc && doc.plan.id === target.planId && workspaceId === target.workspaceId) write(workspaceId, doc);
  };

  const unsubscribe = store.subscribe((state, previous) => {
    const doc = state.doc;
    const before = previous.doc;
    // Leaving a plan writes its draft at once rather than losing the last edits.
    if (before && before.plan.id !== doc?.plan.id && pending?.planId === before.plan.id) {
      if (timer) clearTimeout(timer);
      timer = null;
      pending = null;
      if (previous.workspaceId) write(previous.workspaceId, before);
    }
    if (!doc || !state.workspaceId) return;
    if (doc.restoredDraft) stored.add(doc.plan.id);
    if (before?.plan.id === doc.plan.id && before.graph === doc.graph && before.dirty === doc.dirty) return;
    if (before?.plan.id !== doc.plan.id) return;
    pending = { workspaceId: state.workspaceId, planId: doc.plan.id };
    if (timer) clearTimeout(timer);
    timer = setTimeout(flush, delayFor(doc.graph.steps.length));
  });

  window.addEventListener('pagehide', flush);
  return () => {
    unsubscribe();
    window.removeEventListener('pagehide', flush);
  };
}
