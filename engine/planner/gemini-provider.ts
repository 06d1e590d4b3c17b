import { ApiError, FinishReason, GoogleGenAI, type Content, type GenerateContentResponse } from '@google/genai';
import { geminiCostUsd } from './pricing';
import {
  faultOfStatus,
  parseRetryAfter,
  ProviderError,
  type FinishReason as OurFinishReason,
  type GenerateOptions,
  type PlannerPrompt,
  type PlannerProvider,
  type ProviderResult,
} from './provider';

/** A current Flash model: fast and cheap enough to plan with. */
export const DEFAULT_GEMINI_MODEL = 'gemini-2.5-flash';

export interface GeminiOptions {
  apiKey: string;
  model?: string;
  /** Another endpoint for the same API (tests point the real SDK at a fake server with it). */
  baseUrl?: string;
  /** The fetch the SDK uses (tests, proxies); the global one by default. */
  fetch?: typeof fetch;
}

const BLOCKED: ReadonlySet<string> = new Set([
  FinishReason.SAFETY,
  FinishReason.RECITATION,
  FinishReason.BLOCKLIST,
  FinishReason.PROHIBITED_CONTENT,
  FinishReason.SPII,
  FinishReason.IMAGE_SAFETY,
]);

function contents(prompt: PlannerPrompt): Content[] {
  return prompt.messages.map((message) => ({ role: message.role, parts: [{ text: message.text }] }));
}

/** Reads the delay Gemini asks for in a RetryInfo detail ("retryDelay": "17s"). */
function retryDelayOf(body: string): number | undefined {
  const match = /"retryDelay"\s*:\s*"(\d+(?:\.\d+)?)s"/.exec(body);
  return match ? Math.round(Number(match[1]) * 1000) : undefined;
}

/** The readable message inside the SDK's `{"error":{"message":…}}` text. */
function apiMessage(body: string): string {
  try {
    const parsed = JSON.parse(body) as { error?: { message?: unknown } };
    if (typeof parsed.error?.message === 'string') return parsed.error.message;
  } catch {
    // not JSON: the text itself
  }
  return body.slice(0, 300);
}

/** Gemini through the official SDK: structured output (a JSON schema for the answer) and streaming. */
export function geminiProvider(options: GeminiOptions): PlannerProvider {
  const model = options.model ?? DEFAULT_GEMINI_MODEL;
  // The SDK's ApiError carries no headers, so the Retry-After of the last response is kept here.
  let lastRetryAfter: string | null = null;
  const baseFetch = options.fetch ?? fetch;
  const ai = new GoogleGenAI({
    apiKey: options.apiKey,
    httpOptions: {
      ...(options.baseUrl ? { baseUrl: options.baseUrl } : {}),
      fetch: async (input, init) => {
        const response = await baseFetch(input, init);
        lastRetryAfter = response.headers.get('retry-after');
        return response;
      },
    },
  });

  function providerError(error: unknown, signal: AbortSignal): ProviderError {
    if (signal.aborted) return new ProviderError('aborted', 'The request to Gemini was cancelled.', { cause: error });
    if (error instanceof ApiError) {
      const body = error.message;
      const fault = faultOfStatus(error.status, body);
      const retryAfterMs = parseRetryAfter(lastRetryAfter) ?? retryDelayOf(body);
      return new ProviderError(fault, `Gemini answered ${error.status}: ${apiMessage(body)}`, { status: error.status, retryAfterMs, cause: error });
    }
    const cause = error instanceof Error && error.cause instanceof Error ? `: ${error.cause.message}` : '';
    return new ProviderError('network', `Gemini could not be reached (${error instanceof Error ? error.message : String(error)}${cause}).`, { cause: error });
  }

  return {
    name: 'gemini',
    model,
    label: `Gemini (${model})`,
    async generate(prompt: PlannerPrompt, { signal, onText }: GenerateOptions): Promise<ProviderResult> {
      const request = {
        model,
        contents: contents(prompt),
        config: {
          abortSignal: signal,
          systemInstruction: prompt.system,
          ...(prompt.maxOutputTokens ? { maxOutputTokens: prompt.maxOutputTokens } : {}),
          ...(prompt.json ? { responseMimeType: 'application/json' } : {}),
          ...(prompt.json && prompt.responseSchema ? { responseJsonSchema: prompt.responseSchema } : {}),
        },
      };
      let text = '';
      let last: GenerateContentResponse | undefined;
      let blockReason: string | undefined;
      let finish: string | undefined;
      try {
        if (onText) {
          for await (const chunk of await ai.models.generateContentStream(request)) {
            last = chunk;
            blockReason ??= chunk.promptFeedback?.blockReason;
            finish = chunk.candidates?.[0]?.finishReason ?? finish;
            const piece = chunk.text ?? '';
            if (piece) {
              text += piece;
              onText(text);
            }
          }
        } else {
          last = await ai.models.generateContent(request);
          blockReason = last.promptFeedback?.blockReason;
          finish = last.candidates?.[0]?.finishReason;
          text = last.text ?? '';
        }
      } catch (error) {
        throw providerError(error, signal);
      }
      const usage = last?.usageMetadata;
      const inputTokens = usage?.promptTokenCount ?? 0;
      const outputTokens = usage?.candidatesTokenCount ?? Math.max(0, (usage?.totalTokenCount ?? 0) - inputTokens);
      let finishReason: OurFinishReason = 'stop';
      let finishDetail: string | undefined;
      if (blockReason) {
        finishReason = 'safety';
        finishDetail = `the request was blocked (${blockReason})`;
      } else if (finish === FinishReason.MAX_TOKENS) finishReason = 'max_tokens';
      else if (finish && BLOCKED.has(finish)) {
        finishReason = 'safety';
        finishDetail = `the answer was blocked (${finish})`;
      } else if (finish && finish !== FinishReason.STOP) {
        finishReason = 'other';
        finishDetail = finish;
      }
      return { text, finishReason, finishDetail, inputTokens, outputTokens, costUsd: geminiCostUsd(model, inputTokens, outputTokens) };
    },
  };
}
