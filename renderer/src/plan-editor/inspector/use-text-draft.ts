import { useState } from 'react';

/**
 * The text of a field that may hold something not yet valid (an empty title, half a number,
 * half-typed JSON). The text follows the value when the value changes from elsewhere (undo,
 * another window), and stays as typed while typing commits values.
 * `change(text, committed)` keeps `text`; `committed` is the value text it saved, if any.
 */
export function useTextDraft(current: string): [string, (text: string, committed?: string) => void] {
  const [draft, setDraft] = useState({ text: current, source: current });
  let text = draft.text;
  if (draft.source !== current) {
    text = current;
    setDraft({ text: current, source: current });
  }
  const change = (next: string, committed?: string) => setDraft({ text: next, source: committed ?? current });
  return [text, change];
}
