import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Engine } from '../../engine/engine';
import { HOOKS_PREFIX, handleWebhookRequest } from './webhook-route';

export interface HooksServerOptions {
  engine: Engine;
  /** 127.0.0.1 unless the user asks for another interface. */
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  log?: (line: string) => void;
}

export interface HooksServer {
  readonly port: number;
  /** e.g. `http://127.0.0.1:8787/hooks/` — a trigger's URL is this plus its id. */
  readonly baseUrl: string;
  close(): Promise<void>;
}

/**
 * An HTTP listener for incoming webhooks only (`POST /hooks/<triggerId>`), for hosts that serve no
 * pages, such as the desktop app. The headless server answers the same route on its own port.
 */
export async function startHooksServer(options: HooksServerOptions): Promise<HooksServer> {
  const log = options.log ?? (() => undefined);
  const host = options.host ?? '127.0.0.1';
  const http = createServer((request, response) => {
    if ((request.url ?? '').startsWith(HOOKS_PREFIX)) {
      handleWebhookRequest(options.engine, request, response, log);
      return;
    }
    request.resume();
    response.writeHead(404, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify({ error: 'not_found', message: 'Only /hooks/<triggerId> is served here.' }));
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
    baseUrl: `http://${shownHost}:${port}${HOOKS_PREFIX}`,
    close: () => new Promise<void>((resolve) => http.close(() => resolve())),
  };
}
