import { describe, expect, it } from 'vitest';
import { partialSteps } from '../../../engine/planner/plan-draft';
import { JsonSyntaxError, parseModelJson, parsePartialModelJson } from '../../../engine/planner/tolerant-json';

describe('reading JSON the way models write it', () => {
  it('reads plain JSON', () => {
    expect(parseModelJson('{"a": [1, 2, {"b": "c"}], "d": null, "e": true}')).toEqual({ a: [1, 2, { b: 'c' }], d: null, e: true });
  });

  it('reads the JSON inside a code fence with prose around it', () => {
    const text = 'Here is the plan you asked for:\n\n```json\n{"steps": [{"id": "a"}]}\n```\n\nTell me if you want changes. {not this}';
    expect(parseModelJson(text)).toEqual({ steps: [{ id: 'a' }] });
  });

  it('reads JSON after prose without a fence, and ignores what follows it', () => {
    expect(parseModelJson('Sure! {"title": "x", "steps": []} Hope this helps {!}')).toEqual({ title: 'x', steps: [] });
  });

  it('forgives trailing commas, comments and unquoted keys', () => {
    expect(parseModelJson('{\n  // the plan\n  steps: [1, 2,],\n  /* done */ "title": "t",\n}')).toEqual({ steps: [1, 2], title: 't' });
  });

  it('keeps escapes and Hebrew text', () => {
    expect(parseModelJson('{"t": "שלום \\"עולם\\"\\n\\u05d0"}')).toEqual({ t: 'שלום "עולם"\nא' });
  });

  it('says where the JSON breaks, for feeding back to the model', () => {
    expect(() => parseModelJson('{"a": 1,\n "b": }')).toThrow(new JsonSyntaxError('The answer is not valid JSON: unexpected "}" at line 2, column 7.'));
    expect(() => parseModelJson('{"a": [1, 2')).toThrow(/ends too early \(cut off\?\)/);
    expect(() => parseModelJson('I cannot help with that.')).toThrow(/there is no JSON value in it|expected "\{"/);
  });

  it('reads a streamed answer cut anywhere, marking what is not finished', () => {
    const full = '{"title": "Plan", "steps": [{"id": "a", "title": "A", "agent": "x"}, {"id": "b", "title": "B", "agent": "y", "input": {"q": "long text"}}]}';
    for (let end = 0; end <= full.length; end += 1) expect(() => parsePartialModelJson(full.slice(0, end))).not.toThrow();
    const cut = full.slice(0, full.indexOf('"long') + 3);
    const { value, incomplete } = parsePartialModelJson(cut);
    const steps = (value as { steps: object[] }).steps;
    expect(steps).toHaveLength(2);
    expect(incomplete.has(steps[0]!)).toBe(false);
    expect(incomplete.has(steps[1]!)).toBe(true);
  });

  it('shows only the steps written to the end while a plan streams in', () => {
    const full =
      '```json\n{"title": "P", "steps": [{"id": "find", "title": "Find", "agent": "files.search", "dependsOn": [], "input": {"query": "x"}}, {"id": "sum", "title": "Summ';
    const { value, incomplete } = parsePartialModelJson(full);
    expect(partialSteps(value, incomplete)).toEqual([{ id: 'find', title: 'Find', agent: 'files.search', dependsOn: [], input: { query: 'x' } }]);
    expect(partialSteps(parsePartialModelJson('{"steps": [{"id": "1bad", "title": "x", "agent": "y"}]}').value, new WeakSet())).toEqual([]);
  });
});
