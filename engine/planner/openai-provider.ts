import {
  faultOfStatus,
  parseRetryAfter,
  ProviderError,
  type FinishReason,
  type GenerateOptions,
  type PlannerPrompt,
  type PlannerProvider,
  type ProviderResult,
} from './provider';

/** Ollama's OpenAI-compatible endpoint, the most common local server. */
export const DEFAULT_OPENAI_BASE_URL = 'http://127.0.0.1:11434/v1';

export interface OpenAiOptions {
  /** e.g. http://127.0.0.1:11434/v1 (Ollama), http://127.0.0.1:1234/v1 (LM Studio), http://127.0.0.1:8080/v1 (llama.cpp). */
  baseUrl: string;
  model: string;
  /** Local servers usually need none. */
  apiKey?: string;
  fetch?: typeof fetch;
}

interface ChatChunk {
  choices?: Array<{ delta?: { content?: string | null }; message?: { content?: string | null }; finish_reason?: string | null }>;
  usage?: { prompt_tokens?: number; completion_tokens?: number } | null;
}

function finishOf(reason: string | null | undefined): FinishReason {
  if (!reason || reason === 'stop') return 'stop';
  if (reason === 'length') return 'max_tokens';
  if (reason === 'content_filter') return 'safety';
  return 'other';
}

function errorMessage(body: string): string {
  try {
    const parsed = JSON.parse(body) as { error?: { message?: unknown } | string; message?: unknown };
    if (typeof parsed.error === 'string') return parsed.error;
    if (typeof parsed.error?.message === 'string') return parsed.error.message;
    if (typeof parsed.message === 'string') return parsed.message;
  } catch {
    // not JSON
  }
  return body.slice(0, 300) || '(no message)';
}

/** Splits a server-sent event stream into its `data:` payloads. */
async function* sseData(body: ReadableStream<Uint8Array>): AsyncGenerator<string> {
  const decoder = new TextDecoder();
  let buffer = '';
  const reader = body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    buffer += decoder.decode(value, { stream: true });
    let newline: number;
    while ((newline = buffer.indexOf('\n')) >= 0) {
      const line = buffer.slice(0, newline).replace(/\r$/, '');
      buffer = buffer.slice(newline + 1);
      if (line.startsWith('data:')) yield line.slice(5).trim();
    }
  }
  if (buffer.startsWith('data:')) yield buffer.slice(5).trim();
}

/** Any OpenAI-compatible chat endpoint (Ollama, LM Studio, llama.cpp server, vLLM): JSON mode and streaming. */
export function openAiProvider(options: OpenAiOptions): PlannerProvider {
  const baseUrl = options.baseUrl.replace(/\/+$/, '');
  const doFetch = options.fetch ?? fetch;
  const where = `the OpenAI-compatible endpoint at ${baseUrl}`;
  return {
    name: 'openai',
    model: options.model,
    label: `${options.model} at ${baseUrl}`,
    async generate(prompt: PlannerPrompt, { signal, onText }: GenerateOptions): Promise<ProviderResult> {
      const stream = Boolean(onText);
      const body = {
        model: options.model,
        messages: [
          { role: 'system', content: prompt.system },
          ...prompt.messages.map((message) => ({ role: message.role === 'model' ? 'assistant' : 'user', content: message.text })),
        ],
        ...(prompt.json ? { response_format: { type: 'json_object' } } : {}),
        ...(prompt.maxOutputTokens ? { max_tokens: prompt.maxOutputTokens } : {}),
        stream,
        ...(stream ? { stream_options: { include_usage: true } } : {}),
      };
      let response: Response;
      try {
        response = await doFetch(`${baseUrl}/chat/completions`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...(options.apiKey ? { authorization: `Bearer ${options.apiKey}` } : {}) },
          body: JSON.stringify(body),
          signal,
        });
      } catch (error) {
        if (signal.aborted) throw new ProviderError('aborted', `The request to ${where} was cancelled.`, { cause: error });
        const cause = error instanceof Error && error.cause instanceof Error ? `: ${error.cause.message}` : '';
        throw new ProviderError('network', `${where} could not be reached (${error instanceof Error ? error.message : String(error)}${cause}). Is the server running?`, {
          cause: error,
        });
      }
      if (!response.ok) {
        const text = await response.text().catch(() => '');
        throw new ProviderError(faultOfStatus(response.status, text), `${where} answered ${response.status}: ${errorMessage(text)}`, {
          status: response.status,
          retryAfterMs: parseRetryAfter(response.headers.get('retry-after')),
        });
      }
      let text = '';
      let finish: string | null | undefined;
      let usage: ChatChunk['usage'];
      try {
        if (stream && response.body) {
          for await (const data of sseData(response.body)) {
            if (data === '[DONE]') break;
            if (!data) continue;
            const chunk = JSON.parse(data) as ChatChunk & { error?: unknown };
            if (chunk.error) throw new ProviderError('server', `${where} failed while answering: ${errorMessage(data)}`);
            const choice = chunk.choices?.[0];
            const piece = choice?.delta?.content ?? '';
            if (piece) {
              text += piece;
              onText?.(text);
            }
            finish = choice?.finish_reason ?? finish;
            if (chunk.usage) usage = chunk.usage;
          }
        } else {
          const chunk = (await response.json()) as ChatChunk;
          text = chunk.choices?.[0]?.message?.content ?? '';
          finish = chunk.choices?.[0]?.finish_reason;
          usage = chunk.usage;
        }
      } catch (error) {
        if (error instanceof ProviderError) throw error;
        if (signal.aborted) throw new ProviderError('aborted', `The request to ${where} was cancelled.`, { cause: error });
        throw new ProviderError('network', `The answer from ${where} broke off (${error instanceof Error ? error.message : String(error)}).`, { cause: error });
      }
      const finishReason = finishOf(finish);
      return {
        text,
        finishReason,
        ...(finishReason === 'safety' ? { finishDetail: 'the answer was blocked by the content filter' } : finishReason === 'other' ? { finishDetail: String(finish) } : {}),
        inputTokens: usage?.prompt_tokens ?? 0,
        outputTokens: usage?.completion_tokens ?? 0,
        costUsd: 0,
      };
    },
  };
}
