import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';

/** One recorded answer of an OpenAI-compatible server: an error, or the model's text (streamed in chunks). */
export type OpenAiReply =
  | { status: number; headers?: Record<string, string>; error: { message: string; type: string; code?: string | null } }
  | {
      text: string;
      /** stop unless said (length, content_filter). */
      finishReason?: string;
      chunks?: number;
      usage?: { prompt_tokens: number; completion_tokens: number };
    };

/** A fixture file in test/fixtures/openai/: replies to successive calls (the last one repeats). */
export interface OpenAiFixture {
  description: string;
  replies: OpenAiReply[];
}

export interface OpenAiRequest {
  authorization: string | undefined;
  body: {
    model?: string;
    stream?: boolean;
    response_format?: { type?: string };
    messages?: Array<{ role: string; content: string }>;
  };
}

export interface FakeOpenAi {
  /** Ends in /v1, as Ollama and LM Studio print it. */
  baseUrl: string;
  requests: OpenAiRequest[];
  reply(replies: OpenAiReply[]): void;
  close(): Promise<void>;
}

export function loadOpenAiFixture(name: string): OpenAiFixture {
  return JSON.parse(readFileSync(join(import.meta.dirname, '..', 'fixtures', 'openai', `${name}.json`), 'utf8')) as OpenAiFixture;
}

function chunksOf(text: string, count: number): string[] {
  const size = Math.max(1, Math.ceil(text.length / Math.max(1, count)));
  const pieces: string[] = [];
  for (let index = 0; index < text.length; index += size) pieces.push(text.slice(index, index + size));
  return pieces;
}

/**
 * A fake OpenAI-compatible server (what Ollama, LM Studio and llama.cpp serve) on 127.0.0.1, port 0:
 * `POST /v1/chat/completions`, streamed as server-sent events or answered whole, from recorded replies.
 */
export async function startFakeOpenAi(replies: OpenAiReply[]): Promise<FakeOpenAi> {
  let queue = replies;
  let served = 0;
  const requests: OpenAiRequest[] = [];

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    if (request.method !== 'POST' || request.url !== '/v1/chat/completions') {
      response.writeHead(404, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ error: { message: `No route ${request.method} ${request.url}`, type: 'not_found' } }));
      return;
    }
    let raw = '';
    for await (const chunk of request) raw += String(chunk);
    const body = JSON.parse(raw || '{}') as OpenAiRequest['body'];
    requests.push({ authorization: request.headers.authorization, body });
    const reply = queue[Math.min(served, queue.length - 1)];
    served += 1;
    if (!reply) throw new Error('The fake OpenAI server has no replies.');
    if ('error' in reply) {
      response.writeHead(reply.status, { 'content-type': 'application/json', ...reply.headers });
      response.end(JSON.stringify({ error: reply.error }));
      return;
    }
    const usage = reply.usage ?? { prompt_tokens: 900, completion_tokens: Math.ceil(reply.text.length / 4) };
    const finish = reply.finishReason ?? 'stop';
    const base = { id: 'chatcmpl-fake', created: 1_700_000_000, model: body.model ?? 'fake' };
    if (!body.stream) {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(
        JSON.stringify({
          ...base,
          object: 'chat.completion',
          choices: [{ index: 0, message: { role: 'assistant', content: reply.text }, finish_reason: finish }],
          usage: { ...usage, total_tokens: usage.prompt_tokens + usage.completion_tokens },
        }),
      );
      return;
    }
    response.writeHead(200, { 'content-type': 'text/event-stream' });
    const send = (value: unknown) => response.write(`data: ${JSON.stringify(value)}\n\n`);
    send({ ...base, object: 'chat.completion.chunk', choices: [{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null }] });
    for (const piece of chunksOf(reply.text, reply.chunks ?? 4)) {
      send({ ...base, object: 'chat.completion.chunk', choices: [{ index: 0, delta: { content: piece }, finish_reason: null }] });
    }
    send({ ...base, object: 'chat.completion.chunk', choices: [{ index: 0, delta: {}, finish_reason: finish }] });
    send({ ...base, object: 'chat.completion.chunk', choices: [], usage: { ...usage, total_tokens: usage.prompt_tokens + usage.completion_tokens } });
    response.write('data: [DONE]\n\n');
    response.end();
  }

  const server: Server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      response.writeHead(500, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ error: { message: String(error), type: 'server_error' } }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    requests,
    reply(next) {
      queue = next;
      served = 0;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
