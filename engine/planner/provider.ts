import type { AgentDescriptor, PlanGraph, PlannerProvider as ProviderName } from '../api';
import type { AgentStats } from './learning-hints';

export type { ProviderName };

/** One turn of the conversation with a model: the person's side or the model's own earlier answer. */
export interface PlannerMessage {
  role: 'user' | 'model';
  text: string;
}

/** What the offline planner reads instead of prose: the request, the catalog it may use, and what past runs taught. */
export interface OfflineRequest {
  request: string;
  catalog: AgentDescriptor[];
  hints: AgentStats[];
  /** Replanning: the graph to change and how. */
  basePlan?: { title: string; graph: PlanGraph };
  instruction?: string;
  /** Whether a model is configured for the LLM agents (the offline planner then prefers them less cautiously). */
  modelAvailable: boolean;
  /** The time "tomorrow" and "next Tuesday" are counted from (ISO-8601). */
  now: string;
}

/** Everything a provider is asked: a system instruction, the conversation so far, and the shape of the answer. */
export interface PlannerPrompt {
  system: string;
  messages: PlannerMessage[];
  /** The answer is one JSON value. */
  json: boolean;
  /** JSON Schema of the answer, for providers with structured output. */
  responseSchema?: unknown;
  maxOutputTokens?: number;
  /** Set for plan generation; the offline planner reads only this. */
  offline?: OfflineRequest;
}

export interface GenerateOptions {
  signal: AbortSignal;
  /** Called with the whole text so far each time more arrives (streaming). */
  onText?: (textSoFar: string) => void;
}

/** Why the model stopped writing. */
export type FinishReason = 'stop' | 'max_tokens' | 'safety' | 'other';

export interface ProviderResult {
  text: string;
  finishReason: FinishReason;
  /** The provider's own words for a block or an unusual stop (e.g. "SAFETY", "PROHIBITED_CONTENT"). */
  finishDetail?: string;
  inputTokens: number;
  outputTokens: number;
  /** Estimated from public prices; 0 for local models. */
  costUsd: number;
}

/** A source of plans: Gemini, an OpenAI-compatible endpoint, or the offline planner. */
export interface PlannerProvider {
  readonly name: ProviderName;
  /** The model id, or null for the offline planner. */
  readonly model: string | null;
  /** How the person knows it: "Gemini (gemini-2.5-flash)". */
  readonly label: string;
  generate(prompt: PlannerPrompt, options: GenerateOptions): Promise<ProviderResult>;
}

/** What went wrong talking to a provider, sorted by what can be done about it. */
export type ProviderFault = 'rate_limited' | 'server' | 'auth' | 'network' | 'bad_request' | 'aborted';

/** A provider call that failed before an answer came back. */
export class ProviderError extends Error {
  readonly fault: ProviderFault;
  readonly status: number | undefined;
  /** How long the provider asked us to wait (429), in milliseconds. */
  readonly retryAfterMs: number | undefined;

  constructor(fault: ProviderFault, message: string, options: { status?: number; retryAfterMs?: number; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.name = 'ProviderError';
    this.fault = fault;
    this.status = options.status;
    this.retryAfterMs = options.retryAfterMs;
  }
}

/** Reads a Retry-After header: seconds, or an HTTP date. */
export function parseRetryAfter(value: string | null | undefined, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.round(seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** Sorts an HTTP failure status into a fault. */
export function faultOfStatus(status: number, body: string): ProviderFault {
  if (status === 429) return 'rate_limited';
  if (status === 401 || status === 403) return 'auth';
  if (status === 400 && /api[_ ]?key|API_KEY_INVALID|unauthenticated|invalid.*key/i.test(body)) return 'auth';
  if (status >= 500) return 'server';
  return 'bad_request';
}
