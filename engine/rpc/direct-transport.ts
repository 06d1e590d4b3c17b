import { TizmorError, createClient, type TizmorClient, type Transport } from '../api';
import type { Engine } from '../engine';

/** A {@link Transport} that calls the engine in the same process (CLI, tests), with the same validation as every host. */
export function createDirectTransport(engine: Engine): Transport {
  return {
    async call(method, input) {
      const envelope = await engine.dispatch(method, input);
      if (envelope.ok) return envelope.result;
      throw TizmorError.from(envelope.error);
    },
    on(event, listener) {
      return engine.onEvent((message) => {
        if (message.event === event) listener(message.payload);
      });
    },
  };
}

/** A typed client over an engine in this process. */
export function createDirectClient(engine: Engine): TizmorClient {
  return createClient(createDirectTransport(engine));
}
