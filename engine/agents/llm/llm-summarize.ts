import { z } from 'zod';
import { defineAgent } from '../agent';
import { callModel } from './call-model';
import { extractiveSummary } from './extractive-summary';
import type { ModelLookup } from './text-model';

const SummarizeInput = z.object({
  text: z.string().min(1).max(1_000_000).describe('The text to summarize.'),
  sentences: z.number().int().min(1).max(20).default(3).describe('About how many sentences the summary has.'),
  focus: z.string().max(500).optional().describe('What the summary should be about, e.g. "decisions and deadlines".'),
});

const SummarizeOutput = z.object({
  text: z.string().describe('The summary (the same as `summary`, for the next step).'),
  summary: z.string().describe('The summary.'),
  method: z.enum(['model', 'extractive']).describe('"model": written by the model; "extractive": chosen sentences of the text, made offline.'),
  offline: z.boolean().describe('True when no model was used.'),
  note: z.string().optional().describe('What the person should know about how it was made.'),
});

/** Summarizes with the workspace's model, or offline by picking the most representative sentences (and saying so). */
export function createLlmSummarizeAgent(models: ModelLookup) {
  return defineAgent({
    id: 'llm.summarize',
    version: '1',
    name: 'Summarize',
    description:
      "Summarizes or analyzes a text in a given number of sentences with the workspace's model; without a model it makes an extractive summary (the text's key sentences, unchanged) and says so.",
    capabilities: ['summarize', 'analyze', 'llm', 'text'],
    input: SummarizeInput,
    output: SummarizeOutput,
    risk: 'read',
    idempotent: true,
    async execute(input, ctx) {
      const model = models(ctx.workspace.workspaceId);
      if (!model) {
        const picked = extractiveSummary(input.text, input.sentences, input.focus);
        const summary = picked.join(' ');
        const note = `Made offline without a model: an extractive summary, the ${picked.length} most representative sentence${picked.length === 1 ? '' : 's'} of the text, unchanged. Configure a model in Settings for a written summary.`;
        ctx.log('info', note);
        return { text: summary, summary, method: 'extractive' as const, offline: true, note };
      }
      const focus = input.focus ? ` Focus on: ${input.focus}.` : '';
      const answer = await callModel(
        model,
        {
          system: 'You summarize texts faithfully, in the language of the text, without adding facts.',
          prompt: `Summarize the text below in about ${input.sentences} sentence${input.sentences === 1 ? '' : 's'}.${focus}\n\n${input.text}`,
        },
        ctx,
      );
      const summary = answer.text.trim();
      return { text: summary, summary, method: 'model' as const, offline: false };
    },
    simulate: (input) => {
      const summary = extractiveSummary(input.text, input.sentences, input.focus).join(' ');
      return { text: summary, summary, method: 'extractive' as const, offline: true, note: 'simulated' };
    },
  });
}
