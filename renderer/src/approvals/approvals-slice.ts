import i18next from 'i18next';
import type { StateCreator } from 'zustand';
import { parseItemStepId, TizmorError, type Approval, type PlanGraph, type RunSummary } from '../api/contract';
import type { AppState } from '../store/app-store';
import type { ItemDecision } from './map-approvals';

/** What an approval needs to say about its run: the run, and each step's title and agent. */
export interface RunInfo {
  run: RunSummary;
  steps: Record<string, { title: string; agentId: string }>;
}

/** The title and agent of the step an approval is about; an item of a map step is told by its map step. */
export function stepInfoOf(info: RunInfo | null | undefined, stepId: string): { title: string; agentId: string } | undefined {
  return info?.steps[stepId] ?? info?.steps[parseItemStepId(stepId)?.stepId ?? ''];
}

/** A person's answer to an approval, as the dialog gathers it. */
export interface Decision {
  decision: 'approve' | 'reject' | 'skip';
  editedInput?: Record<string, unknown>;
  answer?: Record<string, unknown>;
  comment?: string;
  /** Approve the other steps of this agent in this run too, now and as they come (while the app stays open). */
  allOfAgent?: boolean;
}

/** Pending approvals across the workspace, the one the dialog shows, and the answers. */
export interface ApprovalsSlice {
  pendingApprovals: Approval[];
  runInfo: Record<string, RunInfo>;
  /** The approval the person opened from the Approvals page or a run, shown before any other. */
  reviewingApprovalId: string | null;
  /** Approvals put off with "Later": the dialog does not open by itself for them again. */
  laterApprovalIds: string[];
  /** Per run, the agents whose policy approvals are answered "approve" without asking (this session only). */
  approveAllOf: Record<string, string[]>;
  loadApprovals(): Promise<void>;
  rememberRunInfo(run: RunSummary, graph: PlanGraph): void;
  ensureRunInfo(runId: string): Promise<RunInfo | null>;
  reviewApproval(approvalId: string | null): void;
  putOffApproval(approvalId: string): void;
  /** "Later" for the items of a map step, all at once. */
  putOffApprovals(approvalIds: readonly string[]): void;
  /** Answers an approval; returns the host's refusal, or null when it was taken. */
  decideApproval(approval: Approval, decision: Decision): Promise<string | null>;
  /** Answers many approvals in one call (the items of a map step); all are taken, or none and the host's refusal comes back. */
  decideApprovals(decisions: ItemDecision[]): Promise<string | null>;
  /** Host events: an approval was requested or answered (by anyone). */
  receiveApproval(approval: Approval, change: 'requested' | 'resolved'): void;
}

const byRequestTime = (a: Approval, b: Approval) => a.requestedAt.localeCompare(b.requestedAt);

