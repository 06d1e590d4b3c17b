import { describe, expect, it, vi } from 'vitest';
import type { Approval } from '../../../engine/api';
import { ITEM_GATHER_MS, announceApprovals } from '../../../main/electron/approval-notifier';
import { createFakeEngine } from './fake-engine';

const approval = (kind: Approval['kind'], stepId = 'send'): Approval => ({
  id: 'a1',
  workspaceId: 'w',
  runId: 'r',
  stepId,
  kind,
  reason: 'The agent "http.request" reaches outside this computer.',
  status: 'pending',
  input: {},
  requestedAt: '2026-11-26T00:00:00.000Z',
  decidedAt: null,
  decidedBy: null,
  comment: null,
  editedInput: null,
});

describe('desktop notification for approvals', () => {
  it('announces a pending approval only while the window is not focused, and clicking focuses it', () => {
    const engine = createFakeEngine();
    let focused = true;
    let focusedByClick = 0;
    const shown: { title: string; body: string; click: () => void }[] = [];
    const stop = announceApprovals({
      onEvent: (listener) => engine.onEvent(listener),
      isFocused: () => focused,
      notify: (title, body, click) => shown.push({ title, body, click }),
      focus: () => focusedByClick++,
    });
    engine.emit({ event: 'approval.requested', payload: { workspaceId: 'w', approval: approval('policy') } });
    expect(shown).toEqual([]);
    focused = false;
    engine.emit({ event: 'approval.requested', payload: { workspaceId: 'w', approval: approval('interrupted') } });
    engine.emit({ event: 'approval.resolved', payload: { workspaceId: 'w', approval: approval('policy') } });
    expect(shown.map((item) => item.title)).toEqual(['An interrupted step needs your decision']);
    expect(shown[0]!.body).toContain('send: The agent "http.request"');
    shown[0]!.click();
    expect(focusedByClick).toBe(1);
    stop();
    engine.emit({ event: 'approval.requested', payload: { workspaceId: 'w', approval: approval('question') } });
    expect(shown).toHaveLength(1);
  });

  it('announces the items of one map step once, with their number', () => {
    vi.useFakeTimers();
    try {
      const engine = createFakeEngine();
      const shown: { title: string; body: string }[] = [];
      const stop = announceApprovals({
        onEvent: (listener) => engine.onEvent(listener),
        isFocused: () => false,
        notify: (title, body) => shown.push({ title, body }),
        focus: () => undefined,
      });
      for (let index = 0; index < 12; index++) {
        engine.emit({ event: 'approval.requested', payload: { workspaceId: 'w', approval: approval('policy', `send[${index}]`) } });
      }
      engine.emit({ event: 'approval.requested', payload: { workspaceId: 'w', approval: approval('policy', 'other[0]') } });
      expect(shown).toEqual([]);
      vi.advanceTimersByTime(ITEM_GATHER_MS);
      expect(shown.map((item) => item.body)).toEqual([
        '12 items of send: The agent "http.request" reaches outside this computer.',
        'other[0]: The agent "http.request" reaches outside this computer.',
      ]);
      stop();
    } finally {
      vi.useRealTimers();
    }
  });
});
