import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '../../..');
const serverScript = join(root, 'out/main/server.js');
const readyLine = /^Tizmor ready at (http:\/\/[^/\s]+)\/\?token=(\S+)$/m;

/** A running headless host (`node out/main/server.js`) on a free port. */
export interface RunningHost {
  /** `http://127.0.0.1:PORT` */
  origin: string;
  token: string;
  /** The address a person opens, token included. */
  url: string;
  /** `ws://127.0.0.1:PORT/ws?token=TOKEN` */
  socketUrl: string;
  dataDir: string;
  /** Stops the process and waits for it to exit. */
  stop(): Promise<void>;
}

/** A fresh, empty data folder; {@link removeDataDir} deletes it. */
export function makeDataDir(): string {
  return mkdtempSync(join(tmpdir(), 'tizmor-e2e-'));
}

export function removeDataDir(dataDir: string): void {
  rmSync(dataDir, { recursive: true, force: true });
}

/** Starts the host on `dataDir` and resolves once it printed its ready line. */
export async function startHost(dataDir: string): Promise<RunningHost> {
  if (!existsSync(serverScript) || !existsSync(join(root, 'out/renderer/index.html'))) {
    throw new Error('The build is missing: run `npm run build` before the browser tests.');
  }
  // A fixed token from the environment would make every host share it; each gets a random one.
  const { TIZMOR_TOKEN: _fixedToken, ...env } = process.env;
  const child = spawn(process.execPath, [serverScript, '--port', '0', '--data-dir', dataDir], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
    env,
  });
  let stdout = '';
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));

  const { origin, token } = await new Promise<{ origin: string; token: string }>((resolveReady, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`The host printed no ready line within 15 s.\nstdout: ${stdout}\nstderr: ${stderr}`));
    }, 15_000);
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const match = readyLine.exec(stdout);
      if (match) {
        clearTimeout(timer);
        resolveReady({ origin: match[1] as string, token: match[2] as string });
      }
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`The host exited before it was ready (code ${code}, signal ${signal}).\nstderr: ${stderr}`));
    });
  });

  return {
    origin,
    token,
    url: `${origin}/?token=${token}`,
    socketUrl: `${origin.replace(/^http/, 'ws')}/ws?token=${token}`,
    dataDir,
    stop: () => stopProcess(child),
  };
}

async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolveExit) => child.once('exit', () => resolveExit()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
  await exited;
  clearTimeout(timer);
}
