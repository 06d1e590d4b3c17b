import { z } from 'zod';
import { defineAgent } from '../agent';
import { AgentError } from '../agent-error';
import { callModel } from './call-model';
import { CONFIGURE_MODEL, type ModelLookup } from './text-model';

const GenerateInput = z.object({
  prompt: z.string().min(1).max(200_000).describe('What to write, with any material it needs (e.g. {{steps.summarize.output.text}}).'),
  system: z.string().max(20_000).optional().describe('Standing instructions: tone, audience, language, format.'),
  maxWords: z.number().int().positive().max(20_000).optional().describe('About how long the answer may be.'),
  json: z.boolean().default(false).describe('Answer with one JSON value instead of prose.'),
});

const GenerateOutput = z.object({
  text: z.string().describe('What the model wrote.'),
  provider: z.string().describe('Which kind of model wrote it: gemini or openai.'),
  model: z.string().describe('The model id.'),
  offline: z.literal(false).describe('Always false: writing new text needs a model.'),
});

/** Writes text with the workspace's model. Nothing honest can stand in offline, so without a model it refuses (and the plan linter says so first). */
export function createLlmGenerateAgent(models: ModelLookup) {
  return defineAgent({
    id: 'llm.generate',
    version: '1',
    name: 'Write with a model',
    description:
      "Writes text (a report, an e-mail, a reply, a translation) from a prompt with the workspace's model; streams as it writes. Needs a model to be configured.",
    capabilities: ['generate', 'write', 'compose', 'llm', 'text'],
    input: GenerateInput,
    output: GenerateOutput,
    risk: 'read',
    idempotent: true,
    async execute(input, ctx) {
      const model = models(ctx.workspace.workspaceId);
      if (!model) throw new AgentError(`llm.generate needs a model and this workspace has none. ${CONFIGURE_MODEL}`);
      const length = input.maxWords ? `\nKeep it under about ${input.maxWords} words.` : '';
      const answer = await callModel(model, { system: input.system, prompt: `${input.prompt}${length}`, json: input.json }, ctx, { stream: true });
      return { text: answer.text, provider: model.provider, model: model.model, offline: false as const };
    },
    simulate: (input) => ({ text: `(simulated text for: ${input.prompt.slice(0, 80)})`, provider: 'simulated', model: 'simulated', offline: false as const }),
  });
}
