import { z } from 'zod';
import { AgentError } from '../agent-error';
import { defineAgent } from '../agent';

/** A field the person fills in. */
const Field = z.object({
  name: z.string().min(1).max(100).describe('The key of the answer'),
  label: z.string().max(200).optional().describe('What the person sees'),
  type: z.enum(['text', 'number', 'boolean', 'choice']).default('text'),
  options: z.array(z.string()).optional().describe('The choices, for type "choice"'),
  required: z.boolean().default(true),
});

const Input = z.object({
  question: z.string().min(1).max(2000).describe('What to ask the person'),
  fields: z.array(Field).max(30).default([{ name: 'answer', type: 'text', required: true }]).describe('The answer form'),
});

/**
 * Asks the person and waits. The engine does not call `execute`: the step waits in `waiting_approval`
 * with a question, and the answer given through `approvals.decide` becomes its output.
 */
export const humanAskAgent = defineAgent({
  id: 'human.ask',
  version: '1',
  name: 'Ask the person',
  description: 'Pauses the plan to ask the person a question with a small form; their answer becomes this step\'s output.',
  capabilities: ['ask', 'person', 'confirm', 'input', 'human'],
  input: Input,
  output: z.record(z.string(), z.unknown()),
  risk: 'read',
  idempotent: true,
  cacheable: false,
  asksPerson: true,
  async execute() {
    throw new AgentError('human.ask is answered by a person through approvals.decide; the engine does not run it.');
  },
  simulate: (input) => Object.fromEntries(input.fields.map((field) => [field.name, field.type === 'number' ? 0 : field.type === 'boolean' ? true : `(simulated answer to "${input.question}")`])),
});

/** Checks an answer against the step's form: required fields present, numbers numbers, choices among the options. */
export function checkAnswer(input: unknown, answer: Record<string, unknown>): string | null {
  const parsed = Input.safeParse(input);
  if (!parsed.success) return null;
  for (const field of parsed.data.fields) {
    const value = answer[field.name];
    if (value === undefined || value === '' || value === null) {
      if (field.required) return `The answer needs "${field.label ?? field.name}".`;
      continue;
    }
    if (field.type === 'number' && typeof value !== 'number') return `"${field.label ?? field.name}" must be a number.`;
    if (field.type === 'boolean' && typeof value !== 'boolean') return `"${field.label ?? field.name}" must be yes or no.`;
    if (field.type === 'choice' && field.options && !field.options.includes(String(value))) {
      return `"${field.label ?? field.name}" must be one of: ${field.options.join(', ')}.`;
    }
  }
  return null;
}
