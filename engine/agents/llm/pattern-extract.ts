/**
 * Offline extraction: fills a JSON schema's fields from text with patterns — e-mail addresses,
 * URLs, phone numbers, dates, amounts, enum values, and "Label: value" lines named like the field.
 * What no pattern finds is left out and reported, never made up.
 */

interface FieldSchema {
  type?: string | string[];
  format?: string;
  enum?: unknown[];
  items?: FieldSchema;
  title?: string;
  description?: string;
}

const PATTERNS = {
  email: /[\w.+-]+@[\w-]+(?:\.[\w-]+)+/g,
  url: /https?:\/\/[^\s"'<>]+[^\s"'<>.,;:!?)]/g,
  phone: /(?:\+\d{1,3}[\s-]?)?(?:\(?\d{1,4}\)?[\s-]?)\d{3,4}[\s-]?\d{3,4}\b/g,
  date: /\b\d{4}-\d{2}-\d{2}\b|\b\d{1,2}[/.]\d{1,2}[/.]\d{2,4}\b|\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.? \d{1,2}(?:st|nd|rd|th)?,? \d{4}\b|\b\d{1,2} (?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]* \d{4}\b/gi,
  number: /[-+]?(?:[$€£₪]\s?)?\d{1,3}(?:,\d{3})+(?:\.\d+)?|[-+]?(?:[$€£₪]\s?)?\d+(?:\.\d+)?/g,
};

type Kind = keyof typeof PATTERNS | 'string' | 'boolean' | 'enum';

/** Splits `invoiceNumber` / `due_date` into words: "invoice number", "due date". */
function humanize(name: string): string {
  return name
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .replace(/[_-]+/g, ' ')
    .toLowerCase()
    .trim();
}

function typeOf(schema: FieldSchema): string | undefined {
  return Array.isArray(schema.type) ? schema.type.find((type) => type !== 'null') : schema.type;
}

function kindOf(name: string, schema: FieldSchema): Kind {
  if (schema.enum) return 'enum';
  const type = typeOf(schema);
  if (type === 'boolean') return 'boolean';
  if (type === 'number' || type === 'integer') return 'number';
  const hint = `${name} ${schema.format ?? ''} ${schema.description ?? ''}`.toLowerCase();
  if (schema.format === 'email' || /e-?mail/.test(hint)) return 'email';
  if (schema.format === 'uri' || schema.format === 'url' || /\b(?:url|link|website)\b|url|link/.test(hint)) return 'url';
  if (/phone|tel|טלפון/.test(hint)) return 'phone';
  if (schema.format === 'date' || schema.format === 'date-time' || /date|deadline|due|תאריך/.test(hint)) return 'date';
  return 'string';
}

function all(text: string, pattern: RegExp): string[] {
  return [...text.matchAll(pattern)].map((match) => match[0].trim());
}

function toNumber(raw: string): number {
  return Number(raw.replace(/[$€£₪,\s]/g, ''));
}

/** "Invoice number: 123" → "123", for a field named invoiceNumber (or titled so). */
function labelled(text: string, name: string, schema: FieldSchema): string | undefined {
  const labels = [humanize(name), schema.title?.toLowerCase()].filter((label): label is string => Boolean(label));
  for (const line of text.split(/\r?\n/)) {
    const match = /^\s*[-*•]?\s*([^:：]{1,60})[:：]\s*(.+?)\s*$/u.exec(line);
    if (match && labels.some((label) => humanize(match[1] ?? '') === label || humanize(match[1] ?? '').replace(/s$/, '') === label.replace(/s$/, ''))) {
      return match[2];
    }
  }
  return undefined;
}

function near(text: string, name: string, pattern: RegExp): string | undefined {
  const words = humanize(name).split(' ').filter((word) => word.length > 2);
  for (const line of text.split(/\r?\n/)) {
    if (words.length > 0 && words.some((word) => line.toLowerCase().includes(word))) {
      const found = all(line, pattern);
      if (found.length > 0) return found[0];
    }
  }
  return undefined;
}

function single(text: string, name: string, schema: FieldSchema): unknown {
  const kind = kindOf(name, schema);
  const label = labelled(text, name, schema);
  switch (kind) {
    case 'enum': {
      const lower = (label ?? text).toLowerCase();
      return schema.enum?.find((value) => typeof value === 'string' && lower.includes(value.toLowerCase()));
    }
    case 'boolean': {
      if (!label) return undefined;
      if (/^(?:yes|true|y|כן)\b/iu.test(label)) return true;
      if (/^(?:no|false|n|לא)\b/iu.test(label)) return false;
      return undefined;
    }
    case 'number': {
      const raw = (label ? all(label, PATTERNS.number)[0] : undefined) ?? near(text, name, PATTERNS.number) ?? all(text, PATTERNS.number)[0];
      if (raw === undefined) return undefined;
      const value = toNumber(raw);
      if (!Number.isFinite(value)) return undefined;
      return typeOf(schema) === 'integer' ? Math.round(value) : value;
    }
    case 'string':
      return label;
    default: {
      const pattern = PATTERNS[kind];
      return (label ? all(label, pattern)[0] : undefined) ?? near(text, name, pattern) ?? all(text, pattern)[0];
    }
  }
}

function list(text: string, name: string, schema: FieldSchema): unknown[] | undefined {
  const items = schema.items ?? {};
  const kind = kindOf(name.replace(/s$/, ''), items);
  if (kind === 'email' || kind === 'url' || kind === 'phone' || kind === 'date') {
    const found = [...new Set(all(text, PATTERNS[kind]))];
    return found.length > 0 ? found : undefined;
  }
  if (kind === 'number') {
    const found = all(text, PATTERNS.number).map(toNumber).filter(Number.isFinite);
    return found.length > 0 ? found : undefined;
  }
  const label = labelled(text, name, schema) ?? labelled(text, name.replace(/s$/, ''), schema);
  return label ? label.split(/\s*[,;]\s*/).filter(Boolean) : undefined;
}

/** Fills what patterns can find; `missing` names the fields they could not. */
export function patternExtract(text: string, schema: Record<string, unknown>): { data: Record<string, unknown>; missing: string[] } {
  const properties = (schema.properties ?? {}) as Record<string, FieldSchema>;
  const data: Record<string, unknown> = {};
  const missing: string[] = [];
  for (const [name, field] of Object.entries(properties)) {
    const value = typeOf(field) === 'array' ? list(text, name, field) : single(text, name, field);
    if (value === undefined) missing.push(name);
    else data[name] = value;
  }
  return { data, missing };
}
