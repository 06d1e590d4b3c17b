import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Engine } from '../../engine/engine';
import { MAX_WEBHOOK_BYTES } from '../../engine/triggers';

/** Incoming webhooks are served at `/hooks/<triggerId>`. */
export const HOOKS_PREFIX = '/hooks/';
/** After a 413, the host still reads (and drops) this much so the sender sees the answer; past it, it hangs up. */
const DRAIN_LIMIT = 8 * 1024 * 1024;

function answer(response: ServerResponse, status: number, body: Record<string, unknown>, headers: Record<string, string> = {}): void {
  if (response.headersSent) return;
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...headers });
  response.end(JSON.stringify(body));
}

/** Drops the rest of a refused body (bounded), so the client can read the 413 instead of a reset. */
function drain(request: IncomingMessage): void {
  let dropped = 0;
  request.removeAllListeners('data');
  request.on('data', (chunk: Buffer) => {
    dropped += chunk.byteLength;
    if (dropped > DRAIN_LIMIT) request.destroy();
  });
  request.resume();
}

function tooLarge(request: IncomingMessage, response: ServerResponse): void {
  answer(response, 413, { error: 'too_large', message: `A webhook body may be at most ${MAX_WEBHOOK_BYTES} bytes.` }, { connection: 'close' });
  drain(request);
}

/** Reads the raw body, refusing it (413) as soon as it passes the cap; resolves null when refused or broken. */
function readBody(request: IncomingMessage, response: ServerResponse): Promise<Buffer | null> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let total = 0;
    let done = false;
    const finish = (value: Buffer | null) => {
      if (done) return;
      done = true;
      resolve(value);
    };
    request.on('data', (chunk: Buffer) => {
      if (done) return;
      total += chunk.byteLength;
      if (total > MAX_WEBHOOK_BYTES) {
        tooLarge(request, response);
        finish(null);
        return;
      }
      chunks.push(chunk);
    });
    request.on('end', () => finish(Buffer.concat(chunks, total)));
    request.on('error', () => finish(null));
    request.on('aborted', () => finish(null));
  });
}

/**
 * `POST /hooks/<triggerId>`: reads the raw body (at most 1 MB) and hands it to the engine, which checks
 * the signature on those bytes before anything parses them.
 */
export function handleWebhookRequest(engine: Engine, request: IncomingMessage, response: ServerResponse, log: (line: string) => void): void {
  const url = new URL(request.url ?? '/', 'http://localhost');
  let triggerId = '';
  try {
    triggerId = decodeURIComponent(url.pathname.slice(HOOKS_PREFIX.length));
  } catch {
    triggerId = '';
  }
  if (request.method !== 'POST') {
    answer(response, 405, { error: 'method_not_allowed', message: 'Webhooks are POST requests.' }, { allow: 'POST' });
    request.resume();
    return;
  }
  if (!/^[A-Za-z0-9_-]{1,100}$/.test(triggerId)) {
    answer(response, 404, { error: 'not_found', message: 'There is no webhook trigger here.' });
    request.resume();
    return;
  }
  const declared = Number(request.headers['content-length']);
  if (Number.isFinite(declared) && declared > MAX_WEBHOOK_BYTES) {
    tooLarge(request, response);
    return;
  }
  void readBody(request, response).then(async (body) => {
    if (body === null) return;
    try {
      const result = await engine.triggers.receiveWebhook({ triggerId, headers: request.headers, body });
      answer(response, result.status, result.body);
    } catch (error) {
      log(`webhook ${triggerId} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      answer(response, 500, { error: 'internal', message: 'The webhook could not be handled.' });
    }
  });
}
