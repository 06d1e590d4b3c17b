import { vi } from 'vitest';
import type { Envelope, TizmorEvent } from '../../../engine/api';
import type { EngineChannel } from '../../../main/electron/ipc';

/** An engine that answers with a fixed envelope (or a given dispatch) and lets a test emit events. */
export function createFakeEngine(dispatch?: EngineChannel['dispatch']) {
  const listeners = new Set<(event: TizmorEvent) => void>();
  const engine = {
    dispatch: vi.fn(dispatch ?? (async (): Promise<Envelope> => ({ ok: true, result: { from: 'engine' } }))),
    onEvent(listener: (event: TizmorEvent) => void) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    emit(event: TizmorEvent) {
      for (const listener of listeners) listener(event);
    },
    listenerCount: () => listeners.size,
  } satisfies EngineChannel & Record<string, unknown>;
  return engine;
}
