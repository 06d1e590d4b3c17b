/** Sentences and words of English and Hebrew text, for the offline LLM agents. */

const STOP = new Set(
  (
    'a an the and or but if then of to in on at for from with by about into as is are was were be been being it its this that these those ' +
    'i you he she we they me him her us them my your his our their what which who whom when where why how all any each both few more most ' +
    'other some such no nor not only own same so than too very can will just should now do does did have has had also there here would could ' +
    'את של על עם אל מן מה מי זה זאת זו אלה אלו הוא היא הם הן אני אנחנו אתה אתם לא כן כל גם או אבל אם כי רק עוד כבר יש אין היה היתה היו ' +
    'יהיה שלי שלנו שלו שלה שלהם אותו אותה אותם לו לה להם לנו לי כמו מאוד כך אז עד בין לפני אחרי תחת מעל'
  ).split(/\s+/),
);

/** Splits text into sentences: at . ! ? (and the Hebrew sof pasuq) before a space, and at line breaks and bullets. */
export function sentences(text: string): string[] {
  return text
    .replace(/\r/g, '')
    .split(/(?<=[.!?׃])\s+|\n+\s*(?:[-*•]\s+)?/u)
    .map((sentence) => sentence.replace(/^\s*(?:[-*•]|\d+[.)])\s+/u, '').trim())
    .filter((sentence) => /\p{L}/u.test(sentence));
}

/** Lower-cased words (letters and digits of any script). */
export function words(text: string): string[] {
  return (text.toLowerCase().match(/[\p{L}\p{N}][\p{L}\p{N}'׳"״-]*/gu) ?? []).map((word) => word.replace(/['׳"״-]+$/u, ''));
}

/** Hebrew words carry their prepositions and article as prefixes; this drops one or two when the rest is a word on its own. */
export function stem(word: string): string {
  if (/^\p{Script=Hebrew}/u.test(word) && word.length > 4) return word.replace(/^(?:ו?[הלבמכש])/u, '');
  if (word.length > 4) return word.replace(/(?:ing|ed|es|s)$/u, '');
  return word;
}

/** Words that carry meaning, stemmed. */
export function contentWords(text: string): string[] {
  return words(text)
    .filter((word) => word.length > 1 && !STOP.has(word))
    .map(stem);
}
