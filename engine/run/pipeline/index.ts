import type { RateLimiter } from '../../safety/rate-limiter';
import type { ResourceLocks } from '../../safety/resource-locks';
import { agentStage } from './agent-stage';
import { approvalGate } from './approval-gate';
import { checkCache } from './cache-stage';
import { lockStage } from './lock-stage';
import { rateLimitStage } from './rate-limit-stage';
import { resolveInput } from './resolve-input';
import { retryStage } from './retry-stage';
import { timeoutStage } from './timeout-stage';
import type { AgentResult, ExecuteContext, ExecuteStage, PrepareContext, PrepareStage, Preparation } from './types';

/** Before a step takes a slot: references → cache → approval gate. */
export const prepareStages: readonly PrepareStage[] = [resolveInput, checkCache, approvalGate];

export function prepare(context: PrepareContext, input: unknown, stages: readonly PrepareStage[] = prepareStages): Preparation {
  const at = (index: number) => (value: unknown): Preparation => {
    const stage = stages[index];
    return stage ? stage(context, value, at(index + 1)) : { kind: 'run', input: value };
  };
  return at(0)(input);
}

/** Once it holds a slot: rate limit → locks → retry with backoff → timeout → agent. */
export function executeStages(limiter: RateLimiter, locks: ResourceLocks): ExecuteStage[] {
  return [rateLimitStage(limiter), lockStage(locks), retryStage, timeoutStage, agentStage];
}

export function execute(context: ExecuteContext, stages: readonly ExecuteStage[]): Promise<AgentResult> {
  const at = (index: number) => (): Promise<AgentResult> => {
    const stage = stages[index];
    if (!stage) return Promise.reject(new Error('The step pipeline ended without an agent stage.'));
    return stage(context, at(index + 1));
  };
  return at(0)();
}

export type { AgentResult, ExecuteContext, ExecuteStage, PrepareContext, PrepareStage, Preparation };
