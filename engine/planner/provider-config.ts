import { TizmorError, type PlannerProvider as ProviderName } from '../api';
import type { SecretStore } from '../core/secrets';
import type { JsonValue } from '../store/store';
import { DEFAULT_GEMINI_MODEL, geminiProvider } from './gemini-provider';
import { offlineProvider } from './offline-provider';
import { DEFAULT_OPENAI_BASE_URL, openAiProvider } from './openai-provider';
import type { PlannerProvider } from './provider';

/** The workspace settings the planner and the LLM agents read. Keys live in the SecretStore, never here. */
export const PLANNER_SETTINGS = {
  /** 'offline' (default), 'gemini' or 'openai'. */
  provider: 'planner.provider',
  geminiModel: 'planner.gemini.model',
  geminiBaseUrl: 'planner.gemini.baseUrl',
  openaiBaseUrl: 'planner.openai.baseUrl',
  openaiModel: 'planner.openai.model',
} as const;

/** What a host may set for every generation: base URLs that win over settings (CLI `--base-url`), a fetch, a clock for waits. */
export interface PlannerHostOptions {
  baseUrls?: Partial<Record<'gemini' | 'openai', string>>;
  fetch?: typeof fetch;
  /** Waits before a retry (tests pass one that does not wait). */
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
}

function text(settings: Record<string, JsonValue>, key: string): string | undefined {
  const value = settings[key];
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

/** The provider a workspace is set to ('offline' unless Settings say otherwise). */
export function configuredProviderName(settings: Record<string, JsonValue>): ProviderName {
  const value = text(settings, PLANNER_SETTINGS.provider);
  return value === 'gemini' || value === 'openai' ? value : 'offline';
}

/**
 * The provider for one call: the one asked for, else the workspace's. A missing key or model is
 * the person's to fix, so it is said plainly (with where to fix it) rather than planned around.
 */
export function resolveProvider(
  settings: Record<string, JsonValue>,
  secrets: SecretStore,
  wanted: { provider?: ProviderName | undefined; model?: string | undefined },
  host: PlannerHostOptions = {},
): PlannerProvider {
  const name = wanted.provider ?? configuredProviderName(settings);
  if (name === 'gemini') {
    const apiKey = secrets.get('gemini.apiKey');
    if (!apiKey) {
      throw new TizmorError(
        'unauthorized',
        'There is no Gemini API key. Add it in Settings → Planner (the desktop app keeps it in the system keychain), or set GEMINI_API_KEY for the server and the CLI.',
      );
    }
    return geminiProvider({
      apiKey,
      model: wanted.model ?? text(settings, PLANNER_SETTINGS.geminiModel) ?? DEFAULT_GEMINI_MODEL,
      baseUrl: host.baseUrls?.gemini ?? text(settings, PLANNER_SETTINGS.geminiBaseUrl),
      fetch: host.fetch,
    });
  }
  if (name === 'openai') {
    const model = wanted.model ?? text(settings, PLANNER_SETTINGS.openaiModel);
    if (!model) {
      throw new TizmorError(
        'bad_input',
        'Choose the model of the OpenAI-compatible endpoint in Settings → Planner (e.g. "llama3.1" for Ollama), or pass --model.',
      );
    }
    return openAiProvider({
      baseUrl: host.baseUrls?.openai ?? text(settings, PLANNER_SETTINGS.openaiBaseUrl) ?? DEFAULT_OPENAI_BASE_URL,
      model,
      apiKey: secrets.get('openai.apiKey'),
      fetch: host.fetch,
    });
  }
  return offlineProvider();
}

/** The model the LLM agents of a workspace use, or null when it has none (offline, or Gemini without a key). */
export function workspaceModel(settings: Record<string, JsonValue>, secrets: SecretStore, host: PlannerHostOptions = {}): PlannerProvider | null {
  const name = configuredProviderName(settings);
  if (name === 'offline') return null;
  try {
    return resolveProvider(settings, secrets, {}, host);
  } catch {
    return null;
  }
}
