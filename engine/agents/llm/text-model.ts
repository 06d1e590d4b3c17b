/** One request to a model: an instruction and a prompt, answered as text (or JSON). */
export interface TextRequest {
  system?: string;
  prompt: string;
  /** Ask for one JSON value (JSON mode / structured output). */
  json?: boolean;
  maxOutputTokens?: number;
}

export interface TextAnswer {
  text: string;
  tokens: number;
  costUsd: number;
  /** 'stop', or why it stopped early ('max_tokens', 'safety'). */
  finishReason: string;
}

/** A model the LLM agents can call; the engine builds it from the workspace's settings and secrets. */
export interface TextModel {
  readonly provider: string;
  readonly model: string;
  complete(request: TextRequest, options: { signal: AbortSignal; onText?: (textSoFar: string) => void }): Promise<TextAnswer>;
}

/** The port the engine gives the LLM agents: the model a workspace is set to, or null when it has none. */
export type ModelLookup = (workspaceId: string) => TextModel | null;

/** Where to set a model up, said wherever an agent needs one. */
export const CONFIGURE_MODEL =
  'Configure a model in Settings → Planner: Gemini (with an API key) or a local OpenAI-compatible server such as Ollama or LM Studio.';
