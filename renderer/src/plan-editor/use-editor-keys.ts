import { useEffect } from 'react';
import { useAppStore } from '../store/app-store';
import { clipboardFromText, clipboardToText } from './clipboard';

/** Keys typed into a field, or into a dialog, belong to it (the field's own undo, copy and paste). */
function belongsToField(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.closest('[role="dialog"], [role="menu"], [role="listbox"]')) return true;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
}

/**
 * The editor's keys while the plan page is open: Ctrl/Cmd+Z undo, Shift+Ctrl/Cmd+Z (or Ctrl+Y)
 * redo, Ctrl/Cmd+C copy and Ctrl/Cmd+V paste the selected steps, Ctrl/Cmd+A select every step.
 * Copied steps also go to the system clipboard as JSON, so they can be pasted into another window.
 */
export function useEditorKeys(): void {
  useEffect(() => {
    let pastedFromEvent = false;
    const onKeyDown = (event: KeyboardEvent) => {
      if (!(event.ctrlKey || event.metaKey) || event.altKey || belongsToField(event.target)) return;
      const state = useAppStore.getState();
      const key = event.key.toLowerCase();
      if (key === 'z' || key === 'y') {
        event.preventDefault();
        if (key === 'y' || event.shiftKey) state.redo();
        else state.undo();
      } else if (key === 'c') {
        // Text selected on the page (a diff line, a message) is what the person means to copy.
        if (window.getSelection()?.toString()) return;
        const clipboard = state.copySelection();
        // The system clipboard may refuse (a denied permission); the session's copy still works.
        if (clipboard) void navigator.clipboard?.writeText(clipboardToText(clipboard)).catch(() => undefined);
      } else if (key === 'v') {
        pastedFromEvent = false;
        // The paste event (with the system clipboard) comes right after this key when the browser sends one.
        setTimeout(() => {
          if (!pastedFromEvent) useAppStore.getState().paste();
        }, 0);
      } else if (key === 'a' && state.doc && !state.viewing) {
        event.preventDefault();
        state.selectSteps(state.doc.graph.steps.map((step) => step.id));
      }
    };
    const onPaste = (event: ClipboardEvent) => {
      if (belongsToField(event.target)) return;
      const text = event.clipboardData?.getData('text/plain') ?? '';
      const clipboard = clipboardFromText(text);
      if (!clipboard) return;
      pastedFromEvent = true;
      event.preventDefault();
      useAppStore.getState().paste(clipboard);
    };
    window.addEventListener('keydown', onKeyDown);
    window.addEventListener('paste', onPaste);
    return () => {
      window.removeEventListener('keydown', onKeyDown);
      window.removeEventListener('paste', onPaste);
    };
  }, []);
}
