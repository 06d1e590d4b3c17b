import type { StateCreator } from 'zustand';
import { TizmorError } from '../api/contract';
import type { AppState } from './app-store';

/** A message shown in the banner above the page. */
export interface Notice {
  kind: 'error' | 'info';
  message: string;
  code?: string;
}

/** Why the app cannot talk to the host at all. */
export type ConnectionFailure = 'unauthorized' | 'lost';

export interface NoticeSlice {
  notice: Notice | null;
  connectionFailure: ConnectionFailure | null;
  /** Shows any thrown value as an error notice; typed errors keep their code. */
  reportError(error: unknown): void;
  showInfo(message: string): void;
  dismissNotice(): void;
  failConnection(failure: ConnectionFailure): void;
}

export const createNoticeSlice: StateCreator<AppState, [], [], NoticeSlice> = (set) => ({
  notice: null,
  connectionFailure: null,
  reportError(error) {
    if (error instanceof TizmorError) {
      set({ notice: { kind: 'error', message: error.message, code: error.code } });
    } else {
      set({ notice: { kind: 'error', message: error instanceof Error ? error.message : String(error) } });
    }
  },
  showInfo(message) {
    set({ notice: { kind: 'info', message } });
  },
  dismissNotice() {
    set({ notice: null });
  },
  failConnection(failure) {
    set({ connectionFailure: failure });
  },
});
