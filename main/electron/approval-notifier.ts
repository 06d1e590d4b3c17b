import { parseItemStepId, type Approval, type TizmorEvent } from '../../engine/api';

export interface ApprovalNotifierOptions {
  /** Subscribes to engine events; returns the unsubscribe. */
  onEvent(listener: (event: TizmorEvent) => void): () => void;
  /** Whether the app window has the focus (then the in-app dialog is enough). */
  isFocused(): boolean;
  /** Shows a desktop notification; `onClick` brings the window forward. */
  notify(title: string, body: string, onClick: () => void): void;
  /** Brings the window forward, where the approval dialog is waiting. */
  focus(): void;
}

const titles: Record<'policy' | 'interrupted' | 'question', string> = {
  policy: 'A step waits for your approval',
  interrupted: 'An interrupted step needs your decision',
  question: 'A step has a question for you',
};

/** How long the items of one map step are gathered into one notification. */
export const ITEM_GATHER_MS = 300;

/**
 * Announces a pending approval with a desktop notification when the window is not focused. The items of
 * one map step ask together, so they are gathered for a moment and announced once ("12 items of …").
 * Returns the unsubscribe.
 */
export function announceApprovals(options: ApprovalNotifierOptions): () => void {
  const groups = new Map<string, { count: number; kind: Approval['kind']; stepId: string; reason: string; timer: ReturnType<typeof setTimeout> }>();
  const unsubscribe = options.onEvent((event) => {
    if (event.event !== 'approval.requested' || options.isFocused()) return;
    const { approval } = event.payload;
    const item = parseItemStepId(approval.stepId);
    if (!item) {
      options.notify(titles[approval.kind], `${approval.stepId}: ${approval.reason}`, options.focus);
      return;
    }
    const key = `${approval.runId}:${item.stepId}:${approval.kind}`;
    const group = groups.get(key);
    if (group) {
      group.count++;
      return;
    }
    const timer = setTimeout(() => {
      const done = groups.get(key);
      groups.delete(key);
      if (!done) return;
      const body = done.count === 1 ? `${approval.stepId}: ${done.reason}` : `${done.count} items of ${done.stepId}: ${done.reason}`;
      options.notify(titles[done.kind], body, options.focus);
    }, ITEM_GATHER_MS);
    groups.set(key, { count: 1, kind: approval.kind, stepId: item.stepId, reason: approval.reason, timer });
  });
  return () => {
    unsubscribe();
    for (const group of groups.values()) clearTimeout(group.timer);
    groups.clear();
  };
}
