import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { AgentError } from '../../../engine/agents/agent-error';
import { createHttpRequestAgent, type HostLookup } from '../../../engine/agents/builtin/http-request';
import { makeContext, rejection, runAgent } from './fake-context';

interface Received {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

describe('http.request agent against a local server', () => {
  let server: Server;
  let port: number;
  let base: string;
  const received: Received[] = [];
  /** Resolves when a request reaches /slow, so a test can abort while it hangs. */
  let slowArrived: () => void = () => {};
  // Names in these tests never reach real DNS.
  const lookup: HostLookup = async (hostname) => {
    if (hostname === 'rebind.test') return [{ address: '127.0.0.1', family: 4 }];
    throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
  };
  const agent = createHttpRequestAgent({ lookup });

  const call = (input: Record<string, unknown>, allowedHosts: string[] = [`127.0.0.1:${port}`], signal?: AbortSignal) =>
    runAgent(agent, input, makeContext({ runId: 'run-7', stepId: 'notify', workspace: { allowedHosts }, signal }));

  beforeAll(async () => {
    server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        received.push({ method: request.method ?? '', url: request.url ?? '', headers: request.headers, body });
        const path = request.url ?? '/';
        if (path === '/echo') {
          response.setHeader('content-type', 'application/json; charset=utf-8');
          response.end(JSON.stringify({ method: request.method, headers: request.headers, body }));
        } else if (path === '/text') {
          response.setHeader('content-type', 'text/plain');
          response.end('hello');
        } else if (path.startsWith('/status/')) {
          response.statusCode = Number(path.slice('/status/'.length));
          response.setHeader('retry-after', '3');
          response.end('status body');
        } else if (path === '/redirect') {
          response.statusCode = 302;
          response.setHeader('location', `http://127.0.0.1:${port}/text`);
          response.end();
        } else if (path === '/big-chunked') {
          // No content-length: the limit must hold while streaming.
          let sent = 0;
          const next = () => {
            while (sent < 3 * 1024 * 1024) {
              sent += 64 * 1024;
              if (!response.write(Buffer.alloc(64 * 1024, 'x'))) return void response.once('drain', next);
            }
            response.end();
          };
          next();
        } else if (path === '/big-declared') {
          response.setHeader('content-length', String(4096));
          response.end(Buffer.alloc(4096, 'x'));
        } else if (path === '/slow') {
          slowArrived();
        } else {
          response.statusCode = 404;
          response.end();
        }
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port; // listen() on a TCP port always gives an AddressInfo
    base = `http://127.0.0.1:${port}`;
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  beforeEach(() => {
    received.length = 0;
  });

  describe('allow-list', () => {
    it('refuses a host that is not allow-listed, naming it and how to allow it, without sending anything', async () => {
      const error = await rejection(call({ url: `${base}/echo` }, []));
      expect(error).toBeInstanceOf(AgentError);
      expect(error.message).toBe(
        `The host 127.0.0.1:${port} is not on this workspace's allowed hosts (none yet). ` +
          `To let steps call it, add "127.0.0.1:${port}" (or "127.0.0.1" for any port) to the workspace's allowed hosts.`,
      );
      expect((error as AgentError).retryable).toBe(false);
      expect(received).toEqual([]);
    });

    it('refuses 127.0.0.1 when the list has it only on another port, or only as localhost', async () => {
      expect((await rejection(call({ url: `${base}/echo` }, [`127.0.0.1:${port + 1}`]))).message).toContain('is not on this workspace');
      expect((await rejection(call({ url: `${base}/echo` }, [`localhost:${port}`, 'localhost']))).message).toContain('is not on this workspace');
      expect(received).toEqual([]);
    });

    it('refuses a listed name that resolves to a loopback address not listed itself', async () => {
      const error = await rejection(call({ url: `http://rebind.test:${port}/echo` }, [`rebind.test:${port}`]));
      expect(error.message).toContain(`resolves to 127.0.0.1, a loopback address`);
      expect(error.message).toContain(`"127.0.0.1:${port}"`);
      expect(received).toEqual([]);
    });

    it('allows 127.0.0.1 with an explicit 127.0.0.1:PORT entry, or 127.0.0.1 for any port, ignoring case', async () => {
      expect(await call({ url: `${base}/text` }, [`127.0.0.1:${port}`])).toMatchObject({ status: 200, body: 'hello' });
      expect(await call({ url: `${base}/text` }, ['127.0.0.1'])).toMatchObject({ status: 200 });
      expect(received).toHaveLength(2);
    });

    it('refuses other schemes', async () => {
      expect((await rejection(call({ url: 'file:///etc/passwd' }))).message).toContain('only calls http:// and https://');
      expect((await rejection(call({ url: 'not a url' }))).message).toContain('is not a valid URL');
    });
  });

  describe('requests and responses', () => {
    it('sends the idempotency key, the method and a JSON body, and parses a JSON answer', async () => {
      const output = await call({ url: `${base}/echo`, method: 'POST', headers: { 'X-Trace': 'abc' }, body: { amount: 5 } });
      expect(output.status).toBe(200);
      expect(output.ok).toBe(true);
      expect(output.headers['content-type']).toBe('application/json; charset=utf-8');
      expect(output.body).toMatchObject({
        method: 'POST',
        body: '{"amount":5}',
        headers: { 'idempotency-key': 'run-7:notify', 'x-trace': 'abc', 'content-type': 'application/json' },
      });
      expect(JSON.parse(output.text)).toEqual(output.body);
    });

    it('sends a string body as is', async () => {
      await call({ url: `${base}/echo`, method: 'PUT', headers: { 'content-type': 'text/plain' }, body: 'raw' });
      expect(received[0]).toMatchObject({ method: 'PUT', body: 'raw', headers: { 'content-type': 'text/plain' } });
    });

    it('returns a redirect as it is instead of following it', async () => {
      const output = await call({ url: `${base}/redirect` });
      expect(output).toMatchObject({ status: 302, ok: false });
      expect(output.headers.location).toBe(`${base}/text`);
      expect(received.map((request) => request.url)).toEqual(['/redirect']);
    });

    it('fails retryably on 503 and 429, with the status in the details', async () => {
      for (const status of [503, 429]) {
        const error = await rejection(call({ url: `${base}/status/${status}` }));
        expect(error).toBeInstanceOf(AgentError);
        expect((error as AgentError).retryable).toBe(true);
        expect((error as AgentError).details).toMatchObject({ status, retryAfter: '3', body: 'status body' });
        expect(error.message).toContain(`answered ${status}`);
      }
    });

    it('fails without retry on 404', async () => {
      const error = await rejection(call({ url: `${base}/status/404` }));
      expect((error as AgentError).retryable).toBe(false);
      expect((error as AgentError).details).toMatchObject({ status: 404 });
    });

    it('refuses bodies over maxBytes, streamed or declared', async () => {
      for (const path of ['/big-chunked', '/big-declared']) {
        const error = await rejection(call({ url: `${base}${path}`, maxBytes: 1024 }));
        expect(error.message, path).toContain('is larger than maxBytes (1024 bytes)');
        expect((error as AgentError).retryable).toBe(false);
      }
      expect((await call({ url: `${base}/big-declared`, maxBytes: 4096 })).text).toHaveLength(4096);
    });

    it('stops with the AbortError when the run is cancelled mid-request', async () => {
      const controller = new AbortController();
      const arrived = new Promise<void>((resolve) => (slowArrived = resolve));
      const running = call({ url: `${base}/slow` }, undefined, controller.signal);
      await arrived;
      controller.abort();
      const error = await rejection(running);
      expect(error.name).toBe('AbortError');
      expect(error).not.toBeInstanceOf(AgentError);
    });

    it('fails retryably after timeoutMs', async () => {
      const error = await rejection(call({ url: `${base}/slow`, timeoutMs: 50 }));
      expect(error.message).toContain('timed out after 50 ms');
      expect((error as AgentError).retryable).toBe(true);
    });

    it('fails retryably when nothing listens', async () => {
      const closed = createServer();
      await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
      const freePort = (closed.address() as AddressInfo).port; // a TCP listener always has an AddressInfo
      await new Promise<void>((resolve) => closed.close(() => resolve()));
      const error = await rejection(call({ url: `http://127.0.0.1:${freePort}/` }, ['127.0.0.1']));
      expect(error.message).toContain('ECONNREFUSED');
      expect((error as AgentError).retryable).toBe(true);
    });
  });
});

describe('http.request address checks (no traffic: names resolve through a stub)', () => {
  const lookup: HostLookup = async (hostname) => {
    const table: Record<string, string[]> = {
      'metadata.test': ['169.254.169.254'],
      'intranet.test': ['10.1.2.3'],
      'split.test': ['93.184.216.34', 'fd00::5'],
      'mapped.test': ['::ffff:127.0.0.1'],
    };
    const addresses = table[hostname];
    if (!addresses) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
    return addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
  };
  const agent = createHttpRequestAgent({ lookup });
  const call = (url: string, allowedHosts: string[]) =>
    runAgent(agent, { url }, makeContext({ workspace: { allowedHosts } }));
  const fetchSpy = vi.fn<typeof fetch>(() => Promise.reject(new Error('No request may be sent in these tests.')));

  beforeAll(() => {
    vi.stubGlobal('fetch', fetchSpy);
  });
  afterAll(() => {
    vi.unstubAllGlobals();
  });

  it.each([
    ['http://metadata.test/latest/meta-data/', '169.254.169.254, a link-local address'],
    ['http://intranet.test/', '10.1.2.3, a private network address'],
    ['https://split.test/', 'fd00::5, a private network address'],
    ['http://mapped.test/', '127.0.0.1, a loopback address'],
  ])('refuses %s even though its name is allowed', async (url, words) => {
    const host = new URL(url).hostname;
    const error = await rejection(call(url, [host]));
    expect(error).toBeInstanceOf(AgentError);
    expect(error.message).toContain(`resolves to ${words}`);
    expect(fetchSpy).not.toHaveBeenCalled();
  });

  it('refuses private and metadata IP literals unless the address itself is listed', async () => {
    expect((await rejection(call('http://169.254.169.254/latest/', ['metadata.test']))).message).toContain('is not on this workspace');
    expect((await rejection(call('http://[::1]:8080/', ['localhost:8080']))).message).toContain('is not on this workspace');
    expect(fetchSpy).not.toHaveBeenCalled();
  });

  it('reports an unknown host without retry', async () => {
    const error = await rejection(call('https://nowhere.test/', ['nowhere.test']));
    expect(error.message).toContain('Could not find the host nowhere.test (ENOTFOUND)');
    expect((error as AgentError).retryable).toBe(false);
  });
});
