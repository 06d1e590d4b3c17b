import { describe, expect, it } from 'vitest';
import { ReferenceError, findStepReferences, hasReference, resolveReferences, type ReferenceSource } from '../../../engine/run/references';

/** A source where `outputs` are the succeeded steps and `context` the run's shared context. */
function source(outputs: Record<string, unknown>, context: Record<string, unknown> = {}): ReferenceSource {
  return {
    output: (stepId) => (Object.hasOwn(outputs, stepId) ? { found: true, value: outputs[stepId] } : { found: false }),
    context: () => context,
  };
}

function referenceError(run: () => unknown): ReferenceError {
  try {
    run();
  } catch (error) {
    if (error instanceof ReferenceError) return error;
    throw error;
  }
  throw new Error('expected a ReferenceError');
}

describe('resolveReferences', () => {
  const outputs = { fetch: { body: { items: [1, 2], title: 'Report' }, status: 200, empty: null } };

  it('gives a whole-value reference the referenced value with its type', () => {
    const resolved = resolveReferences(
      { items: '{{steps.fetch.output.body.items}}', code: '{{ steps.fetch.output.status }}', all: '{{steps.fetch.output}}', none: '{{steps.fetch.output.empty}}' },
      source(outputs),
    );
    expect(resolved).toEqual({ items: [1, 2], code: 200, all: outputs.fetch, none: null });
  });

  it('replaces a reference inside longer text by its text, objects as JSON', () => {
    const resolved = resolveReferences(
      { line: 'Got {{steps.fetch.output.status}} for "{{steps.fetch.output.body.title}}": {{steps.fetch.output.body.items}}' },
      source(outputs),
    );
    expect(resolved).toEqual({ line: 'Got 200 for "Report": [1,2]' });
  });

  it('resolves deep inside arrays and objects and leaves other values alone', () => {
    const resolved = resolveReferences(
      { list: [{ n: '{{steps.fetch.output.status}}' }, 3, true, null, 'plain {braces}'] },
      source(outputs),
    );
    expect(resolved).toEqual({ list: [{ n: 200 }, 3, true, null, 'plain {braces}'] });
  });

  it('reads {{context.KEY.PATH}} from the run context', () => {
    const resolved = resolveReferences(
      { who: '{{context.user.name}}', text: 'Hi {{context.user.name}}, page {{context.page}}' },
      source({}, { user: { name: 'Ada' }, page: 3 }),
    );
    expect(resolved).toEqual({ who: 'Ada', text: 'Hi Ada, page 3' });
  });

  it('names the step that has no output yet', () => {
    const error = referenceError(() => resolveReferences({ x: '{{steps.later.output}}' }, source(outputs)));
    expect(error.message).toBe('{{steps.later.output}}: step "later" has no output (it has not succeeded).');
  });

  it('names the missing field and lists the fields that exist', () => {
    const error = referenceError(() => resolveReferences({ x: 'see {{steps.fetch.output.body.titel}}' }, source(outputs)));
    expect(error.message).toBe('{{steps.fetch.output.body.titel}}: the output of "fetch" at "body" has no "titel" (it has: items, title).');
  });

  it('says what the value is when a path goes into a scalar', () => {
    const error = referenceError(() => resolveReferences({ x: '{{steps.fetch.output.status.code}}' }, source(outputs)));
    expect(error.message).toContain('at "status" has no "code" (it is number)');
  });

  it('names a missing context key', () => {
    const error = referenceError(() => resolveReferences({ x: '{{context.token}}' }, source({}, { user: 1 })));
    expect(error.message).toBe('{{context.token}}: the run context has no "token" (it has: user).');
  });

  it('asks for .output when a step reference skips it', () => {
    const error = referenceError(() => resolveReferences({ x: '{{steps.fetch.body}}' }, source(outputs)));
    expect(error.message).toContain('write {{steps.fetch.output}} or {{steps.fetch.output.FIELD}}');
  });

  it('does not read inherited properties as fields', () => {
    expect(() => resolveReferences({ x: '{{steps.fetch.output.toString}}' }, source(outputs))).toThrow(ReferenceError);
  });
});

describe('findStepReferences', () => {
  it('lists each step reference with the path where it appears', () => {
    const found = findStepReferences({
      url: '{{steps.a.output.url}}',
      body: { parts: ['x', 'from {{steps.b.output}} and {{ steps.c.output.n }}'] },
      who: '{{context.user}}',
    });
    expect(found).toEqual([
      { stepId: 'a', path: 'input.url', expression: 'steps.a.output.url' },
      { stepId: 'b', path: 'input.body.parts[1]', expression: 'steps.b.output' },
      { stepId: 'c', path: 'input.body.parts[1]', expression: 'steps.c.output.n' },
    ]);
  });

  it('finds nothing in plain values and context references', () => {
    expect(findStepReferences({ a: 'text {{name}}', b: 1, c: '{{context.x}}' })).toEqual([]);
  });
});

describe('hasReference', () => {
  it('is true for step and context references anywhere inside, false for template placeholders', () => {
    expect(hasReference({ deep: ['{{context.x}}'] })).toBe(true);
    expect(hasReference('a {{steps.s.output}}')).toBe(true);
    expect(hasReference({ t: 'Hello {{name}}' })).toBe(false);
    // The same answer twice in a row (a global regex would carry lastIndex between calls).
    expect(hasReference('{{steps.s.output}}')).toBe(true);
    expect(hasReference('{{steps.s.output}}')).toBe(true);
  });
});
