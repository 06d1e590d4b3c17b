import type { ReactNode } from 'react';
import type { RunStatus, StepStatus } from '../api/contract';

/** The Mantine colour of a step or run status. */
export const statusColor: Record<StepStatus | RunStatus, string> = {
  pending: 'gray',
  ready: 'blue',
  running: 'indigo',
  waiting_approval: 'orange',
  succeeded: 'teal',
  failed: 'red',
  skipped: 'gray',
  cancelled: 'gray',
  queued: 'gray',
  paused: 'yellow',
  completed: 'teal',
};

function Mark({ children }: { children: ReactNode }) {
  return (
    <svg width={14} height={14} viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth={2.4} strokeLinecap="round" strokeLinejoin="round" aria-hidden="true">
      {children}
    </svg>
  );
}

/** A small picture of a step status; running spins. */
export function StatusMark({ status }: { status: StepStatus }) {
  switch (status) {
    case 'running':
      // A CSS ring rather than Mantine's Loader: hundreds of steps start and stop in a second.
      return <span className="run-spinner" aria-hidden="true" />;
    case 'succeeded':
      return (
        <Mark>
          <path d="M5 12.5l4.5 4.5L19 7.5" />
        </Mark>
      );
    case 'failed':
      return (
        <Mark>
          <path d="M6 6l12 12M18 6L6 18" />
        </Mark>
      );
    case 'waiting_approval':
      return (
        <Mark>
          <path d="M12 3l7 3v5c0 4.5-3 8-7 10-4-2-7-5.5-7-10V6z" />
          <path d="M12 8v4M12 15.5h.01" />
        </Mark>
      );
    case 'ready':
      return (
        <Mark>
          <circle cx="12" cy="12" r="8" />
          <path d="M12 8v4l2.5 1.5" />
        </Mark>
      );
    case 'skipped':
      return (
        <Mark>
          <path d="M5 6l7 6-7 6M13 6l7 6-7 6" />
        </Mark>
      );
    case 'cancelled':
      return (
        <Mark>
          <circle cx="12" cy="12" r="8" />
          <path d="M6.5 17.5l11-11" />
        </Mark>
      );
    default:
      return (
        <Mark>
          <circle cx="12" cy="12" r="7" />
        </Mark>
      );
  }
}
