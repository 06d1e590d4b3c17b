import type { Command } from 'commander';
import { RunStatus, TERMINAL_RUN_STATUSES, TizmorError, type TizmorClient } from '../../engine/api';
import { exitCodeFor, watchRuns, type RunWatcher } from './follow-run';
import { formatAgents, formatLogs, formatRunDetail, formatRunList, runDetailJson, runListJson } from './run-format';
import { printJson, type CliSession } from './session';

const DECISIONS = {
  approve: { past: 'Approved', help: 'approve a step waiting for approval (an interrupted step runs again), then go on with its run here' },
  reject: { past: 'Rejected', help: 'reject a step waiting for approval (the step fails), then go on with its run here' },
  skip: { past: 'Skipped', help: 'skip an interrupted step and its dependents, then go on with its run here' },
} as const;

/**
 * Opens the engine so that it picks up the given unfinished run (a run is live only in the process running
 * it; one another live process runs is left to it), subscribing in the same turn so no event is missed.
 */
function recoverAndWatch(session: CliSession, runId: string): { api: TizmorClient; watcher: RunWatcher } {
  const api = session.client({ recoverRuns: { runIds: [runId] } });
  return { api, watcher: watchRuns(api, session.io) };
}

/** Opens the engine without picking up any run, watching events from the start. */
function watchOnly(session: CliSession): { api: TizmorClient; watcher: RunWatcher } {
  const api = session.client();
  return { api, watcher: watchRuns(api, session.io) };
}

/** `runs …` and `agents list`. */
export function registerRunsCommands(program: Command, session: CliSession): void {
  const { io } = session;
  const runs = program.command('runs').description('list, inspect, resume, cancel and approve runs');
  runs
    .command('list')
    .description('runs of the workspace, newest first')
    .option('--status <status>', `only runs with this status (${RunStatus.options.join(', ')})`)
    .option('--limit <n>', 'at most this many runs', '100')
    .option('--json', 'print JSON: [{id, planId, version, status, startedAt, endedAt}]')
    .action(async (options: { status?: string; limit: string; json?: boolean }) => {
      const status = options.status === undefined ? undefined : RunStatus.safeParse(options.status);
      if (status && !status.success) throw new TizmorError('bad_input', `--status must be one of ${RunStatus.options.join(', ')}.`);
      const limit = Number(options.limit);
      if (!Number.isInteger(limit) || limit < 1 || limit > 1000) throw new TizmorError('bad_input', `--limit must be 1-1000, not "${options.limit}".`);
      const api = session.client();
      const list = await api.runs.list({ workspaceId: (await session.workspace(api)).id, status: status?.data, limit });
      if (options.json) printJson(io, runListJson(list));
      else io.stdout(formatRunList(list));
    });
  runs
    .command('show <runId>')
    .description('a run, its steps and what waits for approval')
    .option('--json', 'print JSON: the run with steps [{id, status, attempts, cacheHit, output, error, items?}] (items: a map step\'s items)')
    .action(async (runId: string, options: { json?: boolean }) => {
      const api = session.client();
      const workspaceId = (await session.workspace(api)).id;
      const detail = await api.runs.get({ workspaceId, runId });
      if (options.json) printJson(io, runDetailJson(detail));
      else io.stdout(formatRunDetail(detail, await api.approvals.list({ workspaceId, runId, status: 'pending' })));
    });
  runs
    .command('logs <runId>')
    .description("a run's log lines, oldest first")
    .option('--step <stepId>', 'only this step')
    .option('--json', 'print JSON')
    .action(async (runId: string, options: { step?: string; json?: boolean }) => {
      const api = session.client();
      const lines = await api.runs.logs({ workspaceId: (await session.workspace(api)).id, runId, stepId: options.step, limit: 10_000 });
      if (options.json) printJson(io, lines);
      else io.stdout(formatLogs(lines));
    });
  runs
    .command('resume <runId>')
    .description('go on with an unfinished run here (after a crash, or one left waiting), showing its progress like `run`')
    .option('--yes', 'approve its approval gates, pending or to come (an interrupted step is still asked about: it may have happened)')
    .option('--json', 'print one JSON object per line, as `run --json`')
    .action(async (runId: string, options: { yes?: boolean; json?: boolean }) => {
      const { api, watcher } = recoverAndWatch(session, runId);
      try {
        const workspaceId = (await session.workspace(api)).id;
        const { run } = await api.runs.get({ workspaceId, runId });
        if (TERMINAL_RUN_STATUSES.includes(run.status)) {
          io.stdout(`Run ${runId} already ended: ${run.status}${run.error ? ` (${run.error})` : ''}.\n`);
          session.exitCode = exitCodeFor(run.status);
          return;
        }
        if (!session.engine().runs.isLive(runId)) {
          throw new TizmorError('conflict', `Run ${runId} is being run by another Tizmor process right now; steer it there, or wait until it stops.`);
        }
        if (run.status === 'paused') await api.runs.resume({ workspaceId, runId });
        session.exitCode = await watcher.follow(run, { json: Boolean(options.json), policyGates: options.yes ? 'command' : 'person' });
      } finally {
        watcher.dispose();
      }
    });
  runs
    .command('cancel <runId>')
    .description('cancel an unfinished run: running steps are aborted, the others end cancelled')
    .action(async (runId: string) => {
      const api = session.client({ recoverRuns: { runIds: [runId] } });
      const workspaceId = (await session.workspace(api)).id;
      await api.runs.cancel({ workspaceId, runId });
      await session.engine().runs.waitFor(runId);
      const { run } = await api.runs.get({ workspaceId, runId });
      io.stdout(`Run ${runId} is ${run.status} (${run.stepCounts.succeeded ?? 0} steps had succeeded, ${run.stepCounts.cancelled ?? 0} cancelled).\n`);
    });
  for (const [decision, text] of Object.entries(DECISIONS) as [keyof typeof DECISIONS, (typeof DECISIONS)[keyof typeof DECISIONS]][]) {
    runs
      .command(`${decision} <approvalId>`)
      .description(text.help)
      .option('--comment <text>', 'why, kept with the decision')
      .option('--json', 'print one JSON object per line, as `run --json`')
      .action(async (approvalId: string, options: { comment?: string; json?: boolean }) => {
        const { api, watcher } = watchOnly(session);
        try {
          const workspaceId = (await session.workspace(api)).id;
          const pending = (await api.approvals.list({ workspaceId, status: 'pending' })).find((item) => item.id === approvalId);
          // Pick up the approval's run in this process (unless another live process runs it), then decide.
          if (pending) await api.runs.resume({ workspaceId, runId: pending.runId });
          const approval = await api.approvals.decide({ workspaceId, approvalId, decision, comment: options.comment, decidedBy: 'cli' });
          if (!options.json) io.stdout(`${text.past} step "${approval.stepId}" of run ${approval.runId}.\n`);
          const { run } = await api.runs.get({ workspaceId, runId: approval.runId });
          session.exitCode = await watcher.follow(run, { json: Boolean(options.json), policyGates: 'person' });
        } finally {
          watcher.dispose();
        }
      });
  }

  program
    .command('agents')
    .description('the agent catalog')
    .command('list')
    .description('every agent: id, risk, whether it is safe to repeat, what it does')
    .option('--json', 'print JSON (with input and output schemas)')
    .action(async (options: { json?: boolean }) => {
      const list = await session.client().agents.list({});
      if (options.json) printJson(io, list);
      else io.stdout(formatAgents(list));
    });
}
