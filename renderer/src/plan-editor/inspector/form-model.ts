/**
 * The inspector's form, read from an agent's JSON input schema (draft 2020-12, as zod writes it):
 * which fields to draw, of which kind, and what makes a value invalid. Pure and DOM-free.
 */

/** How a field is edited. `map` is an object of free keys (additionalProperties); `json` is anything else. */
export type FieldKind = 'string' | 'number' | 'integer' | 'boolean' | 'enum' | 'array' | 'object' | 'map' | 'json';

/** A key into an input: property names and array indexes. */
export type FieldPath = (string | number)[];

export type EnumOption = string | number | boolean | null;

export interface FieldConstraints {
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  pattern?: string;
  minItems?: number;
  maxItems?: number;
}

/** One field of the form. Objects hold their `fields`; arrays and maps the model of one `item`. */
export interface FieldModel {
  kind: FieldKind;
  /** The property name ('' for the root). */
  key: string;
  label: string;
  description?: string;
  required: boolean;
  nullable: boolean;
  defaultValue?: unknown;
  options?: EnumOption[];
  constraints: FieldConstraints;
  fields?: FieldModel[];
  item?: FieldModel;
}

type Schema = Record<string, unknown>;

const isRecord = (value: unknown): value is Schema => value !== null && typeof value === 'object' && !Array.isArray(value);

/** `{{steps.ID…}}` / `{{context.…}}`, and in a map step `{{item…}}` / `{{index}}`: resolved at run time, so its type is not checked here. */
const referencePattern = /\{\{\s*(?:(?:steps|context)\.[^{}\s]+?|item(?:\.[^{}\s]+?)?|index)\s*\}\}/;

export function holdsReference(value: unknown): boolean {
  return typeof value === 'string' && referencePattern.test(value);
}

/** The form for an agent's input schema, or null when the schema is not an object with fields to draw. */
export function formOf(schema: unknown): FieldModel | null {
  const root = fieldOf(schema, '', true);
  return root.kind === 'object' && (root.fields?.length ?? 0) > 0 ? root : null;
}

/** The field model of one (sub)schema. */
export function fieldOf(schema: unknown, key: string, required: boolean): FieldModel {
  const base: FieldModel = { kind: 'json', key, label: key, required, nullable: false, constraints: {} };
  if (!isRecord(schema)) return base;
  const unwrapped = withoutNull(schema);
  const node = unwrapped.schema;
  const field: FieldModel = {
    ...base,
    label: typeof node.title === 'string' ? node.title : key,
    nullable: unwrapped.nullable,
    constraints: constraintsOf(node),
  };
  if (typeof schema.description === 'string') field.description = schema.description;
  else if (typeof node.description === 'string') field.description = node.description;
  if ('default' in schema) field.defaultValue = schema.default;
  else if ('default' in node) field.defaultValue = node.default;

  if (Array.isArray(node.enum) && node.enum.every(isEnumOption)) return { ...field, kind: 'enum', options: node.enum };
  if ('const' in node && isEnumOption(node.const)) return { ...field, kind: 'enum', options: [node.const] };
  if (node.anyOf || node.oneOf || node.allOf || node.$ref) return field;

  switch (node.type) {
    case 'string':
      return { ...field, kind: 'string' };
    case 'number':
      return { ...field, kind: 'number' };
    case 'integer':
      return { ...field, kind: 'integer' };
    case 'boolean':
      return { ...field, kind: 'boolean' };
    case 'array':
      return { ...field, kind: 'array', item: fieldOf(node.items, '', true) };
    case 'object': {
      const properties = isRecord(node.properties) ? node.properties : {};
      const names = Object.keys(properties);
      if (names.length === 0) {
        const values = node.additionalProperties;
        return { ...field, kind: 'map', item: values === false ? { ...base, key: '' } : fieldOf(values, '', true) };
      }
      const requiredNames = new Set(Array.isArray(node.required) ? node.required.filter((name) => typeof name === 'string') : []);
      return { ...field, kind: 'object', fields: names.map((name) => fieldOf(properties[name], name, requiredNames.has(name))) };
    }
    default:
      return field;
  }
}

function isEnumOption(value: unknown): value is EnumOption {
  return value === null || ['string', 'number', 'boolean'].includes(typeof value);
}

