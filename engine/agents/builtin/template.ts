import { z } from 'zod';
import { defineAgent } from '../agent';
import { AgentError } from '../agent-error';

const TemplateInput = z.object({
  template: z
    .string()
    .describe('Text with placeholders such as {{name}} or {{order.customer.name}}; each is replaced by the value at that path in `values`.'),
  values: z
    .record(z.string(), z.unknown())
    .default({})
    .describe('The values the placeholders name. Nested objects and lists are reached with dotted paths ({{items.0.title}}).'),
});

const TemplateOutput = z.object({
  text: z.string().describe('The template with every placeholder filled.'),
});

/** `{{ name }}` or `{{ a.b.0 }}`; anything else between braces is left as written. */
const PLACEHOLDER = /\{\{\s*([A-Za-z_$][\w$-]*(?:\.[\w$-]+)*)\s*\}\}/g;

const MISSING = Symbol('missing');

function lookup(values: Record<string, unknown>, path: string): unknown {
  let current: unknown = values;
  for (const key of path.split('.')) {
    if (current === null || typeof current !== 'object' || !Object.hasOwn(current, key)) return MISSING;
    current = (current as Record<string, unknown>)[key]; // an object or array checked above; both index by string
  }
  return current === undefined ? MISSING : current;
}

function render(value: unknown): string {
  if (value === null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** Fills the placeholders it can; returns the text and the paths it could not find. */
export function fillTemplate(template: string, values: Record<string, unknown>): { text: string; missing: string[] } {
  const missing = new Set<string>();
  const text = template.replace(PLACEHOLDER, (placeholder, path: string) => {
    const value = lookup(values, path);
    if (value === MISSING) {
      missing.add(path);
      return placeholder;
    }
    return render(value);
  });
  return { text, missing: [...missing] };
}

/** Fills `{{name}}` placeholders in a text from a set of values; a missing value is an error, never an empty gap. */
export const templateAgent = defineAgent({
  id: 'template',
  version: '1',
  name: 'Fill a template',
  description:
    'Composes a text by replacing {{name}} and dotted {{a.b}} placeholders in a template with the given values, failing if any value is missing.',
  capabilities: ['compose', 'text'],
  input: TemplateInput,
  output: TemplateOutput,
  risk: 'read',
  idempotent: true,
  async execute(input) {
    const { text, missing } = fillTemplate(input.template, input.values);
    if (missing.length > 0) {
      const given = Object.keys(input.values);
      throw new AgentError(
        `The template uses ${missing.length === 1 ? 'a value that was' : 'values that were'} not given: ${missing.join(', ')}. ` +
          `Given: ${given.length > 0 ? given.join(', ') : 'none'}.`,
        { details: { missing, given } },
      );
    }
    return { text };
  },
  simulate: (input) => ({ text: fillTemplate(input.template, input.values).text }),
});
