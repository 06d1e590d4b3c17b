import type { StateCreator } from 'zustand';
import { TERMINAL_RUN_STATUSES, type EventPayload, type RunStatus, type RunSummary } from '../api/contract';
import type { AppState } from '../store/app-store';

/** Which runs the Runs page lists. */
export interface RunFilter {
  planId: string | null;
  status: RunStatus | null;
}

/** The Runs page: the runs of the workspace, newest first, filtered by plan and status. */
export interface RunListSlice {
  runList: RunSummary[];
  runListLoaded: boolean;
  runFilter: RunFilter;
  refreshRunList(): Promise<void>;
  setRunFilter(filter: Partial<RunFilter>): void;
  /** Starts a run of a plan version (the head unless `version`) and opens its run view; false when the host refused. */
  startRun(planId: string, options?: { version?: number; simulate?: boolean }): Promise<boolean>;
  /** Follows a `run.status` event: the row changes at once; a run not listed yet brings a reload. */
  noteRunStatus(payload: EventPayload<'run.status'>): void;
}

const listLimit = 200;

export const createRunListSlice: StateCreator<AppState, [], [], RunListSlice> = (set, get) => {
  let reloadTimer: ReturnType<typeof setTimeout> | undefined;
  const reloadSoon = () => {
    if (reloadTimer !== undefined || !get().runListLoaded) return;
    reloadTimer = setTimeout(() => {
      reloadTimer = undefined;
      void get().refreshRunList();
    }, 400);
  };
  return {
    runList: [],
    runListLoaded: false,
    runFilter: { planId: null, status: null },
    async refreshRunList() {
      const { workspaceId, runFilter } = get();
      if (!workspaceId) return;
      try {
        const runs = await get()
          .api()
          .runs.list({ workspaceId, planId: runFilter.planId ?? undefined, status: runFilter.status ?? undefined, limit: listLimit });
        // A switch of workspace or filter while the answer travelled makes it stale.
        if (get().workspaceId === workspaceId && get().runFilter === runFilter) set({ runList: runs, runListLoaded: true });
      } catch (error) {
        get().reportError(error);
      }
    },
    setRunFilter(filter) {
      set((state) => ({ runFilter: { ...state.runFilter, ...filter } }));
      void get().refreshRunList();
    },
    async startRun(planId, options = {}) {
      const workspaceId = get().workspaceId;
      if (!workspaceId) return false;
      try {
        const run = await get()
          .api()
          .runs.start({ workspaceId, planId, version: options.version, options: options.simulate ? { simulate: true } : undefined, trigger: 'manual' });
        get().navigate({ page: 'run', runId: run.id });
        reloadSoon();
        return true;
      } catch (error) {
        get().reportError(error);
        return false;
      }
    },
    noteRunStatus(payload) {
      const { runList, runFilter } = get();
      const index = runList.findIndex((run) => run.id === payload.runId);
      if (index < 0 || (runFilter.status && runFilter.status !== payload.status)) {
        reloadSoon();
        return;
      }
      const before = runList[index] as RunSummary;
      const ended = TERMINAL_RUN_STATUSES.includes(payload.status);
      const after: RunSummary = {
        ...before,
        status: payload.status,
        error: payload.error,
        startedAt: before.startedAt ?? new Date().toISOString(),
        endedAt: ended ? (before.endedAt ?? new Date().toISOString()) : null,
      };
      set({ runList: runList.map((run, position) => (position === index ? after : run)) });
      // The stored times and step counts come with the next reload.
      if (ended) reloadSoon();
    },
  };
};
