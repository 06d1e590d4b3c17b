import {
  TizmorError,
  describeIssues,
  isMethodName,
  methods,
  toErrorShape,
  type Envelope,
  type Handlers,
  type MethodName,
} from '../api';

/** Validates a raw call against the contract and runs its handler. Never throws: every failure is an {@link Envelope}. */
export type Dispatch = (method: string, input: unknown) => Promise<Envelope>;

export interface DispatcherOptions {
  /** Called with failures that are not the caller's fault (code `internal`), for the host's log. */
  onInternalError?: (method: string, error: unknown) => void;
}

export function createDispatcher(handlers: Handlers, options: DispatcherOptions = {}): Dispatch {
  return async (method, input) => {
    try {
      if (typeof method !== 'string' || !isMethodName(method)) {
        throw new TizmorError('unknown_method', `There is no method named "${String(method).slice(0, 100)}".`);
      }
      const spec = methods[method];
      const parsed = spec.input.safeParse(input ?? {});
      if (!parsed.success) {
        throw new TizmorError('bad_input', `The input of ${method} is not valid.`, describeIssues(parsed.error));
      }
      const handler = handlers[method] as (value: unknown) => Promise<unknown>;
      const result = await handler(parsed.data);
      return { ok: true, result };
    } catch (error) {
      const shape = toErrorShape(error);
      if (shape.code === 'internal') options.onInternalError?.(method, error);
      return { ok: false, error: shape };
    }
  };
}

export type { MethodName };
