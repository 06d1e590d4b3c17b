import { contentWords, stem } from './text-units';

/** Words that speak for common labels, in English and Hebrew. */
const SIGNALS: Record<string, string[]> = {
  urgent: ['urgent', 'asap', 'immediately', 'critical', 'emergency', 'down', 'outage', 'now', 'דחוף', 'מיד', 'מיידי', 'קריטי', 'תקלה', 'עכשיו'],
  high: ['urgent', 'critical', 'important', 'asap', 'blocker', 'דחוף', 'קריטי', 'חשוב'],
  low: ['whenever', 'minor', 'someday', 'later', 'nice', 'trivial', 'מתי', 'שתוכלו', 'קטן', 'לא דחוף'],
  positive: ['great', 'thanks', 'thank', 'love', 'happy', 'excellent', 'good', 'amazing', 'perfect', 'pleased', 'תודה', 'מצוין', 'מעולה', 'אוהב', 'שמח', 'טוב', 'מרוצה'],
  negative: ['bad', 'angry', 'disappointed', 'terrible', 'broken', 'awful', 'worst', 'hate', 'refund', 'complaint', 'problem', 'גרוע', 'מאוכזב', 'כועס', 'תקלה', 'בעיה', 'תלונה', 'נורא'],
  bug: ['bug', 'error', 'crash', 'broken', 'fails', 'exception', 'באג', 'שגיאה', 'קורס', 'תקלה'],
  feature: ['feature', 'add', 'would', 'wish', 'request', 'support', 'פיצ׳ר', 'להוסיף', 'בקשה'],
  question: ['how', 'what', 'why', 'question', '?', 'איך', 'מה', 'למה', 'שאלה'],
};
SIGNALS['דחוף'] = SIGNALS.urgent ?? [];
SIGNALS['חיובי'] = SIGNALS.positive ?? [];
SIGNALS['שלילי'] = SIGNALS.negative ?? [];

/** Labels that win when nothing speaks for any label. */
const DEFAULTS = /^(?:neutral|normal|medium|other|routine|ניטרלי|רגיל|בינונית|אחר|שגרתי)$/iu;

/**
 * Keyword classification: each label scores by how often its own words (and, for common labels
 * like "urgent" or "positive", their usual signal words) occur in the text.
 */
export function keywordClassify(text: string, labels: readonly string[]): { label: string; scores: Record<string, number>; evidence: boolean } {
  const found = contentWords(text);
  const counts = new Map<string, number>();
  for (const word of found) counts.set(word, (counts.get(word) ?? 0) + 1);
  const lower = text.toLowerCase();
  const scores: Record<string, number> = {};
  for (const label of labels) {
    const own = contentWords(label);
    const signals = (SIGNALS[label.toLowerCase()] ?? []).map((word) => stem(word.toLowerCase()));
    let score = 0;
    for (const word of new Set([...own, ...signals])) score += counts.get(word) ?? 0;
    if (own.length > 1 && lower.includes(label.toLowerCase())) score += 2;
    scores[label] = score;
  }
  const best = Math.max(...Object.values(scores));
  if (best <= 0) {
    const fallback = labels.find((label) => DEFAULTS.test(label)) ?? labels[0] ?? '';
    return { label: fallback, scores, evidence: false };
  }
  return { label: labels.find((label) => scores[label] === best) ?? labels[0] ?? '', scores, evidence: true };
}
