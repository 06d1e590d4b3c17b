import { describe, expect, it } from 'vitest';
import type { PlanDiff, PlanGraph } from '../../../engine/api';
import { changeLine, overlayOf, shownValue } from '../../../renderer/src/plan-editor/diff/diff-overlay';

const older: PlanGraph = {
  steps: [
    { id: 'fetch', title: 'Fetch', agent: 'files.search', input: { query: 'december' }, dependsOn: [] },
    { id: 'old', title: 'Old', agent: 'delay', input: { ms: 1 }, dependsOn: ['fetch'] },
  ],
  layout: { old: { x: 300, y: 40 } },
};

const diff: PlanDiff = {
  planId: 'p',
  from: 1,
  to: 2,
  stepsAdded: [{ id: 'new', title: 'New', agent: 'delay', input: {}, dependsOn: ['fetch'] }],
  stepsRemoved: [older.steps[1]!],
  stepsChanged: [{ stepId: 'fetch', changes: [{ path: 'input.query', before: 'december', after: 'november' }] }],
  edgesAdded: [{ from: 'fetch', to: 'new' }],
  edgesRemoved: [{ from: 'fetch', to: 'old' }],
  moved: [{ stepId: 'fetch', from: null, to: { x: 5, y: 5 } }, { stepId: 'keep', from: { x: 0, y: 0 }, to: { x: 9, y: 9 } }],
  summary: { added: 1, removed: 1, changed: 1, moved: 1, edgesAdded: 1, edgesRemoved: 1 },
};

describe('diff overlay', () => {
  it('colours added, changed and moved steps, and puts removed ones where they were', () => {
    const newer: PlanGraph = { steps: [], layout: { fetch: { x: 5, y: 5 }, keep: { x: 9, y: 9 }, same: { x: 7, y: 7 } } };
    const withSame: PlanDiff = { ...diff, moved: [...diff.moved, { stepId: 'same', from: null, to: { x: 7, y: 7 } }] };
    const overlay = overlayOf(withSame, { graph: older, positions: { fetch: { x: 0, y: 0 }, same: { x: 7, y: 7 }, keep: { x: 0, y: 0 } } }, { graph: newer, positions: {} });
    expect(overlay.marks.get('new')).toEqual({ status: 'added', moved: false });
    expect(overlay.marks.get('fetch')).toEqual({ status: 'changed', moved: true });
    expect(overlay.marks.get('keep')).toEqual({ status: 'same', moved: true });
    // Its place was written down where it was already drawn: not a move anyone would see.
    expect(overlay.marks.get('same')).toBeUndefined();
    expect(overlay.movedOnly).toEqual(['keep']);
    expect(overlay.ghosts).toEqual([{ step: older.steps[1], position: { x: 300, y: 40 } }]);
    expect([...overlay.addedEdges]).toEqual(['fetch->new']);
    expect(overlay.removedEdges).toEqual([{ source: 'fetch', target: 'old' }]);
  });

  it('writes each change field by field', () => {
    expect(changeLine({ path: 'input.query', before: 'december', after: 'november' })).toBe('input.query: "december" → "november"');
    expect(changeLine({ path: 'retry', before: null, after: { maxAttempts: 3 } })).toBe('retry: — → {"maxAttempts":3}');
    expect(shownValue('x'.repeat(100)).length).toBe(60);
  });
});
