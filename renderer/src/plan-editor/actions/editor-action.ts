import type { Capture, EditorDocument } from '../history/operation-history';

/**
 * One kind of edit, as a small registered unit (excalidraw's `actions/*`): what it does to the
 * document, and how it is kept in the operation history.
 */
export interface EditorAction<Args> {
  /** A stable name, e.g. `steps.delete`; also the translation key of its undo label. */
  name: string;
  capture: Capture;
  /** For `eventually` edits: edits with the same key, made close together, are one undo step. */
  mergeKey?: (args: Args) => string;
  /** The document after the edit, or null when the edit changes nothing. */
  perform: (document: EditorDocument, args: Args) => EditorDocument | null;
  /** The steps to select after the edit (kept as they are when absent). */
  selectAfter?: (args: Args, after: EditorDocument) => string[];
}

export function defineAction<Args>(action: EditorAction<Args>): EditorAction<Args> {
  return action;
}

/** The document with a new graph, or null when the graph is the same object (nothing changed). */
export function withGraph(document: EditorDocument, graph: EditorDocument['graph']): EditorDocument | null {
  return graph === document.graph ? null : { ...document, graph };
}
