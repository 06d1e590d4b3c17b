import { z } from 'zod';
import { describeIssues } from '../../api';
import { defineAgent } from '../agent';
import { AgentError } from '../agent-error';
import { callModel, parseJsonAnswer } from './call-model';
import { patternExtract } from './pattern-extract';
import type { ModelLookup } from './text-model';

const ExtractInput = z.object({
  text: z.string().min(1).max(1_000_000).describe('The text to read.'),
  schema: z
    .record(z.string(), z.unknown())
    .describe('A JSON Schema object describing the data to extract, e.g. {"type":"object","properties":{"emails":{"type":"array","items":{"type":"string","format":"email"}}}}.'),
  instructions: z.string().max(5000).optional().describe('Anything else the extraction should know.'),
});

const ExtractOutput = z.object({
  data: z.unknown().describe('The extracted data; it matches the schema.'),
  text: z.string().describe('The data as JSON text.'),
  missing: z.array(z.string()).describe('Fields that were not found (left out of data).'),
  offline: z.boolean().describe('True when patterns, not a model, did the extraction.'),
  note: z.string().optional(),
});

function validator(schema: Record<string, unknown>): z.ZodType {
  try {
    return z.fromJSONSchema(schema as Parameters<typeof z.fromJSONSchema>[0]);
  } catch (error) {
    throw new AgentError(`The schema is not a JSON Schema this agent understands: ${(error as Error).message}`);
  }
}

function problems(error: z.ZodError): string {
  return describeIssues(error)
    .map((issue) => `${issue.path}: ${issue.message}`)
    .join('; ');
}

/** Reads structured data out of text, validated against a JSON Schema: with the model, or offline with patterns (and says which). */
export function createLlmExtractAgent(models: ModelLookup) {
  return defineAgent({
    id: 'llm.extract',
    version: '1',
    name: 'Extract data',
    description:
      "Extracts structured data matching a JSON Schema from a text with the workspace's model, validated against the schema; without a model it finds e-mails, URLs, phone numbers, dates, amounts and \"Label: value\" lines by pattern, and says so.",
    capabilities: ['extract', 'parse', 'llm', 'text'],
    input: ExtractInput,
    output: ExtractOutput,
    risk: 'read',
    idempotent: true,
    async execute(input, ctx) {
      const check = validator(input.schema);
      const model = models(ctx.workspace.workspaceId);
      if (!model) {
        const { data, missing } = patternExtract(input.text, input.schema);
        const checked = check.safeParse(data);
        if (!checked.success) {
          throw new AgentError(
            `Offline extraction (patterns, no model) could not fill the schema: ${problems(checked.error)}. ${missing.length > 0 ? `Not found: ${missing.join(', ')}. ` : ''}Configure a model in Settings for free-form fields.`,
            { details: { missing } },
          );
        }
        const note = `Extracted offline by pattern (no model).${missing.length > 0 ? ` Not found: ${missing.join(', ')}.` : ''}`;
        ctx.log('info', note);
        return { data: checked.data, text: JSON.stringify(checked.data), missing, offline: true, note };
      }
      let prompt = `Extract data from the text below. Answer with one JSON value that matches this JSON Schema, and nothing else. Leave out what the text does not say; never invent values.\nSchema: ${JSON.stringify(input.schema)}${input.instructions ? `\n${input.instructions}` : ''}\n\nText:\n${input.text}`;
      for (let attempt = 1; ; attempt += 1) {
        const answer = await callModel(model, { prompt, json: true }, ctx);
        const checked = check.safeParse(parseJsonAnswer(answer.text));
        if (checked.success) {
          const properties = Object.keys((input.schema.properties ?? {}) as Record<string, unknown>);
          const data = checked.data;
          const missing = data !== null && typeof data === 'object' ? properties.filter((key) => !(key in data)) : [];
          return { data, text: JSON.stringify(data), missing, offline: false };
        }
        if (attempt >= 2) throw new AgentError(`The model's data does not match the schema: ${problems(checked.error)}`);
        prompt = `${prompt}\n\nYour previous answer did not match the schema (${problems(checked.error)}). Answer again.`;
      }
    },
  });
}
