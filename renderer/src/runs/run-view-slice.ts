import type { StateCreator } from 'zustand';
import {
  TERMINAL_RUN_STATUSES,
  type Approval,
  type LogLine,
  type PlanGraph,
  type Position,
  type RunDetail,
  type RunEventRecord,
  type RunSummary,
  type StepRun,
} from '../api/contract';
import type { AppState } from '../store/app-store';
import { createFrameBatcher } from './frame-batcher';
import { applyEvents, graphFromSteps, isTerminalStep, stepsAndItems, withEvents, type LiveRun, type RunHostEvent } from './run-events';
import type { MapCounts } from './map-items';
import { itemCountsAt, statesAt, timelineOf, type ReplayedStep, type Timeline } from './replay';
import { runPositions } from './run-layout';

/** The run on screen: its steps as the engine last said, its graph, and what the tabs show. */
export interface RunView extends LiveRun {
  runId: string;
  run: RunSummary;
  steps: Record<string, StepRun>;
  stepIds: string[];
  graph: PlanGraph;
  /** The run's plan version could not be read (an ad-hoc or deleted plan): the steps are shown without their links. */
  graphMissing: boolean;
  /** Where each step sits (left-to-right terms); null while the layout is computed. */
  positions: Record<string, Position> | null;
  context: Record<string, unknown>;
  messages: RunDetail['messages'];
  /** The last partial result each step streamed while it runs. */
  partials: Record<string, unknown>;
  selectedStepId: string | null;
  logs: LogLine[];
  /** Every approval of this run, pending and decided. */
  approvals: Approval[];
  /** Bumped on every change of the steps: the metrics and trace tabs reload on it. */
  revision: number;
  /** The stored event log, read once the run has ended, for the time scrubber. */
  timeline: Timeline | null;
  /** The replayed moment while the person scrubs back in time; null shows the run as it is. */
  scrub: { at: number; steps: Record<string, ReplayedStep>; items: Record<string, MapCounts> } | null;
}

export interface RunViewSlice {
  runView: RunView | null;
  /** The run id the view could not open, with why. */
  runViewFailure: { runId: string; message: string } | null;
  openRun(runId: string): Promise<void>;
  closeRun(): void;
  selectRunStep(stepId: string | null): void;
  steerRun(action: 'pause' | 'resume' | 'cancel'): Promise<void>;
  retryStep(stepId: string): Promise<void>;
  /** How many steps a rerun from `stepId` would run again and how many would reuse stored results. */
  previewRerun(stepId: string): Promise<{ rerun: string[]; reused: string[] } | null>;
  rerunFrom(stepId: string): Promise<void>;
  scrubTo(at: number | null): void;
  /** Host events about runs; step changes are applied once per animation frame. */
  receiveRunEvent(event: RunHostEvent): void;
}

const logCap = 5000;
const logPage = 1000;

/** Events received while a snapshot of the run was read, applied again on top of it. */
type Replay = RunHostEvent[];

