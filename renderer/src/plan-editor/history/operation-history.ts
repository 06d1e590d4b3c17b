import type { PlanGraph } from '../../api/contract';

/**
 * How an edit is kept in the operation history (excalidraw's `CaptureUpdateAction`):
 * - `immediately`: its own undo step;
 * - `eventually`: merged with the step before when that came from the same control moments
 *   ago (typing a title is one undo step, not one per letter);
 * - `never`: applied without an undo step (it changes nothing a person made, e.g. writing the
 *   drawn positions into the graph when it is saved).
 */
export type Capture = 'immediately' | 'eventually' | 'never';

/** What undo and redo bring back: the graph, and which steps a person placed by hand. */
export interface EditorDocument {
  graph: PlanGraph;
  handPlaced: ReadonlySet<string>;
}

/** One undo step: the document before and after, and the selection to show with each. */
export interface HistoryEntry {
  /** The action's name, e.g. `steps.delete`. */
  action: string;
  before: EditorDocument;
  after: EditorDocument;
  selectionBefore: readonly string[];
  selectionAfter: readonly string[];
  /** Entries with the same key, recorded `eventually` and close together, merge. */
  mergeKey?: string;
  /** When it was recorded (ms). */
  at: number;
}

export interface OperationHistory {
  /** Oldest first; the last one is what undo takes back. */
  past: readonly HistoryEntry[];
  /** What redo brings back, the next one last. */
  future: readonly HistoryEntry[];
}

export const emptyHistory: OperationHistory = { past: [], future: [] };

/** How many undo steps are kept, and how close `eventually` edits must be to merge. */
export const historyLimits = { entries: 200, mergeWindowMs: 1500 };

/** The history with `entry` recorded as `capture` says. A new edit drops what redo could have brought back. */
export function record(history: OperationHistory, entry: HistoryEntry, capture: Capture): OperationHistory {
  if (capture === 'never') return history;
  const last = history.past[history.past.length - 1];
  if (
    capture === 'eventually' &&
    last &&
    history.future.length === 0 &&
    entry.mergeKey !== undefined &&
    last.mergeKey === entry.mergeKey &&
    entry.at - last.at <= historyLimits.mergeWindowMs
  ) {
    const merged: HistoryEntry = { ...last, after: entry.after, selectionAfter: entry.selectionAfter, at: entry.at };
    return { past: [...history.past.slice(0, -1), merged], future: [] };
  }
  const past = [...history.past, entry];
  return { past: past.length > historyLimits.entries ? past.slice(past.length - historyLimits.entries) : past, future: [] };
}

/** Takes back the last step: the entry whose `before` is now current, or null when there is none. */
export function undo(history: OperationHistory): { history: OperationHistory; entry: HistoryEntry } | null {
  const entry = history.past[history.past.length - 1];
  if (!entry) return null;
  return { history: { past: history.past.slice(0, -1), future: [...history.future, entry] }, entry };
}

/** Brings back the last step taken back: the entry whose `after` is now current, or null. */
export function redo(history: OperationHistory): { history: OperationHistory; entry: HistoryEntry } | null {
  const entry = history.future[history.future.length - 1];
  if (!entry) return null;
  return { history: { past: [...history.past, entry], future: history.future.slice(0, -1) }, entry };
}

/** Ends merging: the next `eventually` edit starts its own undo step (e.g. when the field loses focus). */
export function sealLast(history: OperationHistory): OperationHistory {
  const last = history.past[history.past.length - 1];
  if (!last || last.mergeKey === undefined) return history;
  const { mergeKey: _sealed, ...rest } = last;
  return { past: [...history.past.slice(0, -1), rest], future: history.future };
}
