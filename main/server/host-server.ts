import { timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';
import type { Engine } from '../../engine/engine';
import { serveSocket } from './socket-session';
import { serveStatic } from './static-files';
import { HOOKS_PREFIX, handleWebhookRequest } from './webhook-route';

export interface HostServerOptions {
  engine: Engine;
  /** The folder of the renderer build (out/renderer). */
  staticDir: string;
  /** The secret every socket must present as `?token=`. */
  token: string;
  /** 127.0.0.1 unless the user asks for another interface. */
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  log?: (line: string) => void;
}

export interface HostServer {
  readonly port: number;
  /** The address a person opens: `http://HOST:PORT/?token=TOKEN`. */
  readonly url: string;
  close(): Promise<void>;
}

/** The close code a socket gets when its token is missing or wrong. */
export const CLOSE_UNAUTHORIZED = 4401;
/** The close code a socket gets when opened from another site's page. */
export const CLOSE_FORBIDDEN_ORIGIN = 4403;
/** Frames above this size close the socket outright; below it, oversized requests get a typed `too_large` reply. */
const HARD_FRAME_LIMIT = 64 * 1024 * 1024;

function tokenMatches(expected: string, given: string | null): boolean {
  if (given === null) return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}

function sameOrigin(request: IncomingMessage): boolean {
  const origin = request.headers.origin;
  if (!origin) return true;
  try {
    return new URL(origin).host === request.headers.host;
  } catch {
    return false;
  }
}

/** The headless host: the renderer build over HTTP and the contract over a WebSocket at `/ws`. */
export async function startHostServer(options: HostServerOptions): Promise<HostServer> {
  const log = options.log ?? (() => undefined);
  const host = options.host ?? '127.0.0.1';
  const http = createServer((request, response) => {
    // Webhooks first: they are POSTs, signed per trigger, and never reach the static files.
    if ((request.url ?? '').startsWith(HOOKS_PREFIX)) {
      handleWebhookRequest(options.engine, request, response, log);
      return;
    }
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405, { allow: 'GET, HEAD' }).end();
      return;
    }
    serveStatic(options.staticDir, request.url ?? '/', response);
  });
  const sockets = new WebSocketServer({ noServer: true, maxPayload: HARD_FRAME_LIMIT });
  const disposers = new Set<() => void>();

  http.on('upgrade', (request, stream, head) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    if (url.pathname !== '/ws') {
      stream.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n');
      return;
    }
    sockets.handleUpgrade(request, stream, head, (socket) => {
      socket.on('error', (error) => log(`socket error: ${error.message}`));
      if (!sameOrigin(request)) {
        socket.close(CLOSE_FORBIDDEN_ORIGIN, 'forbidden origin');
        return;
      }
      if (!tokenMatches(options.token, url.searchParams.get('token'))) {
        socket.close(CLOSE_UNAUTHORIZED, 'unauthorized');
        return;
      }
      const dispose = serveSocket(socket, options.engine);
      disposers.add(dispose);
      socket.on('close', () => {
        dispose();
        disposers.delete(dispose);
      });
    });
  });

  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(options.port ?? 0, host, () => {
      http.off('error', reject);
      resolve();
    });
  });
  const port = (http.address() as AddressInfo).port;
  const shownHost = host.includes(':') ? `[${host}]` : host;
  return {
    port,
    url: `http://${shownHost}:${port}/?token=${options.token}`,
    async close() {
      for (const dispose of disposers) dispose();
      for (const client of sockets.clients) client.terminate();
      sockets.close();
      await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
}
