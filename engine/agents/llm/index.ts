import type { AnyAgent } from '../agent';
import { createLlmClassifyAgent } from './llm-classify';
import { createLlmExtractAgent } from './llm-extract';
import { createLlmGenerateAgent } from './llm-generate';
import { createLlmSummarizeAgent } from './llm-summarize';
import type { ModelLookup } from './text-model';

export { offlineLimitations, type StepLike } from './offline-limitations';
export { extractiveSummary } from './extractive-summary';
export { CONFIGURE_MODEL, type ModelLookup, type TextAnswer, type TextModel, type TextRequest } from './text-model';
export { createLlmClassifyAgent, createLlmExtractAgent, createLlmGenerateAgent, createLlmSummarizeAgent };

/** The LLM agents, using the model each workspace is set to (through `models`, given by the engine). */
export function llmAgents(models: ModelLookup): AnyAgent[] {
  return [createLlmGenerateAgent(models), createLlmSummarizeAgent(models), createLlmExtractAgent(models), createLlmClassifyAgent(models)];
}
