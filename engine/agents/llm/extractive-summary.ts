import { contentWords, sentences } from './text-units';

/**
 * An extractive summary: the text's most representative sentences, unchanged and in their
 * original order. Each sentence scores by how frequent its words are in the whole text
 * (normalised by length), with a small bonus for the opening sentence and for words of `focus`;
 * near-duplicates of a chosen sentence are skipped. No model and no network: honest about what it is.
 */
export function extractiveSummary(text: string, count: number, focus?: string): string[] {
  const all = sentences(text);
  if (all.length <= count) return all;
  const frequency = new Map<string, number>();
  for (const word of contentWords(text)) frequency.set(word, (frequency.get(word) ?? 0) + 1);
  const top = Math.max(1, ...frequency.values());
  const focusWords = new Set(focus ? contentWords(focus) : []);
  const scored = all.map((sentence, index) => {
    const own = contentWords(sentence);
    const unique = new Set(own);
    let score = 0;
    for (const word of unique) score += (frequency.get(word) ?? 0) / top + (focusWords.has(word) ? 1 : 0);
    score /= Math.sqrt(Math.max(unique.size, 1));
    if (index === 0) score *= 1.15;
    if (own.length < 3) score *= 0.5;
    return { sentence, index, score, words: unique };
  });
  const chosen: typeof scored = [];
  for (const candidate of [...scored].sort((a, b) => b.score - a.score || a.index - b.index)) {
    if (chosen.length >= count) break;
    const duplicate = chosen.some((picked) => {
      const shared = [...candidate.words].filter((word) => picked.words.has(word)).length;
      return shared / Math.max(1, Math.min(candidate.words.size, picked.words.size)) > 0.8;
    });
    if (!duplicate) chosen.push(candidate);
  }
  return chosen.sort((a, b) => a.index - b.index).map((item) => item.sentence);
}
