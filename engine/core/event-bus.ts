import type { EventName, EventPayload, TizmorEvent } from '../api';

/** Delivers engine events to subscribers. Emitted only after the change is committed. */
export interface EventBus {
  emit<E extends EventName>(event: E, payload: EventPayload<E>): void;
  /** Subscribes to every event; returns the unsubscribe. */
  subscribe(listener: (event: TizmorEvent) => void): () => void;
}

export function createEventBus(onListenerError?: (error: unknown) => void): EventBus {
  const listeners = new Set<(event: TizmorEvent) => void>();
  return {
    emit(event, payload) {
      const message = { event, payload } as TizmorEvent;
      for (const listener of [...listeners]) {
        try {
          listener(message);
        } catch (error) {
          onListenerError?.(error);
        }
      }
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
