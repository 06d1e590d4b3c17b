import { record, redo, undo, type EditorDocument, type HistoryEntry, type OperationHistory } from '../history/operation-history';
import type { EditorAction } from './editor-action';

/** The part of the editor that edits change: the document, its history, and the selected steps. */
export interface EditorState {
  document: EditorDocument;
  history: OperationHistory;
  selection: readonly string[];
}

/** Runs one action and records it as the action says; null when it changed nothing. */
export function runAction<Args>(state: EditorState, action: EditorAction<Args>, args: Args, now: number): EditorState | null {
  const after = action.perform(state.document, args);
  if (!after) return null;
  const ids = new Set(after.graph.steps.map((step) => step.id));
  const selection = (action.selectAfter?.(args, after) ?? state.selection).filter((id) => ids.has(id));
  const entry: HistoryEntry = {
    action: action.name,
    before: state.document,
    after,
    selectionBefore: state.selection,
    selectionAfter: selection,
    at: now,
    ...(action.mergeKey ? { mergeKey: action.mergeKey(args) } : {}),
  };
  return { document: after, history: record(state.history, entry, action.capture), selection };
}

/** The state one undo step back, with the selection it had; null when there is nothing to undo. */
export function undoState(state: EditorState): EditorState | null {
  const step = undo(state.history);
  return step ? { document: step.entry.before, history: step.history, selection: step.entry.selectionBefore } : null;
}

export function redoState(state: EditorState): EditorState | null {
  const step = redo(state.history);
  return step ? { document: step.entry.after, history: step.history, selection: step.entry.selectionAfter } : null;
}
