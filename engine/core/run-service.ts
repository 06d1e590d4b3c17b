import { TizmorError, parseItemStepId, type Handlers, type StepRun } from '../api';
import { buildMetrics } from '../observe/metrics';
import { buildTrace } from '../observe/trace';
import type { RunManager } from '../run/run-manager';
import type { AgentRegistry } from '../agents/registry';
import type { EngineContext } from './context';
import { requireWorkspace } from './workspace-service';

type RunHandlers = Pick<
  Handlers,
  | 'runs.start'
  | 'runs.get'
  | 'runs.list'
  | 'runs.pause'
  | 'runs.resume'
  | 'runs.cancel'
  | 'runs.retryStep'
  | 'runs.rerunFrom'
  | 'runs.logs'
  | 'runs.events'
  | 'runs.trace'
  | 'runs.metrics'
  | 'approvals.list'
  | 'approvals.decide'
  | 'approvals.decideMany'
  | 'agents.list'
>;

export function runHandlers(context: EngineContext, runs: RunManager, agents: AgentRegistry): RunHandlers {
  const { store } = context;
  const requireRun = (workspaceId: string, runId: string) => {
    requireWorkspace(context, workspaceId);
    const run = store.runs.summary(workspaceId, runId);
    if (!run) throw new TizmorError('not_found', `There is no run with id "${runId}" in this workspace.`, { runId });
    return run;
  };
  return {
    'runs.start': async (input) => {
      requireWorkspace(context, input.workspaceId);
      return runs.start(input, store.settings.all(input.workspaceId));
    },
    'runs.get': async ({ workspaceId, runId }) => {
      runs.flush();
      const run = requireRun(workspaceId, runId);
      const { steps, items } = splitItems(store.runs.steps(runId));
      return { run, steps, items, context: store.runs.context(runId), messages: store.runs.messages(runId) };
    },
    'runs.list': async ({ workspaceId, planId, status, limit }) => {
      requireWorkspace(context, workspaceId);
      runs.flush();
      return store.runs.list(workspaceId, { planId, status, limit });
    },
    'runs.pause': async ({ workspaceId, runId }) => runs.pause(workspaceId, runId),
    'runs.resume': async ({ workspaceId, runId }) => runs.resume(workspaceId, runId),
    'runs.cancel': ({ workspaceId, runId }) => runs.cancel(workspaceId, runId),
    'runs.retryStep': async ({ workspaceId, runId, stepId }) => {
      requireWorkspace(context, workspaceId);
      return runs.retryStep(workspaceId, runId, stepId);
    },
    'runs.rerunFrom': async ({ workspaceId, runId, stepId, dryRun }) => {
      requireWorkspace(context, workspaceId);
      return runs.rerunFrom(workspaceId, runId, stepId, dryRun);
    },
    'runs.logs': async ({ workspaceId, runId, stepId, afterSeq, limit }) => {
      runs.flush();
      requireRun(workspaceId, runId);
      return store.runs
        .events(runId, afterSeq, stepId ? 100_000 : limit, ['step.log'])
        .filter((event) => !stepId || event.stepId === stepId)
        .slice(0, limit)
        .map((event) => {
          const payload = event.payload as { level: 'debug' | 'info' | 'warn' | 'error'; message: string };
          return { seq: event.seq, at: event.at, stepId: event.stepId, level: payload.level, message: payload.message };
        });
    },
    'runs.events': async ({ workspaceId, runId, afterSeq, limit }) => {
      runs.flush();
      requireRun(workspaceId, runId);
      return store.runs.events(runId, afterSeq, limit);
    },
    'runs.trace': async ({ workspaceId, runId }) => {
      runs.flush();
      const run = requireRun(workspaceId, runId);
      return buildTrace(run, store.runs.events(runId, 0, 1_000_000), store.runs.steps(runId));
    },
    'runs.metrics': async ({ workspaceId, runId }) => {
      runs.flush();
      const run = requireRun(workspaceId, runId);
      const { steps, items } = splitItems(store.runs.steps(runId));
      return buildMetrics(run, steps, items);
    },
    'approvals.list': async ({ workspaceId, runId, status }) => {
      requireWorkspace(context, workspaceId);
      runs.flush();
      return store.runs.approvals(workspaceId, { runId, status });
    },
    'approvals.decide': async (input) => {
      requireWorkspace(context, input.workspaceId);
      return runs.decide(input);
    },
    'approvals.decideMany': async (input) => {
      requireWorkspace(context, input.workspaceId);
      return runs.decideMany(input);
    },
    'agents.list': async ({ workspaceId }) => {
      if (workspaceId) requireWorkspace(context, workspaceId);
      return agents.describe();
    },
  };
}

/** A run's stored step records: the plan's steps, and the items of its map steps by map step id, in index order. */
export function splitItems(records: StepRun[]): { steps: StepRun[]; items: Record<string, StepRun[]> } {
  const steps: StepRun[] = [];
  const items: Record<string, { index: number; record: StepRun }[]> = {};
  for (const record of records) {
    const item = parseItemStepId(record.stepId);
    if (!item) steps.push(record);
    else (items[item.stepId] ??= []).push({ index: item.index, record });
  }
  return {
    steps,
    items: Object.fromEntries(
      Object.entries(items).map(([stepId, list]) => [stepId, list.sort((a, b) => a.index - b.index).map((entry) => entry.record)]),
    ),
  };
}
