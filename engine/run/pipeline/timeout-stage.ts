import type { ExecuteStage } from './types';

/** Gives each attempt its own signal, aborted by the run's cancel or by the step's `timeoutMs`. */
export const timeoutStage: ExecuteStage = async (context, next) => {
  if (context.step.timeoutMs === undefined) {
    // No time limit: the run's own signal is the attempt's.
    context.signal = context.runSignal;
    return next();
  }
  const controller = new AbortController();
  const onRunAbort = () => controller.abort(context.runSignal.reason);
  if (context.runSignal.aborted) onRunAbort();
  else context.runSignal.addEventListener('abort', onRunAbort, { once: true });
  const timeoutMs = context.step.timeoutMs;
  const timer =
    timeoutMs === undefined
      ? undefined
      : setTimeout(() => {
          const error = new Error(`The attempt took longer than ${timeoutMs} ms.`);
          error.name = 'TimeoutError';
          controller.abort(error);
        }, timeoutMs);
  context.signal = controller.signal;
  try {
    return await next();
  } finally {
    if (timer) clearTimeout(timer);
    context.runSignal.removeEventListener('abort', onRunAbort);
  }
};
