import { z } from 'zod';
import { defineAgent } from '../agent';
import { AgentError } from '../agent-error';
import { callModel, parseJsonAnswer } from './call-model';
import { keywordClassify } from './keyword-classify';
import type { ModelLookup } from './text-model';

const ClassifyInput = z.object({
  text: z.string().min(1).max(1_000_000).describe('The text to classify.'),
  labels: z.array(z.string().min(1).max(100)).min(2).max(50).describe('The labels to choose from.'),
  instructions: z.string().max(5000).optional().describe('What each label means, or how to decide.'),
});

const ClassifyOutput = z.object({
  label: z.string().describe('The chosen label (one of `labels`).'),
  text: z.string().describe('The chosen label, for the next step.'),
  scores: z.record(z.string(), z.number()).describe('Offline: how many signal words each label had; with a model: 1 for the chosen label.'),
  offline: z.boolean(),
  note: z.string().optional(),
});

/** Puts a text under one of the given labels: with the model, or offline by keywords (and says which). */
export function createLlmClassifyAgent(models: ModelLookup) {
  return defineAgent({
    id: 'llm.classify',
    version: '1',
    name: 'Classify',
    description:
      "Chooses the label that fits a text (e.g. urgent / normal / low, or positive / neutral / negative) with the workspace's model; without a model it scores labels by keywords and says so.",
    capabilities: ['classify', 'categorize', 'llm', 'text'],
    input: ClassifyInput,
    output: ClassifyOutput,
    risk: 'read',
    idempotent: true,
    async execute(input, ctx) {
      const model = models(ctx.workspace.workspaceId);
      if (!model) {
        const result = keywordClassify(input.text, input.labels);
        const note = result.evidence
          ? 'Classified offline by keywords (no model).'
          : `Classified offline by keywords (no model): no label's words occur in the text, so it is "${result.label}" by default.`;
        ctx.log('info', note);
        return { label: result.label, text: result.label, scores: result.scores, offline: true, note };
      }
      const answer = await callModel(
        model,
        {
          prompt: `Classify the text below. Choose exactly one label from ${JSON.stringify(input.labels)} and answer as JSON: {"label": "..."}.${input.instructions ? `\n${input.instructions}` : ''}\n\nText:\n${input.text}`,
          json: true,
        },
        ctx,
      );
      const parsed = parseJsonAnswer(answer.text) as { label?: unknown };
      const said = typeof parsed?.label === 'string' ? parsed.label.trim() : '';
      const label = input.labels.find((item) => item.toLowerCase() === said.toLowerCase());
      if (!label) throw new AgentError(`The model answered "${said}", which is not one of the labels (${input.labels.join(', ')}).`, { retryable: true });
      return { label, text: label, scores: Object.fromEntries(input.labels.map((item) => [item, item === label ? 1 : 0])), offline: false };
    },
    simulate: (input) => ({ label: input.labels[0] ?? '', text: input.labels[0] ?? '', scores: {}, offline: true, note: 'simulated' }),
  });
}
