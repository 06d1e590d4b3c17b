import {
  TERMINAL_RUN_STATUSES,
  eventNames,
  type Approval,
  type RunStatus,
  type RunSummary,
  type TizmorClient,
  type TizmorEvent,
} from '../../engine/api';
import { createReporter, type RunReporter } from './progress';
import { EXIT, type CliIo, type ExitCode } from './session';

export interface FollowOptions {
  json: boolean;
  /**
   * Who answers policy gates: the run itself (started with --yes), this command (`runs resume --yes`),
   * or a person. An interrupted step is never approved without a person: it may have happened already.
   */
  policyGates: 'run' | 'command' | 'person';
}

/** Subscribes before a run starts (its first events come before its id is known); {@link follow} attaches to one run. */
export interface RunWatcher {
  follow(run: RunSummary, options: FollowOptions): Promise<ExitCode>;
  dispose(): void;
}

function runIdOf(event: TizmorEvent): string | null {
  switch (event.event) {
    case 'run.status':
    case 'step.status':
    case 'step.log':
    case 'step.partial':
      return event.payload.runId;
    case 'approval.requested':
    case 'approval.resolved':
      return event.payload.approval.runId;
    default:
      return null;
  }
}

export function watchRuns(api: TizmorClient, io: CliIo): RunWatcher {
  const buffer: TizmorEvent[] = [];
  let deliver: ((event: TizmorEvent) => void) | null = null;
  const unsubscribes = eventNames.map((name) =>
    // `name` and `payload` come from the same event table, so they form one member of the union.
    api.on(name, (payload) => {
      const event = { event: name, payload } as TizmorEvent;
      if (deliver) deliver(event);
      else buffer.push(event);
    }),
  );
  const dispose = () => {
    for (const unsubscribe of unsubscribes.splice(0)) unsubscribe();
  };
  return {
    dispose,
    async follow(run, options) {
      const follower = new RunFollower(api, run.workspaceId, io, run.id, options);
      try {
        await follower.begin(() => {
          deliver = (event) => follower.onEvent(event);
          return buffer.splice(0);
        });
        return await follower.done;
      } finally {
        dispose();
      }
    },
  };
}

type Decision = 'approve' | 'reject' | 'skip';
/** What the follower does with a pending approval. */
type Handling = 'approve' | 'ask' | 'leave';

/** Shows one run's progress until it ends or waits for a person; answers approvals as the options say. */
class RunFollower {
  readonly done: Promise<ExitCode>;
  private resolve: (code: ExitCode) => void = () => undefined;
  private readonly reporter: RunReporter;
  private finished = false;
  /** Async work (decisions, questions, checks) runs one at a time, in order. */
  private queue: Promise<void> = Promise.resolve();
  private readonly handled = new Set<string>();
  private readonly prompts = new AbortController();
  private stopInterrupt: () => void = () => undefined;
  private readonly canAsk: boolean;

  constructor(
    private readonly api: TizmorClient,
    private readonly workspaceId: string,
    private readonly io: CliIo,
    private readonly runId: string,
    private readonly options: FollowOptions,
  ) {
    this.done = new Promise((resolve) => (this.resolve = resolve));
    this.reporter = createReporter(io, { json: options.json, bar: Boolean(io.isTTY), policyGatesAnswered: options.policyGates !== 'person' });
    this.canAsk = Boolean(io.ask) && !options.json;
  }

  private handling(approval: Approval): Handling {
    if (approval.kind === 'policy' && this.options.policyGates === 'run') return 'leave';
    if (approval.kind === 'policy' && this.options.policyGates === 'command') return 'approve';
    return this.canAsk ? 'ask' : 'leave';
  }

  /** Shows the run as it is, then every event: `attach` hands over what came before and sends the rest here. */
  async begin(attach: () => TizmorEvent[]): Promise<void> {
    const detail = await this.api.runs.get({ workspaceId: this.workspaceId, runId: this.runId });
    this.reporter.started(detail);
    this.stopInterrupt = this.io.onInterrupt?.(() => this.interrupt()) ?? (() => undefined);
    for (const event of attach()) this.onEvent(event);
    for (const approval of await this.pendingApprovals()) this.onApprovalRequested(approval);
    this.onRunStatus(detail.run.status);
  }

  onEvent(event: TizmorEvent): void {
    if (this.finished || runIdOf(event) !== this.runId) return;
    this.reporter.event(event);
    if (event.event === 'run.status') this.onRunStatus(event.payload.status);
    else if (event.event === 'approval.requested') this.onApprovalRequested(event.payload.approval);
  }

  private onRunStatus(status: RunStatus): void {
    if (TERMINAL_RUN_STATUSES.includes(status)) void this.finish();
    else if (status === 'waiting_approval') this.enqueue(() => this.settleWaiting());
  }

