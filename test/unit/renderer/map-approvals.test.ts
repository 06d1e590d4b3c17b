import { describe, expect, it } from 'vitest';
import type { Approval } from '../../../engine/api';
import { groupApprovals, inputPreview, mapDecisions, reviewByKey, type MapApprovalGroup } from '../../../renderer/src/approvals/map-approvals';

let clock = 0;
const approval = (id: string, runId: string, stepId: string, kind: Approval['kind'] = 'policy', input: unknown = { client: id }): Approval => ({
  id,
  workspaceId: 'w',
  runId,
  stepId,
  kind,
  reason: 'files.write writes files.',
  status: 'pending',
  input,
  requestedAt: new Date(Date.UTC(2026, 0, 1, 0, 0, clock++)).toISOString(),
  decidedAt: null,
  decidedBy: null,
  comment: null,
  editedInput: null,
});

describe('approvals of map step items', () => {
  const pending = [
    approval('plain', 'r1', 'gather'),
    approval('w2', 'r1', 'write[2]'),
    approval('w0', 'r1', 'write[0]'),
    approval('other-run', 'r2', 'write[0]'),
    approval('save1', 'r1', 'save[1]'),
    approval('ask3', 'r1', 'ask[3]', 'question'),
    approval('w1', 'r1', 'write[1]'),
  ];

  it('makes one entry of the waiting items of one map step of one run, items in index order', () => {
    const reviews = groupApprovals(pending);
    expect(reviews.map((review) => (review.type === 'single' ? review.approval.id : `${review.group.runId}/${review.group.stepId}`))).toEqual([
      'plain',
      'r1/write',
      'r2/write',
      'r1/save',
      // A question needs its own answer: asked one by one.
      'ask3',
    ]);
    const write = reviews[1];
    expect(write?.type === 'map' ? write.group.items.map((item) => [item.index, item.approval.id]) : null).toEqual([
      [0, 'w0'],
      [1, 'w1'],
      [2, 'w2'],
    ]);
    // Opening any item opens its whole group; a plain approval stays alone.
    const byKey = reviewByKey(pending, write?.key ?? '');
    expect(byKey?.type === 'map' ? byKey.group.items.length : 0).toBe(3);
    expect(reviewByKey(pending.filter((item) => !item.stepId.startsWith('write')), write?.key ?? '')).toBeNull();
  });

  it('approves all, approves the checked and rejects the rest, or rejects all', () => {
    const write = groupApprovals(pending)[1] as { type: 'map'; group: MapApprovalGroup };
    const checked = new Set(['w0', 'w2']);
    expect(mapDecisions(write.group, 'approveAll', checked)).toEqual([
      { approvalId: 'w0', decision: 'approve' },
      { approvalId: 'w1', decision: 'approve' },
      { approvalId: 'w2', decision: 'approve' },
    ]);
    expect(mapDecisions(write.group, 'approveSelected', checked, '  looked at them ', 'not selected')).toEqual([
      { approvalId: 'w0', decision: 'approve', comment: 'looked at them' },
      { approvalId: 'w1', decision: 'reject', comment: 'looked at them — not selected' },
      { approvalId: 'w2', decision: 'approve', comment: 'looked at them' },
    ]);
    expect(mapDecisions(write.group, 'reject', checked).map((decision) => decision.decision)).toEqual(['reject', 'reject', 'reject']);
    // Interrupted items may be skipped all at once; the comment goes with each.
    expect(mapDecisions(write.group, 'skipAll', checked, ' not again ')).toEqual([
      { approvalId: 'w0', decision: 'skip', comment: 'not again' },
      { approvalId: 'w1', decision: 'skip', comment: 'not again' },
      { approvalId: 'w2', decision: 'skip', comment: 'not again' },
    ]);
  });

  it('shows an item’s input as one short line', () => {
    expect(inputPreview({ path: 'report-0.md', content: 'Dear Acme,\n\nthank you.' })).toBe('path: report-0.md · content: Dear Acme, thank you.');
    expect(inputPreview({ list: [1, 2], n: 3 })).toBe('list: [1,2] · n: 3');
    expect(inputPreview(null)).toBe('');
    const long = inputPreview({ text: 'א'.repeat(500) }, 40);
    expect(Array.from(long)).toHaveLength(40);
    expect(long.endsWith('…')).toBe(true);
  });
});
