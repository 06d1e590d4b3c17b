import type { EventName, EventPayload, TizmorEvent } from '../api';

/** Delivers engine events to subscribers. Emitted only after the change is committed. */
export interface EventBus {
  emit<E extends EventName>(event: E, payload: EventPayload<E>): void;
  /** Subscribes to every event; returns the unsubscribe. */
  subscribe(listener: (event: TizmorEvent) => void): () => void;
}

export function createEventBus(onListenerError?: (error: unknown) => void): EventBus {
  // Copied on (un)subscribe, not on every emit: a listener that (un)subscribes during an emit does not change who gets that event.
  let listeners: readonly ((event: TizmorEvent) => void)[] = [];
  return {
    emit(event, payload) {
      const message = { event, payload } as TizmorEvent;
      for (const listener of listeners) {
        try {
          listener(message);
        } catch (error) {
          onListenerError?.(error);
        }
      }
    },
    subscribe(listener) {
      if (!listeners.includes(listener)) listeners = [...listeners, listener];
      return () => {
        listeners = listeners.filter((other) => other !== listener);
      };
    },
  };
}
