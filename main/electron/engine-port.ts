import type { Envelope, TizmorEvent } from '../../engine/api';

/**
 * The engine as the Electron host sees it. Mirrors `Engine` / `EngineOptions` of
 * `engine/engine.ts`; kept here until that module lands, then replaced by a re-export.
 */
export interface EngineOptions {
  /** The data folder; `null` keeps everything in memory. */
  dataDir: string | null;
  host: 'electron' | 'server' | 'cli' | 'test';
  appVersion: string;
  log?: (line: string) => void;
}

export interface Engine {
  /** Validates the call against the contract and runs it; never throws. */
  dispatch: (method: string, input: unknown) => Promise<Envelope>;
  /** Subscribes to every engine event; returns the unsubscribe. */
  onEvent(listener: (event: TizmorEvent) => void): () => void;
  close(): void;
}
