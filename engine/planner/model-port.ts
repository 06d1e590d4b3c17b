import { AgentError } from '../agents/agent-error';
import type { ModelLookup, TextModel } from '../agents/llm/text-model';
import type { SecretStore } from '../core/secrets';
import type { Store } from '../store/store';
import { workspaceModel, type PlannerHostOptions } from './provider-config';
import { ProviderError, type PlannerProvider } from './provider';

/** A planner provider as the LLM agents see it; provider faults become step errors that say whether a retry can help. */
export function asTextModel(provider: PlannerProvider): TextModel {
  return {
    provider: provider.name,
    model: provider.model ?? provider.name,
    async complete(request, options) {
      try {
        const result = await provider.generate(
          {
            system: request.system ?? 'You are a careful assistant. Answer in the language of the request.',
            messages: [{ role: 'user', text: request.prompt }],
            json: request.json ?? false,
            ...(request.maxOutputTokens ? { maxOutputTokens: request.maxOutputTokens } : {}),
          },
          options,
        );
        return { text: result.text, tokens: result.inputTokens + result.outputTokens, costUsd: result.costUsd, finishReason: result.finishReason };
      } catch (error) {
        if (!(error instanceof ProviderError)) throw error;
        const retryable = error.fault === 'rate_limited' || error.fault === 'server' || error.fault === 'network';
        const hint = error.fault === 'auth' ? ' Check the API key in Settings → Planner.' : '';
        throw new AgentError(`${error.message}${hint}`, { retryable, details: { fault: error.fault, status: error.status, retryAfterMs: error.retryAfterMs } });
      }
    },
  };
}

/** The port the engine gives the LLM agents: each call reads the workspace's current settings and keys. */
export function workspaceModels(store: Store, secrets: SecretStore, host: PlannerHostOptions = {}): ModelLookup {
  return (workspaceId) => {
    const provider = workspaceModel(store.settings.all(workspaceId), secrets, host);
    return provider ? asTextModel(provider) : null;
  };
}
