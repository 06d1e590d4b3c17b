import { TERMINAL_STEP_STATUSES, parseItemStepId, type Approval, type RunDetail, type RunSummary, type StepStatus, type TizmorEvent } from '../../engine/api';
import type { CliIo } from './session';

/** How a followed run is shown: plain lines, a redrawn progress bar, or JSON lines. */
export interface RunReporter {
  started(detail: RunDetail): void;
  /** Every event of the followed run, in order. */
  event(event: TizmorEvent): void;
  /** A line about what the CLI itself does ("Cancelling…"). */
  notice(text: string): void;
  /** Clears the progress bar before a question is asked on the terminal. */
  beforePrompt(): void;
  /** The run waits for these approvals and the command leaves it waiting. */
  waiting(runId: string, approvals: Approval[]): void;
  finished(run: RunSummary): void;
}

export interface ReporterOptions {
  json: boolean;
  /** Draw a bar redrawn in place with \r (standard output is a terminal). */
  bar: boolean;
  /** Policy gates are answered without asking (`--yes`): do not announce them. */
  policyGatesAnswered: boolean;
}

export function createReporter(io: CliIo, options: ReporterOptions): RunReporter {
  return options.json ? jsonReporter(io) : textReporter(io, options);
}

function jsonReporter(io: CliIo): RunReporter {
  const line = (value: object) => io.stdout(`${JSON.stringify(value)}\n`);
  let pending: Approval[] = [];
  return {
    started: ({ run }) => line({ type: 'run.started', runId: run.id, title: run.title, status: run.status, steps: stepTotal(run) }),
    event: (event) => line({ type: event.event, ...event.payload }),
    notice: () => undefined,
    beforePrompt: () => undefined,
    waiting: (_runId, approvals) => {
      pending = approvals;
    },
    finished: (run) =>
      line({
        type: 'run.finished',
        runId: run.id,
        status: run.status,
        error: run.error,
        ...(run.status === 'waiting_approval'
          ? { approvals: pending.map(({ id, stepId, kind, reason }) => ({ id, stepId, kind, reason })) }
          : {}),
      }),
  };
}

const isTerminal = (status: StepStatus) => TERMINAL_STEP_STATUSES.includes(status);
const stepTotal = (run: RunSummary) => Object.values(run.stepCounts).reduce((sum, count) => sum + count, 0);

/** `[#####-----] 3/10 steps 30%` */
export function progressBar(done: number, total: number, width = 20): string {
  const share = total === 0 ? 1 : done / total;
  const filled = Math.round(share * width);
  return `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${done}/${total} steps ${Math.floor(share * 100)}%`;
}

function textReporter(io: CliIo, options: ReporterOptions): RunReporter {
  const statuses = new Map<string, StepStatus>();
  const startedAt = new Map<string, number>();
  let total = 0;
  let barShown = false;
  const done = () => [...statuses.values()].filter(isTerminal).length;
  const clearBar = () => {
    if (barShown) io.stdout('\r\x1b[K');
    barShown = false;
  };
  const drawBar = () => {
    if (!options.bar) return;
    io.stdout(`\r\x1b[K${progressBar(done(), total)}`);
    barShown = true;
  };
  const print = (text: string) => {
    clearBar();
    io.stdout(`${text}\n`);
    drawBar();
  };

  const stepLine = (stepId: string, status: StepStatus, error: string | null, cacheHit: boolean): string | null => {
    switch (status) {
      case 'succeeded': {
        const began = startedAt.get(stepId);
        const took = cacheHit ? 'cached' : began === undefined ? null : `${Date.now() - began} ms`;
        const notes = [took, error ? `default value used: ${error}` : null].filter(Boolean);
        return `✓ ${stepId}${notes.length > 0 ? ` (${notes.join(', ')})` : ''}`;
      }
      case 'failed':
        return `✗ ${stepId}: ${error ?? 'failed'}`;
      case 'skipped':
        return `↷ ${stepId}: ${error ?? 'skipped'}`;
      case 'cancelled':
        return `■ ${stepId} cancelled`;
      default:
        return null;
    }
  };

  return {
    started({ run, steps }) {
      total = stepTotal(run);
      for (const step of steps) statuses.set(step.stepId, step.status);
      const already = done();
      const resumed = already > 0 ? `, ${already} already done` : '';
      print(`Run ${run.id}: "${run.title}", ${total} step${total === 1 ? '' : 's'}${resumed}${run.simulate ? ' (simulated: no agent touches the world)' : ''}`);
    },
    event(event) {
      switch (event.event) {
        case 'step.status': {
          const { stepId, status, error, cacheHit, itemCount } = event.payload;
          if (parseItemStepId(stepId)) {
            // A map step's items: only the ones that did not succeed get a line; the map step's own line sums them up.
            if (status === 'failed' || status === 'cancelled') print(`  ${stepLine(stepId, status, error, cacheHit) ?? ''}`);
            return;
          }
          statuses.set(stepId, status);
          if (itemCount !== undefined && status === 'running') print(`… ${stepId}: for each of ${itemCount} item${itemCount === 1 ? '' : 's'}`);
          if (status === 'running') startedAt.set(stepId, Date.now());
          const line = stepLine(stepId, status, error, cacheHit);
          if (line) print(line);
          else drawBar();
          return;
        }
        case 'approval.requested':
          if (!(options.policyGatesAnswered && event.payload.approval.kind === 'policy')) {
            print(`⏸ ${event.payload.approval.stepId} waits for approval: ${event.payload.approval.reason}`);
          }
          return;
        case 'step.log':
          if (event.payload.level === 'warn') print(`  ! ${event.payload.stepId ?? 'run'}: ${event.payload.message}`);
          return;
        default:
          return;
      }
    },
    notice: print,
    beforePrompt: clearBar,
    waiting(runId, approvals) {
      clearBar();
      const lines = [`⏸ The run waits for ${approvals.length === 1 ? 'an approval' : `${approvals.length} approvals`}; it stays saved as it is.`];
      for (const approval of approvals) {
        lines.push(`  approval ${approval.id}  step "${approval.stepId}" (${approval.kind}): ${approval.reason}`);
      }
      const first = approvals[0]?.id ?? 'APPROVAL_ID';
      const interrupted = approvals.some((approval) => approval.kind === 'interrupted');
      lines.push(`Decide with:  tizmor runs approve ${first}   (or: tizmor runs reject ${first}${interrupted ? '; tizmor runs skip ID for an interrupted step' : ''})`);
      if (interrupted) lines.push('An interrupted step may have done its work already: approving runs it again.');
      else lines.push(`Or approve every one and go on:  tizmor runs resume ${runId} --yes`);
      io.stdout(`${lines.join('\n')}\n`);
    },
    finished(run) {
      clearBar();
      const counts = Object.entries(run.stepCounts)
        .filter(([, count]) => count > 0)
        .map(([status, count]) => `${count} ${status.replace('_', ' ')}`)
        .join(', ');
      const took = run.startedAt && run.endedAt ? ` in ${formatSeconds(Date.parse(run.endedAt) - Date.parse(run.startedAt))}` : '';
      const headline: Record<string, string> = {
        completed: `Run completed${took}`,
        failed: `Run failed${took}${run.error ? `: ${run.error.replace(/\.$/, '')}` : ''}`,
        cancelled: 'Run cancelled',
        waiting_approval: 'Run waiting for approval',
      };
      io.stdout(`${headline[run.status] ?? `Run ${run.status}`} (${counts}).\n`);
    },
  };
}

function formatSeconds(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(1)} s`;
}
