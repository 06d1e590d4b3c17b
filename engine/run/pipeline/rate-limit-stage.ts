import type { RateLimiter } from '../../safety/rate-limiter';
import type { AgentResult, ExecuteContext, ExecuteStage } from './types';

/** Waits for the step's rate-limit keys; charges the tokens the agent reported afterwards. */
export function rateLimitStage(limiter: RateLimiter): ExecuteStage {
  // Not async when no key has a limit: most steps pass straight through, without a promise of their own.
  return (context, next) => (limiter.limits(context.rateKeys) ? limited(limiter, context, next) : next());
}

async function limited(limiter: RateLimiter, context: ExecuteContext, next: () => Promise<AgentResult>): Promise<AgentResult> {
  const started = performance.now();
  await limiter.acquire(context.rateKeys, context.runSignal);
  const waited = performance.now() - started;
  if (waited >= 50) context.onWait(`Waited ${Math.round(waited)} ms for the rate limit (${context.rateKeys.join(', ')}).`);
  try {
    return await next();
  } finally {
    limiter.charge(context.rateKeys, context.tokensUsed());
  }
}
