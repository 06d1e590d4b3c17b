import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { createClient, createWebSocketTransport, type TizmorClient, type WebSocketTransport } from '../../engine/api';
import { serve, type RunningHost } from '../../main/server/serve';

export interface HostFixture {
  host: RunningHost;
  dataDir: string;
  staticDir: string;
  token: string;
  port: number;
  connect(token?: string, options?: { origin?: string }): Promise<{ client: TizmorClient; transport: WebSocketTransport }>;
  restart(): Promise<void>;
  stop(): Promise<void>;
}

/** A real headless host on 127.0.0.1, a free port, a fresh data folder and a tiny renderer build. */
export async function startHostFixture(): Promise<HostFixture> {
  const dataDir = mkdtempSync(join(tmpdir(), 'tizmor-host-'));
  const staticDir = mkdtempSync(join(tmpdir(), 'tizmor-static-'));
  writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>Tizmor</title><div id="root"></div>');
  const token = 'test-token-0123456789';
  const start = () => serve({ dataDir, port: 0, host: '127.0.0.1', token, staticDir, log: () => undefined });
  const sockets: WebSocketTransport[] = [];
  const fixture: HostFixture = {
    host: await start(),
    dataDir,
    staticDir,
    token,
    get port() {
      return fixture.host.server.port;
    },
    async connect(useToken = token, options = {}) {
      const url = `ws://127.0.0.1:${fixture.host.server.port}/ws?token=${encodeURIComponent(useToken)}`;
      const Socket = class extends WebSocket {
        constructor(address: string) {
          super(address, options.origin ? { origin: options.origin } : {});
        }
      };
      const transport = createWebSocketTransport({ url, WebSocket: Socket });
      sockets.push(transport);
      await transport.ready;
      return { client: createClient(transport), transport };
    },
    async restart() {
      for (const socket of sockets.splice(0)) socket.close();
      await fixture.host.stop();
      fixture.host = await start();
    },
    async stop() {
      for (const socket of sockets.splice(0)) socket.close();
      await fixture.host.stop();
      rmSync(dataDir, { recursive: true, force: true });
      rmSync(staticDir, { recursive: true, force: true });
    },
  };
  return fixture;
}
