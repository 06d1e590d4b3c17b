import { TizmorError, type ConnectionFault, type ConnectionTest, type PlannerProvider as ProviderName } from '../api';
import type { SecretStore } from '../core/secrets';
import type { JsonValue } from '../store/store';
import { PLANNER_SETTINGS, resolveProvider, type PlannerHostOptions } from './provider-config';
import { ProviderError, type PlannerPrompt, type PlannerProvider } from './provider';

/** What a connection test is asked: the provider, and optionally a model and an address not saved yet. */
export interface ConnectionTestRequest {
  provider: ProviderName;
  model?: string | undefined;
  baseUrl?: string | undefined;
}

export interface ConnectionTestOptions {
  settings: Record<string, JsonValue>;
  secrets: SecretStore;
  host?: PlannerHostOptions;
  /** How long to wait for an answer (20 s). */
  timeoutMs?: number;
  /** The clock latency is measured with. */
  now?: () => number;
}

/** The smallest question that proves the key, the address and the model: one short JSON answer. */
const PING: PlannerPrompt = {
  system: 'You check that a connection works. Answer with the JSON object {"ok": true} and nothing else.',
  messages: [{ role: 'user', text: 'Is this connection working? Answer {"ok": true}.' }],
  json: true,
  maxOutputTokens: 64,
};

const BASE_URL_SETTING: Record<'gemini' | 'openai', string> = {
  gemini: PLANNER_SETTINGS.geminiBaseUrl,
  openai: PLANNER_SETTINGS.openaiBaseUrl,
};

/** Ends a message with a full stop unless it has its own. */
const sentence = (text: string) => (/[.?!]$/.test(text) ? text : `${text}.`);

function faultOf(error: ProviderError): ConnectionFault {
  if (error.fault === 'aborted') return 'timeout';
  if (error.status === 404) return 'model';
  if (error.fault === 'bad_request') return 'bad_request';
  return error.fault;
}

function advice(fault: ConnectionFault, error: ProviderError, provider: PlannerProvider, secondsToWait: number | null): string {
  const variable = provider.name === 'gemini' ? 'GEMINI_API_KEY' : 'OPENAI_API_KEY';
  switch (fault) {
    case 'auth':
      return `The API key was refused. Check it in Settings → Planner (${variable} for the server and the CLI).`;
    case 'network':
      return 'Check the base URL, that the server is running, and the network.';
    case 'timeout':
      return 'Check the base URL and the network, or try again.';
    case 'rate_limited':
      return secondsToWait !== null ? `Too many requests for now: try again in ${secondsToWait} s.` : 'Too many requests for now: try again in a minute.';
    case 'server':
      return 'The provider has a problem of its own: try again later.';
    case 'model':
      return `Check the model name ("${provider.model ?? ''}").`;
    default:
      return error.status === 400 ? 'Check the model name and the base URL.' : '';
  }
}

/**
 * Sends a provider one tiny request through the same provider code the planner uses, and says
 * whether it answered: never throws for what the provider or the network does (a refused key,
 * no server, 429, 5xx, an unknown model) — each comes back as a message saying what to fix.
 */
export async function testPlannerConnection(request: ConnectionTestRequest, options: ConnectionTestOptions): Promise<ConnectionTest> {
  const now = options.now ?? (() => performance.now());
  if (request.provider === 'offline') {
    return {
      ok: true,
      provider: 'offline',
      model: null,
      latencyMs: 0,
      message: 'The offline planner runs on this computer and needs no connection.',
      fault: null,
      status: null,
    };
  }
  const settings = request.baseUrl ? { ...options.settings, [BASE_URL_SETTING[request.provider]]: request.baseUrl } : options.settings;
  // An address given here is the one to test, even where the host pins one (the CLI's --base-url).
  const host: PlannerHostOptions = request.baseUrl ? { ...options.host, baseUrls: { ...options.host?.baseUrls, [request.provider]: request.baseUrl } } : (options.host ?? {});
  let provider: PlannerProvider;
  try {
    provider = resolveProvider(settings, options.secrets, { provider: request.provider, model: request.model }, host);
  } catch (error) {
    if (!(error instanceof TizmorError)) throw error;
    return {
      ok: false,
      provider: request.provider,
      model: request.model ?? null,
      latencyMs: 0,
      message: error.message,
      fault: error.code === 'unauthorized' ? 'auth' : 'config',
      status: null,
    };
  }

  const timeoutMs = options.timeoutMs ?? 20_000;
  const started = now();
  const latency = () => Math.max(0, Math.round(now() - started));
  try {
    const answer = await provider.generate(PING, { signal: AbortSignal.timeout(timeoutMs) });
    const note = answer.finishReason === 'safety' ? ' (it blocked even this tiny answer, so plans may be blocked too)' : '';
    const ms = latency();
    return {
      ok: true,
      provider: provider.name,
      model: provider.model,
      latencyMs: ms,
      message: `${provider.label} answered in ${ms} ms${note}.`,
      fault: null,
      status: null,
    };
  } catch (error) {
    if (!(error instanceof ProviderError)) throw error;
    const ms = latency();
    const fault = faultOf(error);
    const what = fault === 'timeout' ? `${provider.label} did not answer within ${timeoutMs >= 10_000 ? Math.round(timeoutMs / 1000) : Math.round(timeoutMs / 100) / 10} s.` : error.message;
    const wait = error.retryAfterMs !== undefined ? Math.max(1, Math.round(error.retryAfterMs / 1000)) : null;
    const fix = advice(fault, error, provider, wait);
    return {
      ok: false,
      provider: provider.name,
      model: provider.model,
      latencyMs: ms,
      message: fix ? `${sentence(what)} ${fix}` : what,
      fault,
      status: error.status ?? null,
    };
  }
}
