import type { Step } from '../../api';
import type { AnyAgent } from '../../agents/agent';
import type { PrepareStage } from './types';

/** Why a step needs a person's approval, or null. `auto` (the default) asks for agents that write or reach outside. */
export function approvalReason(step: Step, agent: AnyAgent): string | null {
  const policy = step.approval ?? 'auto';
  if (policy === 'never') return null;
  if (policy === 'always') return 'This step is set to always ask before it runs.';
  if (agent.risk === 'write') return `The agent "${agent.id}" writes files.`;
  if (agent.risk === 'external') return `The agent "${agent.id}" reaches outside this computer.`;
  return null;
}

/** Stops a step that needs approval until a person (or `--yes`) approves it. */
export const approvalGate: PrepareStage = (context, input, next) => {
  if (context.approvedInput) return next(input);
  const reason = approvalReason(context.step, context.agent);
  return reason ? { kind: 'approval', input, reason } : next(input);
};
