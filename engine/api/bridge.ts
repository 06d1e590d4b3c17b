import type { ApiErrorShape } from './errors';
import { TizmorError } from './errors';
import type { EventName } from './events';
import { methodNames, type MethodName } from './methods';
import type { Transport } from './client';

/** What one call returns across a process boundary: errors travel as data, since thrown errors lose their fields. */
export type Envelope = { ok: true; result: unknown } | { ok: false; error: ApiErrorShape };

/**
 * What the Electron preload exposes as `window.tizmor`: one function per method
 * (`bridge.plans.list(input)` resolves to an {@link Envelope}) and `on(event, cb)` returning an unsubscribe.
 */
export type TizmorBridge = Record<string, Record<string, (input: unknown) => Promise<Envelope>>> & {
  on(event: EventName, listener: (payload: unknown) => void): () => void;
};

/** Builds the bridge object from a raw invoke function, one entry per contract method. */
export function buildBridge(
  invoke: (method: MethodName, input: unknown) => Promise<Envelope>,
  on: (event: EventName, listener: (payload: unknown) => void) => () => void,
): TizmorBridge {
  const groups: Record<string, Record<string, (input: unknown) => Promise<Envelope>>> = {};
  for (const name of methodNames) {
    const [group, verb] = name.split('.') as [string, string];
    groups[group] ??= {};
    groups[group][verb] = (input: unknown) => invoke(name, input);
  }
  return Object.assign(groups, { on }) as TizmorBridge;
}

/** A {@link Transport} over the preload bridge. */
export function createBridgeTransport(bridge: TizmorBridge): Transport {
  return {
    async call(method, input) {
      const [group, verb] = method.split('.') as [string, string];
      const fn = bridge[group]?.[verb];
      if (typeof fn !== 'function') throw new TizmorError('unknown_method', `The host does not serve ${method}.`);
      const envelope = await fn(input);
      if (envelope.ok) return envelope.result;
      throw TizmorError.from(envelope.error);
    },
    on: (event, listener) => bridge.on(event, listener),
  };
}
