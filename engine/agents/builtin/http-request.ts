import { lookup as dnsLookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { z } from 'zod';
import { defineAgent, type Agent } from '../agent';
import { AgentError } from '../agent-error';
import { errorCode } from './workspace-paths';
import { effectivePort, findRefusedAddress, isHostAllowed, normalizeHostname, type AddressKind } from './host-policy';

const MEGABYTE = 1024 * 1024;

const HttpRequestInput = z.object({
  url: z.string().min(1).describe('The http:// or https:// address to call; its host must be on the workspace allow-list.'),
  method: z.enum(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']).default('GET').describe('The HTTP method.'),
  headers: z.record(z.string(), z.string()).default({}).describe('Request headers, e.g. {"Authorization": "Bearer …"}.'),
  body: z.unknown().optional().describe('The request body: a string is sent as is, anything else as JSON.'),
  timeoutMs: z.number().int().positive().max(600_000).optional().describe('Give up after this many milliseconds.'),
  maxBytes: z
    .number()
    .int()
    .positive()
    .max(64 * MEGABYTE)
    .default(2 * MEGABYTE)
    .describe('Refuse a response body larger than this many bytes.'),
});

const HttpRequestOutput = z.object({
  status: z.number().int().describe('The HTTP status code (a 3xx redirect is returned as is, not followed).'),
  ok: z.boolean().describe('True for a 2xx status.'),
  headers: z.record(z.string(), z.string()).describe('Response headers, names in lower case.'),
  body: z.unknown().describe('The response parsed as JSON when it says it is JSON, else the same as `text`.'),
  text: z.string().describe('The response body as text.'),
});

type HttpRequestInput = z.infer<typeof HttpRequestInput>;
type HttpRequestOutput = z.infer<typeof HttpRequestOutput>;

/** Resolves a host name to all its addresses (node:dns/promises `lookup` with `all: true` by default). */
export type HostLookup = (hostname: string) => Promise<Array<{ address: string; family: number }>>;

const defaultLookup: HostLookup = (hostname) => dnsLookup(hostname, { all: true, verbatim: true });

const KIND_WORDS: Record<AddressKind, string> = {
  unspecified: 'an unspecified address',
  loopback: 'a loopback address (this computer)',
  'link-local': 'a link-local address (which includes the cloud metadata service)',
  private: 'a private network address',
  multicast: 'a multicast or broadcast address',
};

function withPort(address: string, port: string): string {
  return isIP(address) === 6 ? `[${address}]:${port}` : `${address}:${port}`;
}

function parseUrl(text: string): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new AgentError(`"${text}" is not a valid URL.`, { details: { url: text } });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new AgentError(`http.request only calls http:// and https:// addresses, not ${url.protocol}//.`, { details: { url: text } });
  }
  return url;
}

async function resolveAddresses(hostname: string, lookup: HostLookup): Promise<string[]> {
  if (isIP(hostname) !== 0) return [hostname];
  try {
    const addresses = (await lookup(hostname)).map((entry) => entry.address);
    if (addresses.length === 0) throw new AgentError(`The host ${hostname} has no addresses.`, { details: { hostname } });
    return addresses;
  } catch (error) {
    if (error instanceof AgentError) throw error;
    const code = errorCode(error);
    throw new AgentError(`Could not find the host ${hostname} (${code ?? String(error)}).`, {
      retryable: code !== 'ENOTFOUND',
      details: { hostname, code },
    });
  }
}

function requestBody(input: HttpRequestInput, headers: Headers): string | undefined {
  if (input.body === undefined) return undefined;
  if (input.method === 'GET') throw new AgentError('A GET request cannot have a body; use POST or PUT to send one.');
  if (typeof input.body === 'string') return input.body;
  if (!headers.has('content-type')) headers.set('content-type', 'application/json');
  return JSON.stringify(input.body);
}

function buildHeaders(input: HttpRequestInput, idempotencyKey: string): Headers {
  try {
    const headers = new Headers(input.headers);
    headers.set('idempotency-key', idempotencyKey);
    return headers;
  } catch (error) {
    throw new AgentError(`The request headers are not valid: ${error instanceof Error ? error.message : String(error)}`);
  }
}

function tooLarge(url: URL, maxBytes: number): AgentError {
  return new AgentError(`The response from ${url.host} is larger than maxBytes (${maxBytes} bytes).`, { details: { maxBytes } });
}

/** Reads the body, refusing it as soon as it passes `maxBytes`. */
async function readBody(response: Response, url: URL, maxBytes: number): Promise<Buffer> {
  const declared = Number(response.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > maxBytes) {
    await response.body?.cancel();
    throw tooLarge(url, maxBytes);
  }
  if (!response.body) return Buffer.alloc(0);
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel();
      throw tooLarge(url, maxBytes);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks, total);
}

