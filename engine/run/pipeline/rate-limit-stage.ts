import type { RateLimiter } from '../../safety/rate-limiter';
import type { ExecuteStage } from './types';

/** Waits for the step's rate-limit keys; charges the tokens the agent reported afterwards. */
export function rateLimitStage(limiter: RateLimiter): ExecuteStage {
  return async (context, next) => {
    if (!limiter.limits(context.rateKeys)) return next();
    const started = performance.now();
    await limiter.acquire(context.rateKeys, context.runSignal);
    const waited = performance.now() - started;
    if (waited >= 50) context.onWait(`Waited ${Math.round(waited)} ms for the rate limit (${context.rateKeys.join(', ')}).`);
    try {
      return await next();
    } finally {
      limiter.charge(context.rateKeys, context.tokensUsed());
    }
  };
}
