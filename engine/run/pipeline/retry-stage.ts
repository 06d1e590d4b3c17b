import { AgentError } from '../../agents/agent-error';
import { sleep } from '../../safety/abortable-wait';
import type { AgentResult, ExecuteContext, ExecuteStage } from './types';

/** Attempts when a step sets no retry policy, and the first backoff. */
export const DEFAULT_MAX_ATTEMPTS = 3;
export const DEFAULT_BACKOFF_MS = 500;
const MAX_BACKOFF_MS = 60_000;

/** Worth another attempt: an agent said so, or the attempt timed out. Cancellation never is. */
export function isRetryable(error: unknown): boolean {
  if (error instanceof AgentError) return error.retryable;
  return error instanceof Error && error.name === 'TimeoutError';
}

/** Exponential backoff with full jitter: a random wait in [base·2^(n-1) / 2, base·2^(n-1)]. */
export function backoffDelay(baseMs: number, failedAttempt: number, random: () => number): number {
  const ceiling = Math.min(MAX_BACKOFF_MS, baseMs * 2 ** (failedAttempt - 1));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

/** Runs the rest of the pipeline up to `retry.maxAttempts` times while failures are retryable. */
export const retryStage: ExecuteStage = (context, next) =>
  // The first attempt passes straight through: only a failure pays for the retry loop.
  attempt(next).catch((error: unknown) => retryAfter(context, next, error));

async function retryAfter(context: ExecuteContext, next: () => Promise<AgentResult>, failure: unknown): Promise<AgentResult> {
  const maxAttempts = context.step.retry?.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
  const baseMs = context.step.retry?.backoffMs ?? DEFAULT_BACKOFF_MS;
  let error = failure;
  for (;;) {
    if (context.runSignal.aborted || !isRetryable(error) || context.attempt >= maxAttempts) throw error;
    const delay = backoffDelay(baseMs, context.attempt, context.random);
    context.onRetry(context.attempt, error, delay);
    await sleep(delay, context.runSignal);
    context.attempt += 1;
    context.onAttempt(context.attempt);
    try {
      return await next();
    } catch (again) {
      error = again;
    }
  }
}

/** The rest of the pipeline, with a synchronous throw turned into a rejection. */
function attempt(next: () => Promise<AgentResult>): Promise<AgentResult> {
  try {
    return next();
  } catch (error) {
    return Promise.reject(error);
  }
}
