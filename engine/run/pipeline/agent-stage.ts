import { describeIssues } from '../../api';
import { AgentError } from '../../agents/agent-error';
import { abortReason } from '../../safety/abortable-wait';
import type { ExecuteStage } from './types';

/** Checks the input against the agent's schema, runs the agent, checks its output. Settles as soon as the attempt's signal aborts. */
export const agentStage: ExecuteStage = async (context) => {
  const parsed = context.agent.input.safeParse(context.input);
  if (!parsed.success) {
    const issues = describeIssues(parsed.error);
    throw new AgentError(`The input does not fit ${context.agent.id}: ${issues.map((issue) => `${issue.path}: ${issue.message}`).join('; ')}`, {
      details: issues,
    });
  }
  const signal = context.signal;
  if (signal.aborted) throw abortReason(signal);
  const output = await new Promise<unknown>((resolve, reject) => {
    const onAbort = () => reject(abortReason(signal));
    signal.addEventListener('abort', onAbort, { once: true });
    context.agent.execute(parsed.data, context.agentContext()).then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
  const checked = context.agent.output.safeParse(output);
  if (!checked.success) {
    throw new AgentError(`${context.agent.id} returned an output that does not fit its schema: ${describeIssues(checked.error)[0]?.message ?? ''}`);
  }
  return { output: checked.data };
};
