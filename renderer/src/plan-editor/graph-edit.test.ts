import { describe, expect, it } from 'vitest';
import type { PlanGraph } from '../api/contract';
import {
  addDependency,
  addStep,
  connectionProblem,
  moveSteps,
  nextStepId,
  removeDependencies,
  removeSteps,
  sameGraph,
  withFullLayout,
} from './graph-edit';
import { autoLayout, fromView, stepNodeSize, toView } from './graph-layout';

const chain: PlanGraph = {
  steps: [
    { id: 'a', title: 'A', agent: 'llm.generate', input: {}, dependsOn: [] },
    { id: 'b', title: 'B', agent: 'llm.generate', input: {}, dependsOn: ['a'] },
    { id: 'c', title: 'C', agent: 'llm.generate', input: {}, dependsOn: ['b'] },
  ],
  layout: { a: { x: 0, y: 0 } },
};

describe('graph edits', () => {
  it('refuses self-loops, duplicates and cycles, and accepts the rest', () => {
    expect(connectionProblem(chain, { source: 'a', target: 'a' })).toBe('self');
    expect(connectionProblem(chain, { source: 'a', target: 'b' })).toBe('duplicate');
    expect(connectionProblem(chain, { source: 'c', target: 'a' })).toBe('cycle');
    expect(connectionProblem(chain, { source: 'a', target: 'c' })).toBeNull();
    expect(addDependency(chain, { source: 'a', target: 'c' }).steps[2]?.dependsOn).toEqual(['b', 'a']);
  });

  it('removes a step with its layout and every dependency on it', () => {
    const graph = removeSteps(chain, new Set(['a']));
    expect(graph.steps.map((step) => step.id)).toEqual(['b', 'c']);
    expect(graph.steps[0]?.dependsOn).toEqual([]);
    expect(graph.layout).toEqual({});
    expect(removeDependencies(chain, [{ source: 'b', target: 'c' }]).steps[2]?.dependsOn).toEqual([]);
  });

  it('picks the next free step id', () => {
    expect(nextStepId(chain)).toBe('step-4');
    const withStep4 = addStep(chain, { id: 'step-4', title: 'D', agent: 'x' }, { x: 1, y: 2 });
    expect(nextStepId(withStep4)).toBe('step-5');
    expect(withStep4.layout['step-4']).toEqual({ x: 1, y: 2 });
  });

  it('compares graphs by meaning: dependency order and sub-pixel moves do not count', () => {
    const reordered = { ...chain, steps: chain.steps.map((step) => ({ ...step, dependsOn: [...step.dependsOn].reverse() })) };
    expect(sameGraph(chain, reordered)).toBe(true);
    expect(sameGraph(chain, moveSteps(chain, { a: { x: 0.2, y: 0 } }))).toBe(true);
    expect(sameGraph(chain, moveSteps(chain, { a: { x: 30, y: 0 } }))).toBe(false);
    expect(sameGraph(chain, addDependency(chain, { source: 'a', target: 'c' }))).toBe(false);
  });
});

describe('layout', () => {
  it('places unplaced steps left to right and fills the layout on save', () => {
    const positions = autoLayout(chain);
    expect(Object.keys(positions).sort()).toEqual(['b', 'c']);
    expect((positions.b?.x ?? 0) < (positions.c?.x ?? 0)).toBe(true);
    expect(Object.keys(withFullLayout(chain, positions).layout).sort()).toEqual(['a', 'b', 'c']);
  });

  it('mirrors positions for right-to-left and back', () => {
    const stored = { x: 100, y: 40 };
    expect(toView(stored, 'rtl')).toEqual({ x: -100 - stepNodeSize.width, y: 40 });
    expect(fromView(toView(stored, 'rtl'), 'rtl')).toEqual(stored);
    expect(toView(stored, 'ltr')).toEqual(stored);
  });
});
