import type { AgentResult, ExecuteContext, ExecuteStage } from './types';

/** Gives each attempt its own signal, aborted by the run's cancel or by the step's `timeoutMs`. */
export const timeoutStage: ExecuteStage = (context, next) => {
  if (context.step.timeoutMs === undefined) {
    // No time limit: the run's own signal is the attempt's, and no promise of this stage's own.
    context.signal = context.runSignal;
    return next();
  }
  return timed(context, context.step.timeoutMs, next);
};

async function timed(context: ExecuteContext, timeoutMs: number, next: () => Promise<AgentResult>): Promise<AgentResult> {
  const controller = new AbortController();
  const onRunAbort = () => controller.abort(context.runSignal.reason);
  if (context.runSignal.aborted) onRunAbort();
  else context.runSignal.addEventListener('abort', onRunAbort, { once: true });
  const timer = setTimeout(() => {
    const error = new Error(`The attempt took longer than ${timeoutMs} ms.`);
    error.name = 'TimeoutError';
    controller.abort(error);
  }, timeoutMs);
  context.signal = controller.signal;
  try {
    return await next();
  } finally {
    clearTimeout(timer);
    context.runSignal.removeEventListener('abort', onRunAbort);
  }
}
