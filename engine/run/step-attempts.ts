import type { AgentContext, AnyAgent } from '../agents/agent';
import type { Step } from '../api';
import type { ExecuteContext } from './pipeline';

/** What a run does for the attempts of one of its steps (`S` is the run's own record of a step). */
export interface AttemptHost<S> {
  agentContext(slot: S, execution: ExecuteContext): AgentContext;
  retry(slot: S, failedAttempt: number, error: unknown, delayMs: number): void;
  attempt(slot: S, attempt: number): void;
  wait(slot: S, message: string): void;
  tokensUsed(slot: S): number;
}

/**
 * The {@link ExecuteContext} of one step's run through the pipeline: its callbacks are methods that hand
 * the step to the run, so a step costs one object here rather than one closure per callback.
 */
export class StepAttempts<S> implements ExecuteContext {
  signal: AbortSignal;

  constructor(
    private readonly host: AttemptHost<S>,
    private readonly slot: S,
    readonly step: Step,
    readonly agent: AnyAgent,
    readonly input: unknown,
    readonly runSignal: AbortSignal,
    public attempt: number,
    readonly rateKeys: string[],
    readonly resources: string[],
    readonly random: () => number,
  ) {
    this.signal = runSignal;
  }

  agentContext(): AgentContext {
    return this.host.agentContext(this.slot, this);
  }

  onRetry(attempt: number, error: unknown, delayMs: number): void {
    this.host.retry(this.slot, attempt, error, delayMs);
  }

  onAttempt(attempt: number): void {
    this.host.attempt(this.slot, attempt);
  }

  onWait(message: string): void {
    this.host.wait(this.slot, message);
  }

  tokensUsed(): number {
    return this.host.tokensUsed(this.slot);
  }
}
