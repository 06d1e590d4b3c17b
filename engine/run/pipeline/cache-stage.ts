import { createHash } from 'node:crypto';
import type { AnyAgent } from '../../agents/agent';
import type { Step } from '../../api';
import { canonicalJson } from '../../plan/content-hash';
import type { PrepareStage } from './types';

/** Content address of a step result: workspace, agent id and version, the resolved input, and for a map item its element. */
export function cacheKey(workspaceId: string, agent: Pick<AnyAgent, 'id' | 'version'>, input: unknown, item?: { value: unknown }): string {
  const hash = createHash('sha256').update(`${workspaceId}\n${agent.id}\n${agent.version}\n${canonicalJson(input)}`);
  if (item) hash.update(`\nitem\n${canonicalJson(item.value)}`);
  return hash.digest('hex');
}

/** Whether a step's result may come from (and go to) the cache: on for read-only idempotent agents unless the step says otherwise. */
export function cacheEnabled(step: Step, agent: AnyAgent): boolean {
  if (step.cache !== undefined) return step.cache;
  return agent.risk === 'read' && agent.idempotent && agent.cacheable !== false;
}

/** Answers from the cache when the same agent already ran on the same input. */
export const checkCache: PrepareStage = (context, input, next) => {
  if (!cacheEnabled(context.step, context.agent)) return next(input);
  const hit = context.cache.lookup(cacheKey(context.workspaceId, context.agent, input, context.item));
  return hit ? { kind: 'cached', input, output: hit.output } : next(input);
};
