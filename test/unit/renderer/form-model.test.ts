import { describe, expect, it } from 'vitest';
import {
  emptyValueOf,
  fieldOf,
  formOf,
  parseNumberText,
  pathFromProblem,
  pathKey,
  unknownKeys,
  validateField,
  valueAt,
  withValueAt,
  type FieldModel,
} from '../../../renderer/src/plan-editor/inspector/form-model';

/** The shape zod writes for the http.request agent's input (trimmed). */
const httpSchema = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  type: 'object',
  properties: {
    url: { type: 'string', minLength: 1, description: 'The address to call.' },
    method: { default: 'GET', type: 'string', enum: ['GET', 'POST', 'PUT'] },
    headers: { default: {}, type: 'object', propertyNames: { type: 'string' }, additionalProperties: { type: 'string' } },
    body: { description: 'Anything.' },
    timeoutMs: { type: 'integer', exclusiveMinimum: 0, maximum: 600000 },
    retries: { type: 'integer', minimum: -9007199254740991, maximum: 9007199254740991 },
    follow: { type: 'boolean', default: false },
    tags: { type: 'array', items: { type: 'string', minLength: 2 }, maxItems: 3 },
    auth: {
      type: 'object',
      properties: { user: { type: 'string' }, token: { anyOf: [{ type: 'string' }, { type: 'null' }] } },
      required: ['user'],
    },
    ratio: { type: ['number', 'null'], minimum: 0, maximum: 1 },
  },
  required: ['url'],
};

const field = (form: FieldModel, key: string) => form.fields?.find((candidate) => candidate.key === key) as FieldModel;

