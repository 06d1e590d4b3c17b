import type { Store } from '../store/store';
import type { EventBus } from './event-bus';

/** What every engine service is given: the store, the event bus, a clock and an id source (both replaceable in tests). */
export interface EngineContext {
  store: Store;
  bus: EventBus;
  now(): string;
  newId(): string;
}