/** `X | null` (as `type: [X, "null"]` or `anyOf: [X, {type: "null"}]`) is drawn as X that may be cleared. */
function withoutNull(schema: Schema): { schema: Schema; nullable: boolean } {
  if (Array.isArray(schema.type) && schema.type.includes('null')) {
    const others = schema.type.filter((type) => type !== 'null');
    if (others.length === 1) return { schema: { ...schema, type: others[0] }, nullable: true };
  }
  const union = Array.isArray(schema.anyOf) ? schema.anyOf : Array.isArray(schema.oneOf) ? schema.oneOf : null;
  if (union && union.length === 2) {
    const other = union.find((option) => !(isRecord(option) && option.type === 'null'));
    if (other !== undefined && union.some((option) => isRecord(option) && option.type === 'null') && isRecord(other)) {
      return { schema: { ...other, description: schema.description ?? other.description, default: schema.default ?? other.default }, nullable: true };
    }
  }
  return { schema, nullable: false };
}

function constraintsOf(node: Schema): FieldConstraints {
  const constraints: FieldConstraints = {};
  const numbers = ['minLength', 'maxLength', 'minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'minItems', 'maxItems'] as const;
  for (const name of numbers) {
    const value = node[name];
    // zod writes ±2^53 bounds on every integer; they say nothing to a person.
    if (typeof value === 'number' && Math.abs(value) < Number.MAX_SAFE_INTEGER) constraints[name] = value;
  }
  if (typeof node.pattern === 'string') constraints.pattern = node.pattern;
  return constraints;
}

/** Why a value does not fit its field; the inspector turns the code into a sentence. */
export interface FieldIssue {
  path: FieldPath;
  code:
    | 'required'
    | 'type'
    | 'integer'
    | 'enum'
    | 'minLength'
    | 'maxLength'
    | 'minimum'
    | 'maximum'
    | 'exclusiveMinimum'
    | 'exclusiveMaximum'
    | 'pattern'
    | 'minItems'
    | 'maxItems';
  /** The bound or the expected type, for the message. */
  limit?: number | string;
}

/** Every issue of `value` against `field`, deepest paths included. `undefined` means "not set". */
export function validateField(field: FieldModel, value: unknown, path: FieldPath = []): FieldIssue[] {
  if (value === undefined) return field.required && field.defaultValue === undefined ? [{ path, code: 'required' }] : [];
  if (value === null && (field.nullable || field.kind === 'json')) return [];
  if (holdsReference(value) && field.kind !== 'string') return [];
  const issues: FieldIssue[] = [];
  const { constraints } = field;
  switch (field.kind) {
    case 'string':
      if (typeof value !== 'string') return [{ path, code: 'type', limit: 'string' }];
      if (holdsReference(value)) return [];
      if (constraints.minLength !== undefined && value.length < constraints.minLength) {
        issues.push(value.length === 0 ? { path, code: 'required' } : { path, code: 'minLength', limit: constraints.minLength });
      }
      if (constraints.maxLength !== undefined && value.length > constraints.maxLength) issues.push({ path, code: 'maxLength', limit: constraints.maxLength });
      if (constraints.pattern !== undefined && !safePattern(constraints.pattern).test(value)) issues.push({ path, code: 'pattern', limit: constraints.pattern });
      return issues;
    case 'number':
    case 'integer':
      if (typeof value !== 'number' || !Number.isFinite(value)) return [{ path, code: 'type', limit: 'number' }];
      if (field.kind === 'integer' && !Number.isInteger(value)) issues.push({ path, code: 'integer' });
      if (constraints.minimum !== undefined && value < constraints.minimum) issues.push({ path, code: 'minimum', limit: constraints.minimum });
      if (constraints.exclusiveMinimum !== undefined && value <= constraints.exclusiveMinimum) {
        issues.push({ path, ...(field.kind === 'integer' ? { code: 'minimum', limit: constraints.exclusiveMinimum + 1 } : { code: 'exclusiveMinimum', limit: constraints.exclusiveMinimum }) });
      }
      if (constraints.maximum !== undefined && value > constraints.maximum) issues.push({ path, code: 'maximum', limit: constraints.maximum });
      if (constraints.exclusiveMaximum !== undefined && value >= constraints.exclusiveMaximum) {
        issues.push({ path, ...(field.kind === 'integer' ? { code: 'maximum', limit: constraints.exclusiveMaximum - 1 } : { code: 'exclusiveMaximum', limit: constraints.exclusiveMaximum }) });
      }
      return issues;
    case 'boolean':
      return typeof value === 'boolean' ? [] : [{ path, code: 'type', limit: 'boolean' }];
    case 'enum':
      return (field.options ?? []).some((option) => option === value) ? [] : [{ path, code: 'enum' }];
    case 'array': {
      if (!Array.isArray(value)) return [{ path, code: 'type', limit: 'array' }];
      if (constraints.minItems !== undefined && value.length < constraints.minItems) issues.push({ path, code: 'minItems', limit: constraints.minItems });
      if (constraints.maxItems !== undefined && value.length > constraints.maxItems) issues.push({ path, code: 'maxItems', limit: constraints.maxItems });
      const item = field.item;
      if (item) value.forEach((element, index) => issues.push(...validateField(item, element, [...path, index])));
      return issues;
    }
    case 'object': {
      if (!isRecord(value)) return [{ path, code: 'type', limit: 'object' }];
      for (const child of field.fields ?? []) issues.push(...validateField(child, value[child.key], [...path, child.key]));
      return issues;
    }
    case 'map': {
      if (!isRecord(value)) return [{ path, code: 'type', limit: 'object' }];
      const item = field.item;
      if (item) for (const [key, element] of Object.entries(value)) issues.push(...validateField(item, element, [...path, key]));
      return issues;
    }
    case 'json':
      return [];
  }
}

function safePattern(pattern: string): RegExp {
  try {
    return new RegExp(pattern, 'u');
  } catch {
    return /(?:)/;
  }
}

/** The value at `path`, or undefined. */
export function valueAt(value: unknown, path: FieldPath): unknown {
  let current = value;
  for (const key of path) {
    if (typeof key === 'number' ? !Array.isArray(current) : !isRecord(current)) return undefined;
    current = (current as Record<string | number, unknown>)[key];
  }
  return current;
}

/**
 * A copy of `root` with `value` at `path`; `undefined` removes an object key (and an array item).
 * Containers on the way are created as needed; untouched branches keep their identity.
 */
export function withValueAt<T>(root: T, path: FieldPath, value: unknown): T {
  if (path.length === 0) return value as T;
  const [key, ...rest] = path as [string | number, ...FieldPath];
  if (typeof key === 'number') {
    const list = Array.isArray(root) ? [...(root as unknown[])] : [];
    const next = withValueAt(list[key], rest, value);
    if (next === undefined && rest.length === 0) list.splice(key, 1);
    else list[key] = next;
    // Asserted: the container built here is the array form of T.
    return list as T;
  }
  const object: Record<string, unknown> = isRecord(root) ? { ...root } : {};
  const next = withValueAt(object[key], rest, value);
  if (next === undefined) delete object[key];
  else object[key] = next;
  // Asserted: the container built here is the object form of T.
  return object as T;
}

/** A problem's `path` from the linter (`input.headers.x`, `input.items[0]`, `input.items.0`) as a field path inside the input. */
export function pathFromProblem(problemPath: string | undefined): FieldPath | null {
  if (!problemPath || !problemPath.startsWith('input')) return null;
  const rest = problemPath.slice('input'.length);
  const path: FieldPath = [];
  for (const match of rest.matchAll(/\.([^.[\]]+)|\[(\d+)\]/g)) {
    if (match[2] !== undefined) path.push(Number(match[2]));
    else path.push(/^\d+$/.test(match[1] as string) ? Number(match[1]) : (match[1] as string));
  }
  return path;
}

/** A stable text key for a field path, for test ids and lookups: `headers.x`, `items.0`. */
export function pathKey(path: FieldPath): string {
  return path.map(String).join('.');
}

/** Reads the text of a number field: a number, a reference, nothing, or not a number. */
export function parseNumberText(text: string, integer: boolean): { value: number | string | undefined } | { error: 'type' | 'integer' } {
  const trimmed = text.trim();
  if (trimmed === '') return { value: undefined };
  if (holdsReference(trimmed)) return { value: trimmed };
  const number = Number(trimmed);
  if (!Number.isFinite(number)) return { error: 'type' };
  if (integer && !Number.isInteger(number)) return { error: 'integer' };
  return { value: number };
}

/** The first value a new array item or map entry gets. */
export function emptyValueOf(field: FieldModel): unknown {
  if (field.defaultValue !== undefined) return field.defaultValue;
  switch (field.kind) {
    case 'string':
      return '';
    case 'number':
    case 'integer':
      return field.constraints.minimum ?? 0;
    case 'boolean':
      return false;
    case 'enum':
      return field.options?.[0] ?? null;
    case 'array':
      return [];
    case 'object':
    case 'map':
      return {};
    case 'json':
      return null;
  }
}

/** Input keys the form does not draw (kept, and shown in the raw JSON mode). */
export function unknownKeys(form: FieldModel, input: Record<string, unknown>): string[] {
  const known = new Set((form.fields ?? []).map((field) => field.key));
  return Object.keys(input).filter((key) => !known.has(key));
}