  private onApprovalRequested(approval: Approval): void {
    if (approval.status !== 'pending' || this.handled.has(approval.id)) return;
    const handling = this.handling(approval);
    if (handling === 'leave') return;
    this.handled.add(approval.id);
    this.enqueue(() => (handling === 'approve' ? this.decide(approval, 'approve') : this.ask(approval)));
  }

  /** The run can go no further without a person: ask for what has not been asked, else leave it waiting. */
  private async settleWaiting(): Promise<void> {
    const { run } = await this.api.runs.get({ workspaceId: this.workspaceId, runId: this.runId });
    if (run.status !== 'waiting_approval') return;
    const pending = await this.pendingApprovals();
    const open = pending.filter((approval) => !this.handled.has(approval.id) && this.handling(approval) !== 'leave');
    if (open.length > 0) {
      for (const approval of open) this.onApprovalRequested(approval);
      this.enqueue(() => this.settleWaiting());
      return;
    }
    this.reporter.waiting(this.runId, pending);
    await this.finish(run);
  }

  private async ask(approval: Approval): Promise<void> {
    const ask = this.io.ask;
    if (!ask) return;
    const interrupted = approval.kind === 'interrupted';
    const question = interrupted
      ? `Step "${approval.stepId}" was interrupted when the last host stopped and is not safe to repeat.\n` +
        'Run it again? [y]es = run again, [s]kip it and its dependents, [n]o = the step fails, [l]ater: '
      : `Step "${approval.stepId}" waits for approval: ${approval.reason}\n${describeInput(approval.input)}` +
        'Approve? [y]es, [n]o = the step fails, [l]ater: ';
    for (let tries = 0; tries < 3 && !this.finished; tries++) {
      this.reporter.beforePrompt();
      const answer = (await ask(question, this.prompts.signal)).trim().toLowerCase();
      if (this.finished || this.prompts.signal.aborted) return;
      const decision = parseAnswer(answer, interrupted);
      if (decision === 'later') break;
      if (decision) {
        await this.decide(approval, decision);
        return;
      }
    }
    // Left for later: once the run can go no further, the command ends and leaves it waiting.
  }

  private async decide(approval: Approval, decision: Decision): Promise<void> {
    try {
      await this.api.approvals.decide({ workspaceId: this.workspaceId, approvalId: approval.id, decision, decidedBy: 'cli' });
    } catch (error) {
      // Answered meanwhile (e.g. the run was cancelled): nothing is left to decide.
      this.reporter.notice(`Could not ${decision} step "${approval.stepId}": ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  private interrupt(): void {
    if (this.finished) return;
    this.prompts.abort();
    this.reporter.notice('Cancelling the run (Ctrl+C again to quit at once)…');
    this.api.runs.cancel({ workspaceId: this.workspaceId, runId: this.runId }).catch((error: unknown) => {
      this.reporter.notice(`Could not cancel: ${error instanceof Error ? error.message : String(error)}`);
      void this.finish();
    });
  }

  private async pendingApprovals(): Promise<Approval[]> {
    return this.api.approvals.list({ workspaceId: this.workspaceId, runId: this.runId, status: 'pending' });
  }

  private enqueue(task: () => Promise<void>): void {
    this.queue = this.queue
      .then(() => (this.finished ? undefined : task()))
      .catch((error: unknown) => {
        this.reporter.notice(`tizmor: ${error instanceof Error ? error.message : String(error)}`);
        void this.finish();
      });
  }

  private async finish(known?: RunSummary): Promise<void> {
    if (this.finished) return;
    this.finished = true;
    this.prompts.abort();
    this.stopInterrupt();
    let run = known;
    try {
      run ??= (await this.api.runs.get({ workspaceId: this.workspaceId, runId: this.runId })).run;
    } catch {
      // The summary is only for the last line; the exit code below still says how it ended.
    }
    if (run) this.reporter.finished(run);
    this.resolve(exitCodeFor(run?.status));
  }
}

/** 0 completed, 1 failed, 3 cancelled or waiting for a person. */
export function exitCodeFor(status: RunStatus | undefined): ExitCode {
  if (status === 'completed') return EXIT.ok;
  if (status === 'failed' || status === undefined) return EXIT.failure;
  return EXIT.incomplete;
}

function parseAnswer(answer: string, interrupted: boolean): Decision | 'later' | null {
  if (['y', 'yes', 'a', 'approve'].includes(answer)) return 'approve';
  if (['n', 'no', 'r', 'reject'].includes(answer)) return 'reject';
  if (interrupted && ['s', 'skip'].includes(answer)) return 'skip';
  if (['l', 'later'].includes(answer)) return 'later';
  return null;
}

function describeInput(input: unknown): string {
  if (input === null || input === undefined) return '';
  const text = JSON.stringify(input);
  return `  Input: ${text.length > 300 ? `${text.slice(0, 300)}…` : text}\n`;
}
