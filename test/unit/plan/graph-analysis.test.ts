import { describe, expect, it } from 'vitest';
import { topologicalOrder, wouldCreateCycle } from '../../../engine/plan/graph-analysis';
import { makeGraph, makeStep } from '../../helpers/builders';

/** Every step appears once, after every (known) step it waits for. */
function expectRespectsDependencies(order: string[], deps: Record<string, string[]>) {
  expect([...order].sort()).toEqual(Object.keys(deps).sort());
  for (const [id, dependsOn] of Object.entries(deps)) {
    for (const dependency of dependsOn) {
      if (dependency in deps && dependency !== id) expect(order.indexOf(dependency)).toBeLessThan(order.indexOf(id));
    }
  }
}

/** A cycle path `x → … → x` where each step really waits for the one before it. */
function expectRealCycle(cycle: string[], deps: Record<string, string[]>) {
  expect(cycle.length).toBeGreaterThanOrEqual(3);
  expect(cycle.at(-1)).toBe(cycle[0]);
  expect(new Set(cycle.slice(0, -1)).size).toBe(cycle.length - 1);
  for (let index = 1; index < cycle.length; index++) {
    expect(deps[cycle[index] as string]).toContain(cycle[index - 1]);
  }
}

describe('topologicalOrder', () => {
  it('orders an empty plan as nothing', () => {
    expect(topologicalOrder([])).toEqual({ ok: true, order: [] });
  });

  it('puts every step after the steps it waits for, keeping the written order among independent ones', () => {
    const deps = { publish: ['review'], draft: [], review: ['draft', 'research'], research: [] };
    const result = topologicalOrder(makeGraph(deps).steps);
    expect(result).toEqual({ ok: true, order: ['draft', 'research', 'review', 'publish'] });
  });

  it('orders a diamond with the join last', () => {
    const deps = { a: [], b: ['a'], c: ['a'], d: ['b', 'c'] };
    const result = topologicalOrder(makeGraph(deps).steps);
    if (!result.ok) throw new Error('expected an order');
    expectRespectsDependencies(result.order, deps);
    expect(result.order.at(-1)).toBe('d');
  });

  it('ignores dependencies on unknown steps, on itself, and repeated ones (validation reports those)', () => {
    const deps = { a: ['ghost'], b: ['a', 'a', 'b'] };
    expect(topologicalOrder(makeGraph(deps).steps)).toEqual({ ok: true, order: ['a', 'b'] });
  });

  it('reports a three-step cycle as a path in execution order', () => {
    const deps = { a: ['c'], b: ['a'], c: ['b'] };
    const result = topologicalOrder(makeGraph(deps).steps);
    if (result.ok) throw new Error('expected a cycle');
    expectRealCycle(result.cycle, deps);
    expect(new Set(result.cycle)).toEqual(new Set(['a', 'b', 'c']));
  });

  it('leaves steps that merely wait on a cycle out of the reported cycle', () => {
    const deps = { after: ['b'], start: [], a: ['b', 'start'], b: ['a'] };
    const result = topologicalOrder(makeGraph(deps).steps);
    if (result.ok) throw new Error('expected a cycle');
    expectRealCycle(result.cycle, deps);
    expect(result.cycle).not.toContain('after');
    expect(result.cycle).not.toContain('start');
  });

  // BUG (engine/plan/graph-analysis.ts:50): the walk that extracts the cycle follows a step's
  // dependency on itself, so `a` (waits for a and b) / `b` (waits for a) is reported as "a → a".
  it('names the real cycle when a step on it also waits for itself', () => {
    const deps = { a: ['a', 'b'], b: ['a'] };
    const result = topologicalOrder(makeGraph(deps).steps);
    if (result.ok) throw new Error('expected a cycle');
    expectRealCycle(result.cycle, deps);
  });

  // BUG (engine/plan/graph-analysis.ts:22,33): duplicates are queued twice, so order.length exceeds
  // the number of distinct ids and an acyclic plan is reported as a cycle with an empty path.
  it('does not report a cycle for an acyclic plan with a duplicated id', () => {
    const result = topologicalOrder([makeStep('a'), makeStep('a'), makeStep('b', { dependsOn: ['a'] })]);
    expect(result.ok).toBe(true);
  });
});

describe('wouldCreateCycle', () => {
  // draft → review → publish (review waits for draft, publish waits for review); notes stands alone.
  const steps = makeGraph({ draft: [], review: ['draft'], publish: ['review'], notes: [] }).steps;

  it('refuses an edge back to an earlier step, directly or through others', () => {
    expect(wouldCreateCycle(steps, 'review', 'draft')).toBe(true);
    expect(wouldCreateCycle(steps, 'publish', 'draft')).toBe(true);
  });

  it('refuses an edge from a step to itself', () => {
    expect(wouldCreateCycle(steps, 'notes', 'notes')).toBe(true);
  });

  it('allows forward edges, shortcuts and edges to unrelated steps', () => {
    expect(wouldCreateCycle(steps, 'draft', 'publish')).toBe(false);
    expect(wouldCreateCycle(steps, 'draft', 'review')).toBe(false);
    expect(wouldCreateCycle(steps, 'notes', 'draft')).toBe(false);
    expect(wouldCreateCycle(steps, 'publish', 'notes')).toBe(false);
  });

  it('agrees with topologicalOrder once the edge is added', () => {
    for (const from of ['draft', 'review', 'publish', 'notes']) {
      for (const to of ['draft', 'review', 'publish', 'notes']) {
        if (from === to) continue;
        const withEdge = steps.map((step) => (step.id === to ? { ...step, dependsOn: [...step.dependsOn, from] } : step));
        expect(wouldCreateCycle(steps, from, to), `${from} → ${to}`).toBe(!topologicalOrder(withEdge).ok);
      }
    }
  });
});
