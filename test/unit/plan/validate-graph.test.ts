import { describe, expect, it } from 'vitest';
import { validateGraph } from '../../../engine/plan/validate-graph';
import { makeGraph, makeStep } from '../../helpers/builders';

describe('validateGraph', () => {
  it('accepts a valid plan with no problems', () => {
    expect(validateGraph(makeGraph({ a: [], b: ['a'], c: ['a', 'b'] }))).toEqual({ ok: true, problems: [] });
  });

  it('accepts a graph written without the optional fields (input, dependsOn, layout)', () => {
    expect(validateGraph({ steps: [{ id: 'a', title: 'A', agent: 'llm' }] })).toEqual({ ok: true, problems: [] });
  });

  describe('schema problems', () => {
    it('point at the field by path and at the step by id', () => {
      const result = validateGraph({
        steps: [makeStep('fetch'), { id: 'sum', agent: 'llm', dependsOn: ['fetch'] }],
      });
      expect(result.ok).toBe(false);
      expect(result.problems).toEqual([
        { code: 'schema', path: 'steps.1.title', stepId: 'sum', message: expect.stringMatching(/^steps\.1\.title: /) },
      ]);
    });

    it('report every broken field, each with its own path', () => {
      const result = validateGraph({
        steps: [
          { ...makeStep('a'), retry: { maxAttempts: 0 } },
          { ...makeStep('b'), dependsOn: ['not valid!'] },
        ],
      });
      expect(result.ok).toBe(false);
      expect(result.problems.map((problem) => [problem.path, problem.stepId])).toEqual([
        ['steps.0.retry.maxAttempts', 'a'],
        ['steps.1.dependsOn.0', 'b'],
      ]);
      expect(result.problems.every((problem) => problem.code === 'schema')).toBe(true);
    });

    it('name a malformed step id and the step it belongs to', () => {
      const result = validateGraph({ steps: [makeStep('1st')] });
      expect(result.problems).toEqual([
        expect.objectContaining({ code: 'schema', path: 'steps.0.id', stepId: '1st', message: expect.stringContaining('starts with a letter') }),
      ]);
    });

    it('point at the root when the input is not a graph at all', () => {
      for (const input of [null, 'steps', 42, []]) {
        const result = validateGraph(input);
        expect(result.ok).toBe(false);
        expect(result.problems[0]).toMatchObject({ code: 'schema', path: '(root)' });
        expect(result.problems[0]?.stepId).toBeUndefined();
      }
      expect(validateGraph({}).problems).toEqual([expect.objectContaining({ code: 'schema', path: 'steps' })]);
    });

    it('leave stepId out when the broken step has no usable id', () => {
      const result = validateGraph({ steps: [{ title: 'No id', agent: 'llm' }] });
      expect(result.problems).toEqual([expect.objectContaining({ code: 'schema', path: 'steps.0.id' })]);
      expect(result.problems[0]?.stepId).toBeUndefined();
    });
  });

  describe('structural problems', () => {
    it('reports a duplicated id on the step', () => {
      const result = validateGraph(makeGraph([makeStep('a'), makeStep('b'), makeStep('a', { title: 'Again' })]));
      expect(result.ok).toBe(false);
      expect(result.problems).toContainEqual(
        expect.objectContaining({ code: 'duplicate_id', stepId: 'a', message: expect.stringContaining('"a"') }),
      );
    });

    // BUG (engine/plan/graph-analysis.ts:33): a duplicated id also yields a "cycle" problem
    // with no stepId and the message "…none can start: ." although nothing waits on anything.
    it('reports only the duplicate for a duplicated id', () => {
      const result = validateGraph(makeGraph([makeStep('a'), makeStep('a')]));
      expect(result.problems.map((problem) => problem.code)).toEqual(['duplicate_id']);
    });

    it('reports a dependency on a step that does not exist, naming both', () => {
      const result = validateGraph(makeGraph({ a: [], b: ['a', 'ghost'] }));
      expect(result).toEqual({
        ok: false,
        problems: [{ code: 'missing_dependency', stepId: 'b', message: expect.stringMatching(/"b".*"ghost"/) }],
      });
    });

    it('reports a step that waits for itself', () => {
      const result = validateGraph(makeGraph({ a: [], b: ['a', 'b'] }));
      expect(result).toEqual({
        ok: false,
        problems: [{ code: 'self_dependency', stepId: 'b', message: expect.stringContaining('"b"') }],
      });
    });

    it('reports a cycle with its path in the message', () => {
      const result = validateGraph(makeGraph({ start: [], a: ['start', 'c'], b: ['a'], c: ['b'] }));
      expect(result.ok).toBe(false);
      expect(result.problems).toHaveLength(1);
      const problem = result.problems[0];
      expect(problem?.code).toBe('cycle');
      // The path can start anywhere on the circle, but must follow it: a → b → c → a.
      const rotations = ['a → b → c → a', 'b → c → a → b', 'c → a → b → c'];
      expect(rotations.some((path) => problem?.message.includes(path))).toBe(true);
      expect(['a', 'b', 'c']).toContain(problem?.stepId);
    });

    it('warns about layout for unknown steps without failing the graph', () => {
      const result = validateGraph(makeGraph({ a: [] }, { a: { x: 0, y: 0 }, gone: { x: 5, y: 5 } }));
      expect(result).toEqual({
        ok: true,
        problems: [{ code: 'dangling_layout', stepId: 'gone', message: expect.stringContaining('"gone"') }],
      });
    });

    it('lists every problem of a graph that has several', () => {
      const result = validateGraph(makeGraph({ a: ['ghost'], b: ['b'], c: ['d'], d: ['c'] }));
      expect(result.ok).toBe(false);
      expect(result.problems.map((problem) => problem.code).sort()).toEqual(['cycle', 'missing_dependency', 'self_dependency']);
    });
  });
});
