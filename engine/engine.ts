import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { mkdirSync } from 'node:fs';
import type { Envelope, Handlers, HostKind, TizmorEvent } from './api';
import type { z } from 'zod';
import { createEventBus } from './core/event-bus';
import type { EngineContext } from './core/context';
import { planHandlers } from './core/plan-service';
import { settingsHandlers } from './core/settings-service';
import { ensureDefaultWorkspace, workspaceHandlers } from './core/workspace-service';
import { createDispatcher } from './rpc/dispatcher';
import { openSqliteStore } from './store/sqlite-store';
import type { Store } from './store/store';

export interface EngineOptions {
  /** The data folder; `null` keeps everything in memory (tests). */
  dataDir: string | null;
  host: z.infer<typeof HostKind>;
  appVersion: string;
  /** Where the engine writes lines about failures that are not the caller's fault. */
  log?: (line: string) => void;
  /** A better-sqlite3 native module built for another runtime (Electron's ABI); the Node build by default. */
  sqliteNativeBinding?: string | undefined;
  /** Replace the clock and id source (tests). */
  now?: () => string;
  newId?: () => string;
}

/** The engine behind one contract: every host calls {@link Engine.dispatch} and listens with {@link Engine.onEvent}. */
export interface Engine {
  /** Validates a raw call against the contract and runs it; never throws. */
  dispatch(method: string, input: unknown): Promise<Envelope>;
  /** Subscribes to every event; returns the unsubscribe. */
  onEvent(listener: (event: TizmorEvent) => void): () => void;
  readonly store: Store;
  close(): void;
}

/** The database file inside a data folder. */
export const DATABASE_FILE = 'tizmor.sqlite';

export function openEngine(options: EngineOptions): Engine {
  const log = options.log ?? ((line: string) => console.error(line));
  let filename = ':memory:';
  if (options.dataDir !== null) {
    mkdirSync(options.dataDir, { recursive: true });
    filename = join(options.dataDir, DATABASE_FILE);
  }
  const store = openSqliteStore({ filename, nativeBinding: options.sqliteNativeBinding });
  const bus = createEventBus((error) => log(`event listener failed: ${String(error)}`));
  const context: EngineContext = {
    store,
    bus,
    now: options.now ?? (() => new Date().toISOString()),
    newId: options.newId ?? (() => randomUUID()),
  };
  const defaultWorkspace = ensureDefaultWorkspace(context);
  const startedAt = context.now();

  const handlers: Handlers = {
    'system.status': async () => ({
      appVersion: options.appVersion,
      host: options.host,
      schemaVersion: store.schemaVersion,
      dataDir: options.dataDir,
      defaultWorkspaceId: defaultWorkspace.id,
      startedAt,
    }),
    ...workspaceHandlers(context),
    ...planHandlers(context),
    ...settingsHandlers(context),
  };
  const dispatch = createDispatcher(handlers, {
    onInternalError: (method, error) => log(`${method} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`),
  });

  let closed = false;
  return {
    dispatch: (method, input) =>
      closed
        ? Promise.resolve({ ok: false, error: { code: 'unavailable', message: 'The engine is closed.' } })
        : dispatch(method, input),
    onEvent: (listener) => bus.subscribe(listener),
    store,
    close() {
      if (closed) return;
      closed = true;
      store.close();
    },
  };
}
