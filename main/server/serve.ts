import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openEngine, type Engine } from '../../engine/engine';
import type { TriggerOptions } from '../../engine/triggers';
import { APP_VERSION } from '../shared/app-version';
import { startHostServer, type HostServer } from './host-server';

export interface ServeOptions {
  dataDir: string;
  port: number;
  host: string;
  /** A fixed token (TIZMOR_TOKEN); a random one otherwise. */
  token?: string | undefined;
  staticDir?: string | undefined;
  log: (line: string) => void;
  /** Trigger settings for the engine (tests: a fake clock, fast retries). */
  triggers?: TriggerOptions;
}

export interface RunningHost {
  engine: Engine;
  server: HostServer;
  stop(): Promise<void>;
}

/** Where the renderer build sits beside the built host (out/main → out/renderer), or in the source tree. */
export function defaultStaticDir(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  const candidates = [resolve(here, '../renderer'), resolve(here, '../../out/renderer'), resolve(process.cwd(), 'out/renderer')];
  return candidates.find((dir) => existsSync(join(dir, 'index.html'))) ?? candidates[0]!;
}

/** Opens the engine on a data folder and serves it over HTTP + WebSocket. */
export async function serve(options: ServeOptions): Promise<RunningHost> {
  const engine = openEngine({ dataDir: options.dataDir, host: 'server', appVersion: APP_VERSION, log: options.log, recoverRuns: true, triggers: options.triggers });
  try {
    const server = await startHostServer({
      engine,
      staticDir: options.staticDir ?? defaultStaticDir(),
      token: options.token ?? randomBytes(24).toString('hex'),
      host: options.host,
      port: options.port,
      log: options.log,
    });
    // Schedules fire only while a host runs; this one catches up on what it missed, then keeps time.
    engine.triggers.start();
    let stopped = false;
    return {
      engine,
      server,
      async stop() {
        if (stopped) return;
        stopped = true;
        await server.close();
        engine.close();
      },
    };
  } catch (error) {
    engine.close();
    throw error;
  }
}

/** Stops the host on SIGINT / SIGTERM, once. */
export function stopOnSignals(host: RunningHost, log: (line: string) => void): void {
  const stop = (signal: string) => {
    log(`Tizmor stopping (${signal})`);
    host.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        log(`Tizmor could not stop cleanly: ${String(error)}`);
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
}
