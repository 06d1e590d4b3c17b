import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';

/** One recorded answer of the Gemini API: an error, or a model's text (streamed in chunks). */
export type GeminiReply =
  | {
      status: number;
      headers?: Record<string, string>;
      error: { code: number; message: string; status: string; details?: unknown[] };
    }
  | {
      text: string;
      /** STOP unless said (MAX_TOKENS, SAFETY, …). */
      finishReason?: string;
      /** The prompt was blocked: no candidates, promptFeedback.blockReason. */
      blockReason?: string;
      /** How many SSE events the text is split into when streamed (default 4). */
      chunks?: number;
      usage?: { promptTokenCount: number; candidatesTokenCount: number };
    };

/** A fixture file in test/fixtures/gemini/: the replies, in order, to successive calls (the last one repeats). */
export interface GeminiFixture {
  description: string;
  replies: GeminiReply[];
}

/** One request the fake received. */
export interface GeminiRequest {
  model: string;
  stream: boolean;
  apiKey: string | undefined;
  body: {
    contents?: Array<{ role?: string; parts?: Array<{ text?: string }> }>;
    systemInstruction?: { parts?: Array<{ text?: string }> };
    generationConfig?: Record<string, unknown>;
  };
}

export interface FakeGemini {
  /** For `httpOptions.baseUrl` (the SDK appends /v1beta/models/…). */
  baseUrl: string;
  requests: GeminiRequest[];
  /** Replaces the replies (and starts again from the first). */
  reply(replies: GeminiReply[]): void;
  close(): Promise<void>;
}

export function loadGeminiFixture(name: string): GeminiFixture {
  return JSON.parse(readFileSync(join(import.meta.dirname, '..', 'fixtures', 'gemini', `${name}.json`), 'utf8')) as GeminiFixture;
}

/** What Gemini answers for a key it does not know. */
const INVALID_KEY = {
  code: 400,
  message: 'API key not valid. Please pass a valid API key.',
  status: 'INVALID_ARGUMENT',
  details: [{ '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason: 'API_KEY_INVALID', domain: 'googleapis.com' }],
};

function chunksOf(text: string, count: number): string[] {
  if (text.length === 0) return [''];
  const size = Math.ceil(text.length / Math.max(1, count));
  const pieces: string[] = [];
  for (let index = 0; index < text.length; index += size) pieces.push(text.slice(index, index + size));
  return pieces;
}

function responseOf(reply: Extract<GeminiReply, { text: string }>, piece: string, last: boolean, model: string): unknown {
  const usage = reply.usage ?? { promptTokenCount: 1200, candidatesTokenCount: Math.ceil(reply.text.length / 4) };
  const usageMetadata = last ? { ...usage, totalTokenCount: usage.promptTokenCount + usage.candidatesTokenCount } : undefined;
  if (reply.blockReason) {
    return { promptFeedback: { blockReason: reply.blockReason, safetyRatings: [] }, usageMetadata: { promptTokenCount: usage.promptTokenCount, totalTokenCount: usage.promptTokenCount }, modelVersion: model };
  }
  return {
    candidates: [
      {
        content: { role: 'model', parts: piece ? [{ text: piece }] : [] },
        index: 0,
        ...(last ? { finishReason: reply.finishReason ?? 'STOP' } : {}),
      },
    ],
    ...(usageMetadata ? { usageMetadata } : {}),
    modelVersion: model,
    responseId: 'fake-response',
  };
}

/**
 * A fake of the Gemini API on 127.0.0.1 (port 0): `POST /v1beta/models/{model}:generateContent`
 * and `:streamGenerateContent?alt=sse`, answering from recorded replies. Tests point the real
 * `@google/genai` SDK at it with `httpOptions.baseUrl`.
 */
export async function startFakeGemini(
  replies: GeminiReply[],
  options: {
    /** Pause between the SSE events of a streamed answer, as a slow model writes. */
    chunkDelayMs?: number;
    /** Like the real API: any other key gets 400 INVALID_ARGUMENT (API_KEY_INVALID) and no reply is used up. */
    requireKey?: string;
  } = {},
): Promise<FakeGemini> {
  let queue = replies;
  let served = 0;
  const requests: GeminiRequest[] = [];

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const match = /^\/v1beta\/models\/([^/:]+):(generateContent|streamGenerateContent)$/.exec(url.pathname);
    if (request.method !== 'POST' || !match) {
      response.writeHead(404, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ error: { code: 404, message: `No route ${request.method} ${url.pathname}`, status: 'NOT_FOUND' } }));
      return;
    }
    let raw = '';
    for await (const chunk of request) raw += String(chunk);
    const model = match[1] as string;
    const stream = match[2] === 'streamGenerateContent';
    const apiKey = request.headers['x-goog-api-key'];
    requests.push({ model, stream, apiKey: Array.isArray(apiKey) ? apiKey[0] : apiKey, body: JSON.parse(raw || '{}') as GeminiRequest['body'] });
    if (options.requireKey !== undefined && requests.at(-1)?.apiKey !== options.requireKey) {
      response.writeHead(400, { 'content-type': 'application/json; charset=UTF-8' });
      response.end(JSON.stringify({ error: INVALID_KEY }));
      return;
    }
    const reply = queue[Math.min(served, queue.length - 1)];
    served += 1;
    if (!reply) throw new Error('The fake Gemini has no replies.');
    if ('error' in reply) {
      response.writeHead(reply.status, { 'content-type': 'application/json; charset=UTF-8', ...reply.headers });
      response.end(JSON.stringify({ error: reply.error }));
      return;
    }
    if (!stream) {
      response.writeHead(200, { 'content-type': 'application/json; charset=UTF-8' });
      response.end(JSON.stringify(responseOf(reply, reply.text, true, model)));
      return;
    }
    response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    const pieces = reply.blockReason ? [''] : chunksOf(reply.text, reply.chunks ?? 4);
    for (const [index, piece] of pieces.entries()) {
      response.write(`data: ${JSON.stringify(responseOf(reply, piece, index === pieces.length - 1, model))}\r\n\r\n`);
      if (options.chunkDelayMs) await new Promise((resolve) => setTimeout(resolve, options.chunkDelayMs));
    }
    response.end();
  }

  const server: Server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      response.writeHead(500, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ error: { code: 500, message: String(error), status: 'INTERNAL' } }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
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

/** Every text the SDK sent in one request (system instruction and turns), joined, for assertions. */
export function promptText(request: GeminiRequest): string {
  const system = request.body.systemInstruction?.parts?.map((part) => part.text ?? '').join('') ?? '';
  const turns = (request.body.contents ?? []).map((content) => `[${content.role}] ${(content.parts ?? []).map((part) => part.text ?? '').join('')}`);
  return [system, ...turns].join('\n');
}