describe('the schema-driven form', () => {
  const form = formOf(httpSchema) as FieldModel;

  it('draws one field per property, of the kind its schema says', () => {
    expect(form.fields?.map((item) => [item.key, item.kind])).toEqual([
      ['url', 'string'],
      ['method', 'enum'],
      ['headers', 'map'],
      ['body', 'json'],
      ['timeoutMs', 'integer'],
      ['retries', 'integer'],
      ['follow', 'boolean'],
      ['tags', 'array'],
      ['auth', 'object'],
      ['ratio', 'number'],
    ]);
    expect(field(form, 'url')).toMatchObject({ required: true, description: 'The address to call.', constraints: { minLength: 1 } });
    expect(field(form, 'method')).toMatchObject({ options: ['GET', 'POST', 'PUT'], defaultValue: 'GET', required: false });
    expect(field(form, 'headers').item?.kind).toBe('string');
    expect(field(form, 'tags').item).toMatchObject({ kind: 'string', constraints: { minLength: 2 } });
    expect(field(form, 'auth').fields?.map((item) => [item.key, item.kind, item.required, item.nullable])).toEqual([
      ['user', 'string', true, false],
      ['token', 'string', false, true],
    ]);
    expect(field(form, 'ratio')).toMatchObject({ nullable: true, constraints: { minimum: 0, maximum: 1 } });
    // zod's ±2^53 bounds on every integer are not shown as limits.
    expect(field(form, 'retries').constraints).toEqual({});
  });

  it('has no form for schemas without fields', () => {
    expect(formOf({ type: 'object', properties: {} })).toBeNull();
    expect(formOf({ $schema: 'x' })).toBeNull();
    expect(formOf(undefined)).toBeNull();
    expect(fieldOf({ anyOf: [{ type: 'string' }, { type: 'number' }] }, 'x', false).kind).toBe('json');
    expect(fieldOf({ const: 'only' }, 'x', false)).toMatchObject({ kind: 'enum', options: ['only'] });
  });

  it('marks invalid values at their field, deepest paths included', () => {
    const issues = validateField(form, {
      method: 'PATCH',
      headers: { accept: 3 },
      timeoutMs: 0,
      follow: 'yes',
      tags: ['a', 'ok', 'fine', 'four'],
      auth: { token: null },
      ratio: 1.5,
    });
    expect(issues.map((issue) => [pathKey(issue.path), issue.code, issue.limit])).toEqual([
      ['url', 'required', undefined],
      ['method', 'enum', undefined],
      ['headers.accept', 'type', 'string'],
      ['timeoutMs', 'minimum', 1],
      ['follow', 'type', 'boolean'],
      ['tags', 'maxItems', 3],
      ['tags.0', 'minLength', 2],
      ['auth.user', 'required', undefined],
      ['ratio', 'maximum', 1],
    ]);
  });

  it('accepts good values, defaults for missing optional ones, and references anywhere', () => {
    expect(validateField(form, { url: 'https://example.com', ratio: null, auth: { user: 'me' } })).toEqual([]);
    expect(validateField(form, { url: '{{steps.find.output.url}}', timeoutMs: '{{steps.plan.output.ms}}' })).toEqual([]);
    expect(validateField(form, { url: '' }).map((issue) => issue.code)).toEqual(['required']);
    expect(validateField(fieldOf({ type: 'integer' }, 'n', true), 2.5).map((issue) => issue.code)).toEqual(['integer']);
    expect(validateField(fieldOf({ type: 'number', exclusiveMinimum: 0 }, 'n', true), 0)).toEqual([{ path: [], code: 'exclusiveMinimum', limit: 0 }]);
    expect(validateField(fieldOf({ type: 'string', pattern: '^a' }, 's', true), 'b').map((issue) => issue.code)).toEqual(['pattern']);
  });

  it('reads and writes values by path, leaving untouched branches as they were', () => {
    const input = { url: 'x', auth: { user: 'me' }, tags: ['aa', 'bb'] };
    expect(valueAt(input, ['auth', 'user'])).toBe('me');
    expect(valueAt(input, ['tags', 1])).toBe('bb');
    expect(valueAt(input, ['tags', 'x'])).toBeUndefined();
    const changed = withValueAt(input, ['auth', 'token'], 't');
    expect(changed).toEqual({ url: 'x', auth: { user: 'me', token: 't' }, tags: ['aa', 'bb'] });
    expect(changed.tags).toBe(input.tags);
    expect(input.auth).toEqual({ user: 'me' });
    expect(withValueAt(input, ['tags', 0], undefined).tags).toEqual(['bb']);
    expect(withValueAt(input, ['url'], undefined)).toEqual({ auth: { user: 'me' }, tags: ['aa', 'bb'] });
    expect(withValueAt({}, ['headers', 'x'], 'y')).toEqual({ headers: { x: 'y' } });
  });

  it('finds the field a linter problem points at', () => {
    expect(pathFromProblem('input.query')).toEqual(['query']);
    expect(pathFromProblem('input.items[2].name')).toEqual(['items', 2, 'name']);
    expect(pathFromProblem('input.items.2')).toEqual(['items', 2]);
    expect(pathFromProblem('steps.0.title')).toBeNull();
    expect(pathFromProblem(undefined)).toBeNull();
  });

  it('reads number fields as numbers, references or nothing', () => {
    expect(parseNumberText(' 42 ', true)).toEqual({ value: 42 });
    expect(parseNumberText('', false)).toEqual({ value: undefined });
    expect(parseNumberText('{{steps.a.output.n}}', true)).toEqual({ value: '{{steps.a.output.n}}' });
    expect(parseNumberText('1.5', true)).toEqual({ error: 'integer' });
    expect(parseNumberText('twelve', false)).toEqual({ error: 'type' });
  });

  it('starts new items with a sensible value and keeps keys the form does not draw', () => {
    expect(emptyValueOf(field(form, 'method'))).toBe('GET');
    expect(emptyValueOf(field(form, 'follow'))).toBe(false);
    expect(emptyValueOf(field(form, 'tags'))).toEqual([]);
    expect(emptyValueOf(field(form, 'tags').item as FieldModel)).toBe('');
    expect(unknownKeys(form, { url: 'x', tone: 'short' })).toEqual(['tone']);
  });
});
