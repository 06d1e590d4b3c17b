import type { TizmorEvent } from '../../engine/api';

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

/** Announces a pending approval with a desktop notification when the window is not focused. Returns the unsubscribe. */
export function announceApprovals(options: ApprovalNotifierOptions): () => void {
  return options.onEvent((event) => {
    if (event.event !== 'approval.requested' || options.isFocused()) return;
    const { approval } = event.payload;
    options.notify(titles[approval.kind], `${approval.stepId}: ${approval.reason}`, options.focus);
  });
}
