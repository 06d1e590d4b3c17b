import type { StateCreator } from 'zustand';
import { createApprovalsSlice, type ApprovalsSlice } from '../approvals/approvals-slice';
import { createRunListSlice, type RunListSlice } from '../runs/run-list-slice';
import { createRunViewSlice, type RunViewSlice } from '../runs/run-view-slice';
import type { AppState } from './app-store';

/**
 * Run state, kept apart from the plan being edited: the runs of the workspace, the run on screen
 * (fed by host events, applied once per animation frame) and the approvals waiting for a person.
 */
export type RunsSlice = RunListSlice &
  RunViewSlice &
  ApprovalsSlice & {
    /** Drops what belongs to the workspace left behind: its runs, the run on screen, its approvals. */
    forgetRuns(): void;
  };

export const createRunsSlice: StateCreator<AppState, [], [], RunsSlice> = (set, get, store) => ({
  ...createRunListSlice(set, get, store),
  ...createRunViewSlice(set, get, store),
  ...createApprovalsSlice(set, get, store),
  forgetRuns() {
    get().closeRun();
    set({ runList: [], runListLoaded: false, runFilter: { planId: null, status: null }, pendingApprovals: [], reviewingApprovalId: null, runInfo: {} });
  },
});