function parseBody(text: string, contentType: string | null, log: (message: string) => void): unknown {
  if (!contentType || !/[/+]json\b/i.test(contentType)) return text;
  if (text.trim() === '') return null;
  try {
    return JSON.parse(text);
  } catch {
    log('The response says it is JSON but does not parse; returning it as text.');
    return text;
  }
}

function describeNetworkError(error: unknown): string {
  const cause = error instanceof Error ? error.cause : undefined;
  const code = errorCode(cause);
  if (code) return code;
  if (cause instanceof Error) return cause.message;
  return error instanceof Error ? error.message : String(error);
}

/** Builds the `http.request` agent; tests pass their own `lookup` so no name is resolved for real. */
export function createHttpRequestAgent(options: { lookup?: HostLookup } = {}): Agent<HttpRequestInput, HttpRequestOutput> {
  const lookup = options.lookup ?? defaultLookup;
  return defineAgent({
    id: 'http.request',
    version: '1',
    name: 'HTTP request',
    description:
      'Calls an HTTP(S) API on a host the workspace allows and returns the status, headers and body (parsed when it is JSON).',
    capabilities: ['http', 'fetch', 'send'],
    input: HttpRequestInput,
    output: HttpRequestOutput,
    risk: 'external',
    idempotent: false,
    async execute(input, ctx) {
      ctx.signal.throwIfAborted();
      const url = parseUrl(input.url);
      const { allowedHosts } = ctx.workspace;
      if (!isHostAllowed(url, allowedHosts)) {
        throw new AgentError(
          `The host ${url.host} is not on this workspace's allowed hosts (${allowedHosts.length > 0 ? allowedHosts.join(', ') : 'none yet'}). ` +
            `To let steps call it, add "${url.host}" (or "${url.hostname}" for any port) to the workspace's allowed hosts.`,
          { details: { host: url.host, allowedHosts } },
        );
      }
      const hostname = normalizeHostname(url.hostname);
      const refused = findRefusedAddress(url, await resolveAddresses(hostname, lookup), allowedHosts);
      if (refused) {
        throw new AgentError(
          `The host ${url.host} resolves to ${refused.address}, ${KIND_WORDS[refused.kind]}, which http.request does not reach by name. ` +
            `If that is intended, add the address itself ("${withPort(refused.address, effectivePort(url))}", or "${refused.address}" for any port) to the workspace's allowed hosts.`,
          { details: { host: url.host, address: refused.address, kind: refused.kind } },
        );
      }

      const headers = buildHeaders(input, ctx.idempotencyKey);
      const body = requestBody(input, headers);
      const timeout = input.timeoutMs ? AbortSignal.timeout(input.timeoutMs) : undefined;
      const signal = timeout ? AbortSignal.any([ctx.signal, timeout]) : ctx.signal;
      const where = `${input.method} ${url.origin}${url.pathname}`;

      let response: Response;
      let bytes: Buffer;
      try {
        response = await fetch(url, { method: input.method, headers, body, redirect: 'manual', signal });
        bytes = await readBody(response, url, input.maxBytes);
      } catch (error) {
        if (ctx.signal.aborted) throw ctx.signal.reason;
        if (timeout?.aborted) {
          throw new AgentError(`${where} timed out after ${input.timeoutMs} ms.`, { retryable: true, details: { timeoutMs: input.timeoutMs } });
        }
        if (error instanceof AgentError) throw error;
        const cause = describeNetworkError(error);
        throw new AgentError(`${where} failed: ${cause}.`, { retryable: true, details: { cause } });
      }

      const text = new TextDecoder().decode(bytes);
      const parsed = parseBody(text, response.headers.get('content-type'), (message) => ctx.log('warn', message));
      const { status } = response;
      ctx.log('info', `${where} → ${status}`);
      if (status >= 500 || status === 429) {
        throw new AgentError(`${where} answered ${status} ${response.statusText}; another attempt may succeed.`, {
          retryable: true,
          details: { status, retryAfter: response.headers.get('retry-after'), body: text.slice(0, 2000) },
        });
      }
      if (status >= 400) {
        throw new AgentError(`${where} answered ${status} ${response.statusText}.`, { details: { status, body: text.slice(0, 2000) } });
      }
      return { status, ok: response.ok, headers: Object.fromEntries(response.headers), body: parsed, text };
    },
    simulate: (input) => {
      const body = { simulated: true, method: input.method, url: input.url };
      return { status: 200, ok: true, headers: { 'content-type': 'application/json' }, body, text: JSON.stringify(body) };
    },
  });
}

/** Calls allow-listed HTTP(S) hosts, never private or local addresses unless those are allowed by address. */
export const httpRequestAgent = createHttpRequestAgent();