export const createRunViewSlice: StateCreator<AppState, [], [], RunViewSlice> = (set, get) => {
  const replays = new Set<Replay>();
  let opening: string | null = null;
  let detailTimer: ReturnType<typeof setTimeout> | undefined;
  let lastDetailAt = 0;
  let logsBusy = false;
  let logsAgain = false;
  let logsTimer: ReturnType<typeof setTimeout> | undefined;

  const viewOf = (runId: string) => {
    const view = get().runView;
    return view?.runId === runId ? view : null;
  };

  const flush = (events: RunHostEvent[]) => {
    for (const replay of replays) replay.push(...events);
    const view = get().runView;
    let wantsDetail = false;
    let wantsLogs = false;
    let ended = false;
    for (const event of events) {
      if (event.kind === 'run.status') get().noteRunStatus(event.payload);
      if (event.payload.runId !== view?.runId) continue;
      if (event.kind === 'step.log') wantsLogs = true;
      if (event.kind === 'run.status') {
        wantsDetail = true;
        if (TERMINAL_RUN_STATUSES.includes(event.payload.status)) ended = true;
      }
      if (event.kind === 'step.status' && (isTerminalStep(event.payload.status) || event.payload.status === 'waiting_approval')) wantsDetail = true;
    }
    if (!view) return;
    const next = applyEvents(view, events, new Date().toISOString());
    if (next !== view) set({ runView: next });
    if (wantsLogs) scheduleLogs();
    if (ended) {
      clearTimeout(detailTimer);
      detailTimer = undefined;
      // The last word: stored times, tokens and cost; then the history for the scrubber.
      void refreshDetail(view.runId).then(() => loadTimeline(view.runId));
    } else if (wantsDetail) scheduleDetail(view.runId);
  };
  const batcher = createFrameBatcher(flush);

  /** Runs `work` while recording the events that arrive meanwhile. */
  const withReplay = async <T>(work: (replay: Replay) => Promise<T>): Promise<T> => {
    const replay: Replay = [];
    replays.add(replay);
    try {
      return await work(replay);
    } finally {
      replays.delete(replay);
    }
  };

  /** Reads the run again (times, tokens, outputs), keeping what events said meanwhile. */
  const readDetail = async (runId: string): Promise<RunDetail | null> => {
    const workspaceId = get().workspaceId;
    if (!workspaceId) return null;
    return withReplay(async (replay) => withEvents(await get().api().runs.get({ workspaceId, runId }), replay));
  };

  const refreshDetail = async (runId: string) => {
    lastDetailAt = Date.now();
    try {
      const detail = await readDetail(runId);
      const view = viewOf(runId);
      if (!detail || !view) return;
      set({
        runView: {
          ...view,
          run: detail.run,
          ...stepsAndItems(detail),
          context: detail.context,
          messages: detail.messages,
          revision: view.revision + 1,
        },
      });
    } catch (error) {
      get().reportError(error);
    }
  };

  /**
   * At most one read per interval while the run goes on, longer for big runs; the read comes at the
   * end of the interval, so a burst of changes costs one read after it, not one in its middle.
   */
  const scheduleDetail = (runId: string) => {
    if (detailTimer !== undefined) return;
    const view = get().runView;
    let size = view?.stepIds.length ?? 0;
    for (const items of Object.values(view?.items ?? {})) size += items.counts.total;
    const interval = Math.max(1000, size * 0.5);
    detailTimer = setTimeout(
      () => {
        detailTimer = undefined;
        void refreshDetail(runId);
      },
      Math.max(interval / 2, lastDetailAt + interval - Date.now()),
    );
  };

  const refreshLogs = async () => {
    if (logsBusy) {
      logsAgain = true;
      return;
    }
    logsBusy = true;
    try {
      for (let more = true; more; ) {
        logsAgain = false;
        const view = get().runView;
        const workspaceId = get().workspaceId;
        if (!view || !workspaceId) return;
        const afterSeq = view.logs.at(-1)?.seq ?? 0;
        const lines = await get().api().runs.logs({ workspaceId, runId: view.runId, afterSeq, limit: logPage });
        const current = viewOf(view.runId);
        if (!current) return;
        if (lines.length > 0) {
          const logs = [...current.logs, ...lines.filter((line) => line.seq > afterSeq)];
          set({ runView: { ...current, logs: logs.length > logCap ? logs.slice(logs.length - logCap) : logs } });
        }
        more = lines.length === logPage || logsAgain;
      }
    } catch (error) {
      get().reportError(error);
    } finally {
      logsBusy = false;
    }
  };

  const scheduleLogs = () => {
    if (logsTimer !== undefined) return;
    logsTimer = setTimeout(() => {
      logsTimer = undefined;
      void refreshLogs();
    }, 250);
  };

  const loadApprovalsOfRun = async (runId: string) => {
    const workspaceId = get().workspaceId;
    if (!workspaceId) return;
    try {
      const approvals = await get().api().approvals.list({ workspaceId, runId });
      const view = viewOf(runId);
      if (view) set({ runView: { ...view, approvals } });
    } catch (error) {
      get().reportError(error);
    }
  };

  /** Reads the whole event log of an ended run, for the time scrubber. */
  const loadTimeline = async (runId: string) => {
    const workspaceId = get().workspaceId;
    const view = viewOf(runId);
    if (!workspaceId || !view || !TERMINAL_RUN_STATUSES.includes(view.run.status)) return;
    try {
      const events: RunEventRecord[] = [];
      for (let afterSeq = 0; ; ) {
        const page = await get().api().runs.events({ workspaceId, runId, afterSeq, limit: 100_000 });
        events.push(...page);
        if (page.length < 100_000) break;
        afterSeq = (page.at(-1) as RunEventRecord).seq;
      }
      const current = viewOf(runId);
      if (current) set({ runView: { ...current, timeline: timelineOf(events, current.run), scrub: null } });
    } catch (error) {
      get().reportError(error);
    }
  };

  return {
    runView: null,
    runViewFailure: null,

    async openRun(runId) {
      if (get().runView?.runId === runId || opening === runId) return;
      const workspaceId = get().workspaceId;
      if (!workspaceId) return;
      opening = runId;
      set({ runView: null, runViewFailure: null });
      const readPlan = (planId: string, planVersion: number) => {
        const plan = get()
          .api()
          .plans.get({ workspaceId, planId, version: planVersion })
          .catch(() => null);
        // The layout starts as soon as the graph is here, while the run itself still travels.
        const positions = plan.then((found) => (found ? runPositions(found.version.graph, `${planId}:${planVersion}`) : null));
        return { planId, planVersion, plan, positions };
      };
      // A run listed on the Runs page says its plan version already: read both at once.
      const listed = get().runList.find((run) => run.id === runId) ?? get().runInfo[runId]?.run;
      let early = listed?.planId && listed.planVersion ? readPlan(listed.planId, listed.planVersion) : null;
      try {
        const view = await withReplay(async (replay): Promise<RunView | null> => {
          const stored = await get().api().runs.get({ workspaceId, runId });
          const { planId, planVersion } = stored.run;
          if (early && (early.planId !== planId || early.planVersion !== planVersion)) early = null;
          if (!early && planId && planVersion) early = readPlan(planId, planVersion);
          const version = early ? await early.plan : null;
          const detail = withEvents(stored, replay);
          const graph = version?.version.graph ?? graphFromSteps(detail.steps);
          return {
            runId,
            run: detail.run,
            ...stepsAndItems(detail),
            stepIds: graph.steps.map((step) => step.id),
            graph,
            graphMissing: !version,
            positions: null,
            context: detail.context,
            messages: detail.messages,
            partials: {},
            selectedStepId: null,
            logs: [],
            approvals: [],
            revision: 0,
            timeline: null,
            scrub: null,
          };
        });
        if (!view || opening !== runId) return;
        set({ runView: view });
        get().rememberRunInfo(view.run, view.graph);
        lastDetailAt = Date.now();
        const positions = (await early?.positions) ?? (await runPositions(view.graph));
        const current = viewOf(runId);
        if (current) set({ runView: { ...current, positions } });
        void refreshLogs();
        void loadApprovalsOfRun(runId);
        // The history for the scrubber waits until the graph is drawn.
        setTimeout(() => void loadTimeline(runId), 300);
      } catch (error) {
        if (opening === runId) set({ runViewFailure: { runId, message: error instanceof Error ? error.message : String(error) } });
      } finally {
        if (opening === runId) opening = null;
      }
    },

    closeRun() {
      opening = null;
      clearTimeout(detailTimer);
      detailTimer = undefined;
      set({ runView: null, runViewFailure: null });
    },

    selectRunStep(stepId) {
      const view = get().runView;
      if (view && view.selectedStepId !== stepId) set({ runView: { ...view, selectedStepId: stepId } });
    },

    async steerRun(action) {
      const view = get().runView;
      const workspaceId = get().workspaceId;
      if (!view || !workspaceId) return;
      try {
        const input = { workspaceId, runId: view.runId };
        const run = await (action === 'pause' ? get().api().runs.pause(input) : action === 'resume' ? get().api().runs.resume(input) : get().api().runs.cancel(input));
        const current = viewOf(view.runId);
        // Events may have told of a later state already (a run that ended meanwhile).
        if (current && !TERMINAL_RUN_STATUSES.includes(current.run.status)) set({ runView: { ...current, run: { ...current.run, status: run.status, error: run.error, endedAt: run.endedAt } } });
      } catch (error) {
        get().reportError(error);
      }
    },

    async retryStep(stepId) {
      const view = get().runView;
      const workspaceId = get().workspaceId;
      if (!view || !workspaceId) return;
      try {
        const run = await get().api().runs.retryStep({ workspaceId, runId: view.runId, stepId });
        const current = viewOf(view.runId);
        if (current) set({ runView: { ...current, run, timeline: null, scrub: null } });
        // A retry resets steps in the store without an event for each: read them again.
        await refreshDetail(view.runId);
      } catch (error) {
        get().reportError(error);
      }
    },

    async previewRerun(stepId) {
      const view = get().runView;
      const workspaceId = get().workspaceId;
      if (!view || !workspaceId) return null;
      try {
        const { rerun, reused } = await get().api().runs.rerunFrom({ workspaceId, runId: view.runId, stepId, dryRun: true });
        return { rerun, reused };
      } catch (error) {
        get().reportError(error);
        return null;
      }
    },

    async rerunFrom(stepId) {
      const view = get().runView;
      const workspaceId = get().workspaceId;
      if (!view || !workspaceId) return;
      try {
        const { run } = await get().api().runs.rerunFrom({ workspaceId, runId: view.runId, stepId, dryRun: false });
        if (run) get().navigate({ page: 'run', runId: run.id });
      } catch (error) {
        get().reportError(error);
      }
    },

    scrubTo(at) {
      const view = get().runView;
      if (!view?.timeline) return;
      if (at === null || at >= view.timeline.end) {
        if (view.scrub) set({ runView: { ...view, scrub: null } });
        return;
      }
      const mapStepIds = view.graph.steps.filter((step) => step.forEach).map((step) => step.id);
      set({ runView: { ...view, scrub: { at, steps: statesAt(view.timeline, view.stepIds, at), items: itemCountsAt(view.timeline, mapStepIds, at) } } });
    },

    receiveRunEvent(event) {
      batcher.push(event);
    },
  };
};
