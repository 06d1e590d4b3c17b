import type { ResourceLocks } from '../../safety/resource-locks';
import type { ExecuteStage } from './types';

/** Holds the step's resources for as long as it runs: no two holders of one resource overlap. */
export function lockStage(locks: ResourceLocks): ExecuteStage {
  return async (context, next) => {
    if (context.resources.length === 0) return next();
    const started = performance.now();
    const release = await locks.acquire(context.resources, context.runSignal);
    const waited = performance.now() - started;
    if (waited >= 50) context.onWait(`Waited ${Math.round(waited)} ms for ${context.resources.map((name) => name.split(':').slice(1).join(':')).join(', ')}.`);
    try {
      return await next();
    } finally {
      release();
    }
  };
}
