import type { AgentDescriptor, Approval, LogLine, RunDetail, RunSummary, StepRun } from '../../engine/api';
import { table } from './format';

/** `runs list --json`: one entry per run. */
export function runListJson(runs: RunSummary[]) {
  return runs.map((run) => ({
    id: run.id,
    planId: run.planId,
    version: run.planVersion,
    status: run.status,
    startedAt: run.startedAt,
    endedAt: run.endedAt,
  }));
}

/** Steps in the order they started; those that never did last, by id. */
function byStart(steps: StepRun[]): StepRun[] {
  return [...steps].sort((a, b) => {
    if (a.startedAt === b.startedAt) return a.stepId.localeCompare(b.stepId);
    if (a.startedAt === null) return 1;
    if (b.startedAt === null) return -1;
    return a.startedAt.localeCompare(b.startedAt);
  });
}

/** A map step's items in one line: "7/12 done, 1 failed, 2 running". */
export function itemProgress(items: readonly StepRun[], total: number): string {
  const count = (status: StepRun['status']) => items.filter((item) => item.status === status).length;
  const parts = [`${count('succeeded')}/${total} done`];
  for (const status of ['failed', 'running', 'waiting_approval', 'skipped', 'cancelled'] as const) {
    const n = count(status);
    if (n > 0) parts.push(`${n} ${status === 'waiting_approval' ? 'waiting for approval' : status}`);
  }
  return parts.join(', ');
}

/** A map step's number of items: its recorded input is its list. */
const itemTotal = (step: StepRun, items: readonly StepRun[]) => (Array.isArray(step.input) ? step.input.length : items.length);

const itemJson = (item: StepRun) => ({
  id: item.stepId,
  status: item.status,
  attempts: item.attempt,
  cacheHit: item.cacheHit,
  startedAt: item.startedAt,
  endedAt: item.endedAt,
  output: item.output,
  error: item.error,
});

/** `runs show --json`: the run and its steps; a map step with its items. */
export function runDetailJson({ run, steps, items }: RunDetail) {
  return {
    id: run.id,
    planId: run.planId,
    version: run.planVersion,
    title: run.title,
    status: run.status,
    trigger: run.trigger,
    simulate: run.simulate,
    createdAt: run.createdAt,
    startedAt: run.startedAt,
    endedAt: run.endedAt,
    error: run.error,
    steps: byStart(steps).map((step) => ({
      id: step.stepId,
      status: step.status,
      attempts: step.attempt,
      cacheHit: step.cacheHit,
      output: step.output,
      error: step.error,
      ...(items[step.stepId] ? { items: (items[step.stepId] ?? []).map(itemJson) } : {}),
    })),
  };
}

function stepTotal(run: RunSummary): number {
  return Object.values(run.stepCounts).reduce((sum, count) => sum + count, 0);
}

export function formatRunList(runs: RunSummary[]): string {
  if (runs.length === 0) return 'No runs in this workspace yet.\n';
  return table([
    ['ID', 'STATUS', 'STEPS', 'TITLE', 'PLAN', 'STARTED'],
    ...runs.map((run) => [
      run.id,
      run.status,
      `${run.stepCounts.succeeded ?? 0}/${stepTotal(run)}`,
      run.title,
      run.planId ? `${run.planId} v${run.planVersion}` : '(file)',
      run.startedAt ?? '-',
    ]),
  ]);
}

function duration(step: StepRun): string {
  if (step.cacheHit) return 'cached';
  if (!step.startedAt || !step.endedAt) return '-';
  return `${Date.parse(step.endedAt) - Date.parse(step.startedAt)} ms`;
}

export function formatRunDetail({ run, steps, items }: RunDetail, approvals: Approval[]): string {
  const lines = [
    `${run.title}  (run ${run.id}${run.planId ? `, plan ${run.planId} v${run.planVersion}` : ''}${run.simulate ? ', simulated' : ''})`,
    `Status: ${run.status}${run.error ? ` — ${run.error}` : ''}`,
    `Started: ${run.startedAt ?? '-'}   Ended: ${run.endedAt ?? '-'}`,
    '',
  ];
  const rows = byStart(steps).map((step) => [
    step.stepId,
    step.agentId,
    step.status,
    String(step.attempt),
    duration(step),
    oneLine(step.error ?? step.waitingReason ?? (items[step.stepId] ? `for each: ${itemProgress(items[step.stepId] ?? [], itemTotal(step, items[step.stepId] ?? []))}` : '')),
  ]);
  let text = `${lines.join('\n')}\n${table([['STEP', 'AGENT', 'STATUS', 'ATTEMPTS', 'TIME', 'NOTE'], ...rows])}`;
  if (approvals.length > 0) {
    text += `\nWaiting for approval:\n${approvals.map((approval) => `  ${approval.id}  step "${approval.stepId}" (${approval.kind}): ${approval.reason}`).join('\n')}\n`;
    text += `Decide with: tizmor runs approve|reject ID${approvals.some((approval) => approval.kind === 'interrupted') ? ' (skip for an interrupted step)' : ''}\n`;
  }
  return text;
}

function oneLine(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > 100 ? `${flat.slice(0, 99)}…` : flat;
}

export function formatLogs(lines: LogLine[]): string {
  if (lines.length === 0) return 'No log lines.\n';
  return lines.map((line) => `${line.at}  ${line.level.padEnd(5)}  ${line.stepId ?? '(run)'}: ${line.message}\n`).join('');
}

export function formatAgents(agents: AgentDescriptor[]): string {
  return table([
    ['ID', 'RISK', 'IDEMPOTENT', 'DESCRIPTION'],
    ...agents.map((agent) => [agent.id, agent.risk, agent.idempotent ? 'yes' : 'no', agent.description]),
  ]);
}
