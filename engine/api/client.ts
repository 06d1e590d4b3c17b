import type { EventName, EventPayload } from './events';
import { methodNames, type Input, type MethodName, type Output } from './methods';

/** The smallest thing a transport must do: call a method by name and deliver events. */
export interface Transport {
  call(method: MethodName, input: unknown): Promise<unknown>;
  /** Subscribes to one event; returns the unsubscribe. */
  on(event: EventName, listener: (payload: unknown) => void): () => void;
}

type Group<M> = M extends `${infer G}.${string}` ? G : never;
type Verb<G extends string, M> = M extends `${G}.${infer V}` ? V : never;

type MethodFn<M extends MethodName> = (input: Input<M>) => Promise<Output<M>>;

/** `client.plans.list({...})`: one async function per method, grouped, typed from the contract. */
export type TizmorClient = {
  [G in Group<MethodName>]: {
    [V in Verb<G, MethodName>]: MethodFn<Extract<`${G}.${V}`, MethodName>>;
  };
} & {
  /** Subscribes to one event; returns the unsubscribe. */
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
};

/** Builds a typed client over any transport, with no per-method code. */
export function createClient(transport: Transport): TizmorClient {
  const groups: Record<string, Record<string, (input: unknown) => Promise<unknown>>> = {};
  for (const name of methodNames) {
    const [group, verb] = name.split('.') as [string, string];
    groups[group] ??= {};
    groups[group][verb] = (input: unknown) => transport.call(name, input ?? {});
  }
  const on = (event: EventName, listener: (payload: unknown) => void) => transport.on(event, listener);
  // The object is built from the same method table the type is derived from.
  return { ...groups, on } as unknown as TizmorClient;
}
