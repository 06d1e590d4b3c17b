import type { ResourceLocks } from '../../safety/resource-locks';
import type { AgentResult, ExecuteContext, ExecuteStage } from './types';

/** Holds the step's resources for as long as it runs: no two holders of one resource overlap. */
export function lockStage(locks: ResourceLocks): ExecuteStage {
  // Not async for a step without resources: it passes straight through.
  return (context, next) => (context.resources.length === 0 ? next() : locked(locks, context, next));
}

async function locked(locks: ResourceLocks, context: ExecuteContext, next: () => Promise<AgentResult>): Promise<AgentResult> {
  const started = performance.now();
  const release = await locks.acquire(context.resources, context.runSignal);
  const waited = performance.now() - started;
  if (waited >= 50) context.onWait(`Waited ${Math.round(waited)} ms for ${context.resources.map((name) => name.split(':').slice(1).join(':')).join(', ')}.`);
  try {
    return await next();
  } finally {
    release();
  }
}
