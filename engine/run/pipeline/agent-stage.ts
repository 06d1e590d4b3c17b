import { describeIssues } from '../../api';
import { AgentError } from '../../agents/agent-error';
import { abortReason } from '../../safety/abortable-wait';
import type { ExecuteStage } from './types';

/** Checks the input against the agent's schema, runs the agent, checks its output. Settles as soon as the attempt's signal aborts. */
export const agentStage: ExecuteStage = (context) => {
  // Not async: a step costs no suspended function here, only the promises it needs.
  try {
    const parsed = context.agent.input.safeParse(context.input);
    if (!parsed.success) {
      const issues = describeIssues(parsed.error);
      throw new AgentError(`The input does not fit ${context.agent.id}: ${issues.map((issue) => `${issue.path}: ${issue.message}`).join('; ')}`, {
        details: issues,
      });
    }
    const signal = context.signal;
    if (signal.aborted) throw abortReason(signal);
    return untilAborted(signal, () => context.agent.execute(parsed.data, context.agentContext())).then((output) => {
      const checked = context.agent.output.safeParse(output);
      if (!checked.success) {
        throw new AgentError(`${context.agent.id} returned an output that does not fit its schema: ${describeIssues(checked.error)[0]?.message ?? ''}`);
      }
      return { output: checked.data };
    });
  } catch (error) {
    return Promise.reject(error);
  }
};

const ONCE = { once: true } as const;

/** What `work` settles with, or the signal's reason as soon as it aborts (the work may go on; its result is dropped). */
function untilAborted(signal: AbortSignal, work: () => Promise<unknown>): Promise<unknown> {
  return new Promise<unknown>((resolve, reject) => {
    const onAbort = () => reject(abortReason(signal));
    signal.addEventListener('abort', onAbort, ONCE);
    const done = () => signal.removeEventListener('abort', onAbort);
    work().then(
      (value) => {
        done();
        resolve(value);
      },
      (error: unknown) => {
        done();
        reject(error);
      },
    );
  });
}
