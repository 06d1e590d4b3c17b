const strong = /[A-Za-z\u00C0-\u024F\u0370-\u03FF\u0400-\u04FF]|([\u0590-\u08FF\uFB1D-\uFDFF\uFE70-\uFEFF])/;

/**
 * The writing direction of a text by its first strong letter, as `dir="auto"` decides it: Hebrew
 * or Arabic right to left, Latin, Greek or Cyrillic left to right, else `fallback`. Mantine puts
 * `dir` on an input's wrapper, where `auto` cannot see the typed text, so fields pass this instead.
 */
export function textDirection<F extends 'ltr' | 'rtl' | undefined>(text: string, fallback: F): 'ltr' | 'rtl' | F {
  const match = strong.exec(text);
  if (!match) return fallback;
  return match[1] ? 'rtl' : 'ltr';
}
