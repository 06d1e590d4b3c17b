import type { InputField } from './input-form';

/** A `human.ask` step's form: its fields, their labels and starting values. */
export interface Question {
  fields: InputField[];
  labels: Record<string, string>;
  initial: Record<string, unknown>;
}

const kinds = { text: 'text', number: 'number', boolean: 'boolean', choice: 'choice' } as const;

/** Reads the form out of a question's resolved input (`{question, fields: [{name, label, type, options, required}]}`). */
export function questionOf(input: unknown): Question {
  const raw = input !== null && typeof input === 'object' && Array.isArray((input as { fields?: unknown }).fields) ? (input as { fields: unknown[] }).fields : [];
  const fields: InputField[] = [];
  const labels: Record<string, string> = {};
  const initial: Record<string, unknown> = {};
  for (const entry of raw) {
    if (entry === null || typeof entry !== 'object') continue;
    const { name, label, type, options, required } = entry as { name?: unknown; label?: unknown; type?: unknown; options?: unknown; required?: unknown };
    if (typeof name !== 'string') continue;
    const kind = typeof type === 'string' && type in kinds ? kinds[type as keyof typeof kinds] : 'text';
    fields.push({
      key: name,
      kind,
      required: required !== false,
      ...(kind === 'choice' && Array.isArray(options) ? { options: options.filter((option): option is string => typeof option === 'string') } : {}),
    });
    labels[name] = typeof label === 'string' && label ? label : name;
    if (kind === 'boolean') initial[name] = false;
  }
  if (fields.length === 0) {
    fields.push({ key: 'answer', kind: 'text', required: true });
  }
  return { fields, labels, initial };
}
