import { useEffect, useRef, useState } from 'react';
import { TERMINAL_RUN_STATUSES, type TizmorClient } from '../../api/contract';
import { useAppStore } from '../../store/app-store';

/**
 * Data a tab reads from the host for the run on screen (metrics, trace), read again as the run
 * changes: at most once a second while it goes on, once more when it ends.
 */
export function useRunData<T>(read: (client: TizmorClient, input: { workspaceId: string; runId: string }) => Promise<T>): { data: T | null; error: string | null } {
  const runId = useAppStore((state) => state.runView?.runId ?? null);
  const revision = useAppStore((state) => state.runView?.revision ?? 0);
  const ended = useAppStore((state) => (state.runView ? TERMINAL_RUN_STATUSES.includes(state.runView.run.status) : false));
  const [result, setResult] = useState<{ runId: string; data: T | null; error: string | null } | null>(null);
  const lastRead = useRef(0);
  const sent = useRef(0);
  const accepted = useRef(0);
  const readRef = useRef(read);
  readRef.current = read;

  useEffect(() => {
    const { workspaceId, client } = useAppStore.getState();
    if (!runId || !workspaceId || !client) return;
    const wait = ended ? 0 : Math.max(0, lastRead.current + 1000 - Date.now());
    // Only the timer is dropped when the run changes again: an answer on its way is still taken.
    const timer = setTimeout(() => {
      lastRead.current = Date.now();
      const number = ++sent.current;
      const take = (data: T | null, error: string | null) => {
        if (number < accepted.current) return;
        accepted.current = number;
        setResult({ runId, data, error });
      };
      readRef.current(client, { workspaceId, runId }).then(
        (data) => take(data, null),
        (error: unknown) => take(null, error instanceof Error ? error.message : String(error)),
      );
    }, wait);
    return () => clearTimeout(timer);
  }, [runId, revision, ended]);

  return result && result.runId === runId ? { data: result.data, error: result.error } : { data: null, error: null };
}
