import { createContext, useContext, useEffect, useState } from 'react';
import type { StepStatus } from '../api/contract';
import type { Language } from '../i18n/i18n';

/**
 * What every node of the run's graph draws alike, given once by the canvas: whether the graph is
 * zoomed too far out for words, and the words. A thousand nodes then need no translation hook of
 * their own, and only a change of zoom band or language redraws them all.
 */
export interface RunNodeLook {
  /** Zoomed out past reading: each node is a block of its status colour. */
  far: boolean;
  language: Language;
  statusLabel: Record<StepStatus, string>;
  cacheHit: string;
  attempt: (attempt: number) => string;
}

export const RunNodeLookContext = createContext<RunNodeLook | null>(null);

export function useRunNodeLook(): RunNodeLook {
  const look = useContext(RunNodeLookContext);
  if (!look) throw new Error('A run node is drawn outside the run canvas.');
  return look;
}

/** The time now, again every `everyMs` while `active`. */
export function useNow(active: boolean, everyMs = 500): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!active) return;
    // No update here: a step that starts would draw twice; the time read below covers the first tick.
    const timer = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(timer);
  }, [active, everyMs]);
  // What became active draws with the time it did so, not the time this component was first drawn.
  return active ? Math.max(now, Date.now()) : now;
}
