import { describe, expect, it } from 'vitest';
import type { PlanGraph } from '../../../engine/api';
import { diffGraphs } from '../../../engine/plan/plan-diff';

const before: PlanGraph = {
  steps: [
    { id: 'fetch', title: 'Fetch notes', agent: 'files.search', input: { query: 'december', maxResults: 10 }, dependsOn: [] },
    { id: 'sum', title: 'Summarize', agent: 'template', input: { template: '{{steps.fetch.output.text}}' }, dependsOn: ['fetch'] },
    { id: 'old', title: 'Old step', agent: 'sim', input: {}, dependsOn: ['fetch'] },
  ],
  layout: { fetch: { x: 0, y: 0 }, sum: { x: 280, y: 0 }, old: { x: 280, y: 120 } },
};

describe('diffGraphs', () => {
  it('finds added, removed and field-level changed steps, edges and moves', () => {
    const after: PlanGraph = {
      steps: [
        { id: 'fetch', title: 'Fetch notes', agent: 'files.search', input: { query: 'november', maxResults: 10 }, dependsOn: [] },
        { id: 'sum', title: 'Summarize', agent: 'template', input: { template: '{{steps.fetch.output.text}}' }, dependsOn: ['fetch', 'new'] },
        { id: 'new', title: 'New step', agent: 'sim', input: {}, dependsOn: [] },
      ],
      layout: { fetch: { x: 0, y: 0 }, sum: { x: 400, y: 40 }, new: { x: 0, y: 200 } },
    };
    const diff = diffGraphs('p', 1, 2, before, after);
    expect(diff.stepsAdded.map((step) => step.id)).toEqual(['new']);
    expect(diff.stepsRemoved.map((step) => step.id)).toEqual(['old']);
    expect(diff.stepsChanged).toEqual([{ stepId: 'fetch', changes: [{ path: 'input.query', before: 'december', after: 'november' }] }]);
    expect(diff.edgesAdded).toEqual([{ from: 'new', to: 'sum' }]);
    expect(diff.edgesRemoved).toEqual([{ from: 'fetch', to: 'old' }]);
    expect(diff.moved).toEqual([{ stepId: 'sum', from: { x: 280, y: 0 }, to: { x: 400, y: 40 } }]);
    expect(diff.summary).toEqual({ added: 1, removed: 1, changed: 1, moved: 1, edgesAdded: 1, edgesRemoved: 1 });
  });

  it('reports nothing for equal graphs, whatever the key order', () => {
    const reordered: PlanGraph = JSON.parse(JSON.stringify(before));
    reordered.steps[0]!.input = { maxResults: 10, query: 'december' };
    const diff = diffGraphs('p', 1, 1, before, reordered);
    expect(diff.summary).toEqual({ added: 0, removed: 0, changed: 0, moved: 0, edgesAdded: 0, edgesRemoved: 0 });
  });

  it('names added and removed fields, and policies, with null on the missing side', () => {
    const after: PlanGraph = JSON.parse(JSON.stringify(before));
    after.steps[1]!.retry = { maxAttempts: 3 };
    delete (after.steps[0]!.input as Record<string, unknown>).maxResults;
    after.steps[2]!.title = 'Renamed';
    const diff = diffGraphs('p', 1, 2, before, after);
    expect(diff.stepsChanged).toEqual([
      { stepId: 'fetch', changes: [{ path: 'input.maxResults', before: 10, after: null }] },
      { stepId: 'sum', changes: [{ path: 'retry', before: null, after: { maxAttempts: 3 } }] },
      { stepId: 'old', changes: [{ path: 'title', before: 'Old step', after: 'Renamed' }] },
    ]);
    expect(diff.summary.moved).toBe(0);
  });

  it('counts a changed step that also moved as changed, and lists the move', () => {
    const after: PlanGraph = JSON.parse(JSON.stringify(before));
    after.steps[0]!.title = 'Fetch';
    after.layout.fetch = { x: 10, y: 10 };
    const diff = diffGraphs('p', 1, 2, before, after);
    expect(diff.summary).toMatchObject({ changed: 1, moved: 0 });
    expect(diff.moved).toEqual([{ stepId: 'fetch', from: { x: 0, y: 0 }, to: { x: 10, y: 10 } }]);
  });
});
