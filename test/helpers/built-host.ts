import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import WebSocket from 'ws';
import { createClient, createWebSocketTransport, type TizmorClient } from '../../engine/api';

/** The built CLI the crash tests start as a real host process (`npm run build` makes it). */
export const BUILT_CLI = join(process.cwd(), 'out/main/cli.js');

/** A real host process (`node out/main/cli.js serve`) on a port it chose. */
export interface BuiltHost {
  child: ChildProcess;
  port: number;
  exited: Promise<number | null>;
}

/**
 * Starts and reaches real host processes that share one token, keeping every line they write on
 * stderr (`log`) and every child still alive, so a test can kill what is left when it ends.
 */
export function builtHosts(token: string) {
  const children = new Set<ChildProcess>();
  const log: string[] = [];

  /** Spawns the built host on `dataDir` and waits for its ready line. */
  async function start(dataDir: string): Promise<BuiltHost> {
    const child = spawn(process.execPath, [BUILT_CLI, '--data-dir', dataDir, 'serve', '--port', '0'], {
      env: { ...process.env, TIZMOR_TOKEN: token },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.add(child);
    const exited = new Promise<number | null>((resolve) =>
      child.once('exit', (code) => {
        children.delete(child);
        resolve(code);
      }),
    );
    child.stderr!.on('data', (chunk: Buffer) => log.push(...chunk.toString().split('\n').filter(Boolean)));
    const port = await new Promise<number>((resolve, reject) => {
      let text = '';
      const timer = setTimeout(() => reject(new Error('the host did not print its ready line within 15 s')), 15_000);
      child.stdout!.on('data', (chunk: Buffer) => {
        text += chunk.toString();
        const found = /Tizmor ready at http:\/\/127\.0\.0\.1:(\d+)\//.exec(text);
        if (found) {
          clearTimeout(timer);
          resolve(Number(found[1]));
        }
      });
      void exited.then((code) => {
        clearTimeout(timer);
        reject(new Error(`the host exited (${code}) before it was ready: ${log.slice(-5).join(' | ')}`));
      });
    });
    return { child, port, exited };
  }

  /** A contract client over the host's WebSocket. */
  async function connect(port: number): Promise<{ client: TizmorClient; close: () => void }> {
    const transport = createWebSocketTransport({ url: `ws://127.0.0.1:${port}/ws?token=${token}`, WebSocket });
    await transport.ready;
    return { client: createClient(transport), close: () => transport.close() };
  }

  /** Kills every host still running. */
  function killAll(): void {
    for (const child of children) child.kill('SIGKILL');
  }

  return { start, connect, killAll, log };
}