export const createApprovalsSlice: StateCreator<AppState, [], [], ApprovalsSlice> = (set, get) => {
  const loadingInfo = new Map<string, Promise<RunInfo | null>>();

  const removePending = (...approvalIds: string[]) => {
    const ids = new Set(approvalIds);
    set((state) => ({
      pendingApprovals: state.pendingApprovals.filter((approval) => !ids.has(approval.id)),
      reviewingApprovalId: state.reviewingApprovalId && ids.has(state.reviewingApprovalId) ? null : state.reviewingApprovalId,
    }));
  };

  const updateRunView = (...approvals: Approval[]) => {
    const view = get().runView;
    const shown = approvals.filter((approval) => approval.runId === view?.runId);
    if (!view || shown.length === 0) return;
    const byId = new Map(shown.map((approval) => [approval.id, approval]));
    const known = new Set(view.approvals.map((existing) => existing.id));
    set({
      runView: {
        ...view,
        approvals: [...view.approvals.map((existing) => byId.get(existing.id) ?? existing), ...shown.filter((approval) => !known.has(approval.id))],
      },
    });
  };

  /** A policy approval of an agent the person chose to approve throughout this run is answered here. */
  const answerIfRemembered = async (approval: Approval) => {
    if (approval.kind !== 'policy' || !get().approveAllOf[approval.runId]) return;
    const info = await get().ensureRunInfo(approval.runId);
    const agentId = stepInfoOf(info, approval.stepId)?.agentId;
    if (!agentId || !get().approveAllOf[approval.runId]?.includes(agentId)) return;
    if (!get().pendingApprovals.some((pending) => pending.id === approval.id)) return;
    await get().decideApproval(approval, { decision: 'approve', comment: i18next.t('approvalDialog.autoComment', { agent: agentId }) });
  };

  return {
    pendingApprovals: [],
    runInfo: {},
    reviewingApprovalId: null,
    laterApprovalIds: [],
    approveAllOf: {},

    async loadApprovals() {
      const workspaceId = get().workspaceId;
      if (!workspaceId) return;
      try {
        const approvals = await get().api().approvals.list({ workspaceId, status: 'pending' });
        if (get().workspaceId !== workspaceId) return;
        set({ pendingApprovals: [...approvals].sort(byRequestTime) });
        for (const runId of new Set(approvals.map((approval) => approval.runId))) void get().ensureRunInfo(runId);
      } catch (error) {
        get().reportError(error);
      }
    },

    rememberRunInfo(run, graph) {
      const steps = Object.fromEntries(graph.steps.map((step) => [step.id, { title: step.title, agentId: step.agent }]));
      set((state) => ({ runInfo: { ...state.runInfo, [run.id]: { run, steps } } }));
    },

    ensureRunInfo(runId) {
      const known = get().runInfo[runId];
      if (known) return Promise.resolve(known);
      const loading = loadingInfo.get(runId);
      if (loading) return loading;
      const load = (async (): Promise<RunInfo | null> => {
        const workspaceId = get().workspaceId;
        if (!workspaceId) return null;
        try {
          const detail = await get().api().runs.get({ workspaceId, runId });
          const { planId, planVersion } = detail.run;
          const version =
            planId && planVersion
              ? await get()
                  .api()
                  .plans.get({ workspaceId, planId, version: planVersion })
                  .catch(() => null)
              : null;
          const titles = new Map(version?.version.graph.steps.map((step) => [step.id, step.title]) ?? []);
          const steps = Object.fromEntries(detail.steps.map((step) => [step.stepId, { title: titles.get(step.stepId) ?? step.stepId, agentId: step.agentId }]));
          const info: RunInfo = { run: detail.run, steps };
          set((state) => ({ runInfo: { ...state.runInfo, [runId]: info } }));
          return info;
        } catch {
          return null;
        } finally {
          loadingInfo.delete(runId);
        }
      })();
      loadingInfo.set(runId, load);
      return load;
    },

    reviewApproval(approvalId) {
      set((state) => ({
        reviewingApprovalId: approvalId,
        laterApprovalIds: approvalId ? state.laterApprovalIds.filter((id) => id !== approvalId) : state.laterApprovalIds,
      }));
    },

    putOffApproval(approvalId) {
      get().putOffApprovals([approvalId]);
    },

    putOffApprovals(approvalIds) {
      set((state) => ({
        laterApprovalIds: [...state.laterApprovalIds, ...approvalIds.filter((id) => !state.laterApprovalIds.includes(id))],
        reviewingApprovalId: state.reviewingApprovalId && approvalIds.includes(state.reviewingApprovalId) ? null : state.reviewingApprovalId,
      }));
    },

    async decideApproval(approval, { decision, editedInput, answer, comment, allOfAgent }) {
      const workspaceId = get().workspaceId;
      if (!workspaceId) return null;
      try {
        const decided = await get()
          .api()
          .approvals.decide({ workspaceId, approvalId: approval.id, decision, editedInput, answer, comment: comment?.trim() || undefined });
        removePending(approval.id);
        updateRunView(decided);
      } catch (error) {
        // Answered elsewhere (another window, the CLI): it is no longer pending here either.
        if (error instanceof TizmorError && error.code === 'conflict') removePending(approval.id);
        return error instanceof Error ? error.message : String(error);
      }
      if (allOfAgent && decision === 'approve') {
        const agentId = stepInfoOf(get().runInfo[approval.runId], approval.stepId)?.agentId;
        if (agentId) {
          set((state) => ({ approveAllOf: { ...state.approveAllOf, [approval.runId]: [...(state.approveAllOf[approval.runId] ?? []), agentId] } }));
          for (const other of get().pendingApprovals.filter((pending) => pending.runId === approval.runId)) void answerIfRemembered(other);
        }
      }
      return null;
    },

    async decideApprovals(decisions) {
      const workspaceId = get().workspaceId;
      if (!workspaceId || decisions.length === 0) return null;
      try {
        const decided = await get().api().approvals.decideMany({ workspaceId, decisions });
        removePending(...decided.map((approval) => approval.id));
        updateRunView(...decided);
        return null;
      } catch (error) {
        // Some were answered elsewhere, so none was taken here: read again what still waits.
        if (error instanceof TizmorError && error.code === 'conflict') void get().loadApprovals();
        return error instanceof Error ? error.message : String(error);
      }
    },

    receiveApproval(approval, change) {
      updateRunView(approval);
      if (change === 'resolved' || approval.status !== 'pending') {
        removePending(approval.id);
        return;
      }
      if (get().pendingApprovals.some((pending) => pending.id === approval.id)) return;
      set((state) => ({ pendingApprovals: [...state.pendingApprovals, approval].sort(byRequestTime) }));
      void get().ensureRunInfo(approval.runId);
      void answerIfRemembered(approval);
    },
  };
};
