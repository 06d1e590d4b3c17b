import type { PlannerProvider, SecretName } from '../api/contract';

/** The workspace settings the planner reads (its keys live outside SQLite, behind `secrets.*`). */
export const plannerKeys = {
  provider: 'planner.provider',
  geminiModel: 'planner.gemini.model',
  geminiBaseUrl: 'planner.gemini.baseUrl',
  openaiModel: 'planner.openai.model',
  openaiBaseUrl: 'planner.openai.baseUrl',
} as const;

export type PlannerField = keyof typeof plannerKeys;
/** The planner's settings as the form holds them; empty text means the engine's default. */
export type PlannerValues = Record<Exclude<PlannerField, 'provider'>, string> & { provider: PlannerProvider };

/** What the engine uses when a field is left empty, shown as the placeholder. */
export const plannerDefaults: Partial<Record<PlannerField, string>> = {
  geminiModel: 'gemini-2.5-flash',
  geminiBaseUrl: 'https://generativelanguage.googleapis.com',
  openaiModel: 'llama3.1',
  openaiBaseUrl: 'http://127.0.0.1:11434/v1',
};

export const providers: PlannerProvider[] = ['offline', 'gemini', 'openai'];

export function secretOf(provider: PlannerProvider): SecretName | null {
  return provider === 'gemini' ? 'gemini.apiKey' : provider === 'openai' ? 'openai.apiKey' : null;
}

/** The environment variable a headless host reads a key from. */
export function environmentVariableOf(secret: SecretName): string {
  return secret === 'gemini.apiKey' ? 'GEMINI_API_KEY' : 'OPENAI_API_KEY';
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

export function plannerValuesOf(settings: Record<string, unknown>): PlannerValues {
  const provider = text(settings[plannerKeys.provider]);
  return {
    provider: providers.find((known) => known === provider) ?? 'offline',
    geminiModel: text(settings[plannerKeys.geminiModel]),
    geminiBaseUrl: text(settings[plannerKeys.geminiBaseUrl]),
    openaiModel: text(settings[plannerKeys.openaiModel]),
    openaiBaseUrl: text(settings[plannerKeys.openaiBaseUrl]),
  };
}

/** The settings to write: only what changed, trimmed. */
export function changedSettings(before: PlannerValues, after: PlannerValues): { key: string; value: string }[] {
  return (Object.keys(plannerKeys) as PlannerField[])
    .filter((field) => before[field].trim() !== after[field].trim())
    .map((field) => ({ key: plannerKeys[field], value: after[field].trim() }));
}

/** The model and base-URL fields of a provider. */
export function fieldsOf(provider: PlannerProvider): { model: Exclude<PlannerField, 'provider'>; baseUrl: Exclude<PlannerField, 'provider'> } | null {
  if (provider === 'gemini') return { model: 'geminiModel', baseUrl: 'geminiBaseUrl' };
  if (provider === 'openai') return { model: 'openaiModel', baseUrl: 'openaiBaseUrl' };
  return null;
}
