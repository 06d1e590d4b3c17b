/** A step as the linter sees it. */
export interface StepLike {
  id: string;
  agent: string;
  input: Record<string, unknown>;
}

/**
 * What a step cannot honestly do in a workspace without a model, as messages that point at the
 * step; empty when it can run offline. The plan linter shows these before a run starts.
 */
export function offlineLimitations(step: StepLike): string[] {
  if (step.agent === 'llm.generate') {
    return [
      `Step "${step.id}" writes new text with llm.generate, which needs a model: configure Gemini or a local OpenAI-compatible model in Settings → Planner.`,
    ];
  }
  return [];
}
