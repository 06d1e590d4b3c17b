import { findMeetingTime } from './dates';
import { FOR_EACH_PATTERNS, HEBREW_INTENT_STEMS, INTENT_PATTERNS, INTENT_WORDS, STOP_WORDS, TO_ME, type Intent } from './lexicon';

export type Language = 'en' | 'he';

/** A field `llm.extract` should find, with the kind of pattern that finds it. */
export interface ExtractField {
  key: string;
  kind: 'string' | 'email' | 'phone' | 'date' | 'number' | 'url';
  list: boolean;
}

/** Something the request names: a URL or a file, read from (source) or written to (target). */
export interface Place {
  value: string;
  role: 'source' | 'target';
  at: number;
}

/** What the offline planner understood of a request. */
export interface RequestAnalysis {
  language: Language;
  intents: Set<Intent>;
  urls: Place[];
  paths: Place[];
  emails: string[];
  /** What to search for: a quoted phrase, the subject after "about", or the most telling word. */
  topic: string | null;
  sentences: number | null;
  fields: ExtractField[];
  labels: string[] | null;
  /** "for each client": the items, when the request names them. */
  forEach: { noun: string | null; items: string[] } | null;
  waitMs: number | null;
  meeting: { title: string; start: string | null } | null;
  /** What to write: "report", "email", "דוח". */
  composeNoun: string | null;
  /** Text given in the request itself ("summarize this: …"). */
  inlineText: string | null;
}

const URL_PATTERN = /\bhttps?:\/\/[^\s"'<>]+[^\s"'<>.,;:!?)]/gi;
const EMAIL_PATTERN = /\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b/g;
const PATH_PATTERN = /(?:~|\.{1,2})?(?:\/[\w.-]+)+|\b[\w-]+(?:\/[\w.-]+)*\.(?:txt|md|markdown|csv|tsv|json|log|html?|xml|ya?ml|ics|pdf|docx?)\b/gi;
/** "to", "into", "as", "ל-", "אל", "לתוך" right before a place: it is written to. */
const TARGET_BEFORE = /(?:\b(?:to|into|as|onto)|(?<![\p{L}])(?:ל|אל|לתוך|לקובץ|לכתובת|בקובץ))[\s-]*$/iu;
const HEBREW_LETTER = /\p{Script=Hebrew}/gu;
const LATIN_LETTER = /[A-Za-z]/g;

const TIME_NOUN = /^(?:days?|weeks?|months?|years?|mornings?|evenings?|nights?|hours?|minutes?|mon|tues|wednes|thurs|fri|satur|sun)(?:day)?s?$|^(?:יום|שבוע|חודש|שנה|בוקר|ערב|שעה|דקה)$/iu;

/** Where one part of a request ends and the next begins: ", then", "; ", ". ", " ואז ". */
const CLAUSE_END = /,?\s*\b(?:then|and then)\b|,\s*and\b|;|\.(?:\s|$)|\s+ואז\s+|\s[—–]\s|[—–]/u;

const NUMBER_WORDS: Record<string, number> = { one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10 };

const FIELD_WORDS: Array<[RegExp, Omit<ExtractField, 'list'>, boolean]> = [
  [/^e-?mail(?: address)?$|^מייל$|^אימייל$|^כתובת מייל$/u, { key: 'email', kind: 'email' }, false],
  [/^e-?mails$|^e-?mail addresses$|^מיילים$|^אימיילים$|^כתובות מייל$/u, { key: 'emails', kind: 'email' }, true],
  [/^phone(?: number)?$|^טלפון$|^מספר טלפון$/u, { key: 'phone', kind: 'phone' }, false],
  [/^phones$|^phone numbers$|^טלפונים$|^מספרי טלפון$/u, { key: 'phones', kind: 'phone' }, true],
  [/^(?:date|deadline|due date)$|^תאריך$|^מועד$/u, { key: 'date', kind: 'date' }, false],
  [/^(?:dates|deadlines|due dates)$|^תאריכים$|^מועדים$/u, { key: 'dates', kind: 'date' }, true],
  [/^(?:amount|total|price|cost|sum|budget)$|^סכום$|^מחיר$|^עלות$|^תקציב$/u, { key: 'amount', kind: 'number' }, false],
  [/^(?:amounts|totals|prices|costs|sums)$|^סכומים$|^מחירים$|^עלויות$/u, { key: 'amounts', kind: 'number' }, true],
  [/^(?:url|link)$|^קישור$/u, { key: 'url', kind: 'url' }, false],
  [/^(?:urls|links)$|^קישורים$/u, { key: 'urls', kind: 'url' }, true],
  [/^name$|^שם$/u, { key: 'name', kind: 'string' }, false],
  [/^names$|^שמות$/u, { key: 'names', kind: 'string' }, true],
  [/^address$|^כתובת$/u, { key: 'address', kind: 'string' }, false],
  [/^addresses$|^כתובות$/u, { key: 'addresses', kind: 'string' }, true],
  [/^company$|^חברה$/u, { key: 'company', kind: 'string' }, false],
  [/^companies$|^חברות$/u, { key: 'companies', kind: 'string' }, true],
];

const LABEL_PRESETS: Array<[RegExp, Record<Language, string[]>]> = [
  [/sentiment|רגש|סנטימנט/iu, { en: ['positive', 'neutral', 'negative'], he: ['חיובי', 'ניטרלי', 'שלילי'] }],
  [/urgen|דחיפות|דחוף/iu, { en: ['urgent', 'normal', 'low'], he: ['דחוף', 'רגיל', 'לא דחוף'] }],
  [/priorit|עדיפות|תעדף/iu, { en: ['high', 'medium', 'low'], he: ['גבוהה', 'בינונית', 'נמוכה'] }],
];

function matchesIntent(text: string, intent: Intent): boolean {
  return INTENT_PATTERNS[intent].some((pattern) => pattern.test(text));
}

/** Replaces URLs, e-mail addresses and paths by spaces of the same length, so words inside them are not read as intents. */
function mask(text: string, pattern: RegExp): string {
  return text.replace(pattern, (found) => ' '.repeat(found.length));
}

function places(text: string, pattern: RegExp): Place[] {
  return [...text.matchAll(pattern)].map((match) => ({
    value: match[0],
    at: match.index ?? 0,
    role: TARGET_BEFORE.test(text.slice(Math.max(0, (match.index ?? 0) - 30), match.index)) ? ('target' as const) : ('source' as const),
  }));
}

function stripHebrewPrefix(word: string): string {
  return word.replace(/^[ו]?[ה]?/u, '');
}

/** A Hebrew word that is an intent with its prefixes ("ושמור", "לסכם"). */
function isHebrewIntent(word: string): boolean {
  for (let cut = 0; cut <= 3 && cut < word.length; cut += 1) {
    if (!/^[ושהלבמכת]*$/u.test(word.slice(0, cut))) break;
    const rest = word.slice(cut);
    if (HEBREW_INTENT_STEMS.some((stem) => rest.startsWith(stem))) return true;
  }
  return false;
}

/** An English or Hebrew intent word ("write", "summarize", "וכתוב"). */
function isIntentWord(word: string): boolean {
  return INTENT_WORDS.has(word.toLowerCase()) || /^(?:summar|analy|classif|categori|extract|translat|notif)/i.test(word) || (/\p{Script=Hebrew}/u.test(word) && isHebrewIntent(word));
}

function isSignificant(word: string): boolean {
  const lower = word.toLowerCase();
  if (STOP_WORDS.has(lower) || isIntentWord(word) || /^\d+$/.test(word)) return false;
  // Short words count when they look like names or codes ("Q3", "HR").
  return word.length >= 3 || /^(?:[A-Z][\w-]*|\w*\d\w*)$/.test(word);
}

function words(text: string): string[] {
  return text.split(/[^\p{L}\p{N}'"״_-]+/u).filter(Boolean);
}

const TOPIC_MARKERS = /(?:\b(?:about|regarding|mentioning|containing|that mention|related to|for)\b|(?<![\p{L}])(?:בנושא|לגבי|שמזכירים|שמזכירות|המזכירים|שמכילים|בעניין|על))\s+(.+)/iu;

function topicOf(text: string, language: Language): string | null {
  const quoted = /(?:^|[\s(:])["“'״]([^"“”'״\n]{2,80}?)["”'״](?=$|[\s,.;:!?)])/u.exec(text);
  if (quoted?.[1]) return quoted[1].trim();
  const marker = TOPIC_MARKERS.exec(text);
  if (marker?.[1] && !/^(?:each|every|all)\b/i.test(marker[1]) && !/^כל(?![\p{L}])/u.test(marker[1])) {
    const phrase: string[] = [];
    for (const word of words(marker[1].split(/[,.;:!?()]/)[0] ?? '')) {
      const bare = language === 'he' ? word : word.replace(/^(?:the|our|my|a|an)$/i, '');
      if (!bare) continue;
      if (phrase.length > 0 && (STOP_WORDS.has(word.toLowerCase()) || isIntentWord(word))) break;
      if (!isSignificant(word)) {
        if (phrase.length > 0) break;
        continue;
      }
      phrase.push(word);
      if (phrase.length === 3) break;
    }
    if (phrase.length > 0) return phrase.join(' ');
  }
  const all = words(text);
  if (language === 'en') {
    const proper = all.slice(1).find((word) => /^(?:[A-Z][\w-]+|\w*\d\w*)$/.test(word) && isSignificant(word));
    if (proper) return proper;
  }
  return all.find(isSignificant) ?? null;
}

function sentencesOf(text: string): number | null {
  const match = /\b(\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten)\s*(?:short\s+)?(?:sentences?|bullets?|bullet points|points|lines)\b|(\d{1,2})\s*(?:משפטים|נקודות|שורות)/iu.exec(text);
  if (!match) return /\b(?:short|brief)\b|(?<![\p{L}])(?:קצר|קצרה|בקצרה)(?![\p{L}])/iu.test(text) ? 2 : null;
  const raw = (match[1] ?? match[2] ?? '').toLowerCase();
  const count = NUMBER_WORDS[raw] ?? Number(raw);
  return Number.isInteger(count) && count >= 1 && count <= 20 ? count : null;
}

function fieldOf(phrase: string): ExtractField | null {
  const cleaned = phrase
    .trim()
    .replace(/^(?:the|all|any|their|its|his|her)\s+/i, '')
    .replace(/^ו?ה?/u, (prefix) => (/\p{Script=Hebrew}/u.test(phrase) ? '' : prefix))
    .toLowerCase();
  for (const [pattern, field, list] of FIELD_WORDS) if (pattern.test(cleaned)) return { ...field, list };
  if (/^[a-z][a-z ]{1,30}$/.test(cleaned) && !STOP_WORDS.has(cleaned)) {
    const parts = cleaned.split(/\s+/);
    const key = parts.map((part, index) => (index === 0 ? part : part.charAt(0).toUpperCase() + part.slice(1))).join('');
    return { key, kind: 'string', list: /s$/.test(cleaned) && !/ss$/.test(cleaned) };
  }
  return null;
}

function fieldsOf(text: string, language: Language): ExtractField[] {
  const found: ExtractField[] = [];
  if (language === 'en') {
    const match = /\b(?:extract|pull out|parse out)\s+(.+?)(?:\s+(?:from|out of|in)\b|[.;]|$)/i.exec(text);
    for (const part of (match?.[1] ?? '').split(CLAUSE_END)[0]?.split(/,|\band\b|&/) ?? []) {
      if (part.trim().split(/\s+/).length > 3) continue;
      const field = fieldOf(part);
      if (field && !found.some((item) => item.key === field.key)) found.push(field);
    }
    return found;
  }
  const match = /(?:חלץ|חלצי|לחלץ|תחלץ|חילוץ)(?:\s+את)?\s+(.+)/u.exec(text);
  const tokens = (match?.[1] ?? '').split(/[\s,]+/).filter(Boolean);
  for (let index = 0; index < tokens.length; index += 1) {
    const token = stripHebrewPrefix(tokens[index] ?? '');
    const pair = `${token} ${stripHebrewPrefix(tokens[index + 1] ?? '')}`;
    const field = fieldOf(pair) ?? fieldOf(token);
    if (!field) {
      if (found.length > 0) break;
      continue;
    }
    if (field === fieldOf(pair)) index += 1;
    if (!found.some((item) => item.key === field.key)) found.push(field);
  }
  return found;
}

/** The item's own words: "Initech write a letter" is "Initech". */
function itemWords(item: string): string {
  const kept: string[] = [];
  for (const word of item.split(/\s+/)) {
    if (kept.length > 0 && isIntentWord(word)) break;
    kept.push(word);
  }
  return kept.join(' ');
}

function splitList(text: string): string[] {
  return text
    .split(/\s*(?:,|;|\/|\bor\b|\band\b|\s+או\s+|\s+ו-?(?=\p{L}))\s*/u)
    .map((item) => itemWords(item.trim().replace(/^(?:the|a|an)\s+/i, '').replace(/^[-־]/u, '')))
    .filter((item) => item.length > 0 && item.length <= 40 && item.split(/\s+/).length <= 3);
}

function labelsOf(text: string, language: Language): string[] | null {
  const english = /\b(?:classif\w*|categori[sz]\w*|sort|label|triage|tag)\b[^.;:]*?\b(?:into|as|between)\s+([^.;]+)/i.exec(text);
  const hebrew = /(?:סווג|סווגי|לסווג|תסווג|סיווג|מיין|מייני|למיין|תמיין|מיון|קטלג|לקטלג)[^.;:]*?(?:[:]|(?<![\p{L}])(?:ל|כ)-)\s*([^.;]+)/u.exec(text);
  const list = splitList((english?.[1] ?? hebrew?.[1] ?? '').split(CLAUSE_END)[0] ?? '').filter(
    (item) => !item.split(/\s+/).some((word) => INTENT_WORDS.has(word.toLowerCase())),
  );
  if (list.length >= 2) return list.slice(0, 12);
  for (const [pattern, presets] of LABEL_PRESETS) if (pattern.test(text)) return presets[language];
  return null;
}

function forEachOf(text: string): RequestAnalysis['forEach'] {
  for (const pattern of FOR_EACH_PATTERNS) {
    const match = pattern.exec(text);
    if (!match) continue;
    // "every Monday", "כל יום": a schedule, not a list of items.
    if (TIME_NOUN.test(match[1] ?? '')) continue;
    const after = text.slice((match.index ?? 0) + match[0].length);
    const listed = /^\s*(?:[:(—–-]|of\b|:)?\s*([^.)\n]+)/u.exec(after);
    const items = splitList((listed?.[1] ?? '').split(/[:]/)[0]?.split(CLAUSE_END)[0] ?? '').filter((item) => !STOP_WORDS.has(item.toLowerCase()));
    const explicit = /^\s*[:(—–-]/u.test(after) && items.length >= 2;
    return { noun: match[1] ?? null, items: explicit ? items.slice(0, 10) : [] };
  }
  return null;
}

function waitOf(text: string): number | null {
  const match = /(\d+)\s*(s|sec|seconds?|m|min|minutes?|h|hours?|שניות|שנייה|דקות|דקה|שעות|שעה)(?![\p{L}])/iu.exec(text);
  if (!match) return null;
  const unit = (match[2] ?? '').toLowerCase();
  const size = /^(?:h|hours?|שעות|שעה)$/u.test(unit) ? 3_600_000 : /^(?:m|min|minutes?|דקות|דקה)$/u.test(unit) ? 60_000 : 1000;
  return Math.min(Number(match[1]) * size, 3_600_000);
}

function meetingOf(text: string, language: Language, now: string): RequestAnalysis['meeting'] {
  const withWhom = /\b(?:meeting|call|appointment|sync)\s+with\s+([A-Z][\w-]*(?:\s+[A-Z][\w-]*)?)/.exec(text) ?? /פגישה\s+עם\s+(\p{L}+)/u.exec(text);
  const title = withWhom ? (language === 'he' ? `פגישה עם ${withWhom[1]}` : `Meeting with ${withWhom[1]}`) : language === 'he' ? 'פגישה' : 'Meeting';
  return { title, start: findMeetingTime(text, now) };
}

function composeNounOf(text: string, language: Language): string | null {
  const english = /\b(report|e-?mail|letter|message|memo|post|newsletter|reply|response|proposal|update|announcement|invitation|agenda|article|outline|description|answer|note|translation)s?\b/i.exec(text);
  const hebrew = /(?<![\p{L}])[ושהלבמכ]{0,2}(דוח|דו"ח|דו״ח|מכתב|מייל|הודעה|טיוטה|תרגום|סיכום מנהלים|עדכון|הצעה)(?![\p{L}])/u.exec(text);
  const found = language === 'he' ? (hebrew?.[1] ?? null) : (english?.[1]?.toLowerCase() ?? null);
  return found === 'e-mail' ? 'email' : found;
}

/** Reads a request (English or Hebrew) into what the offline planner needs: intents, places, topic and details. */
export function analyzeRequest(request: string, now: string): RequestAnalysis {
  const urls = places(request, URL_PATTERN);
  const emails = [...request.matchAll(EMAIL_PATTERN)].map((match) => match[0]);
  const withoutUrls = mask(mask(request, URL_PATTERN), EMAIL_PATTERN);
  const paths = places(withoutUrls, PATH_PATTERN);
  const text = mask(withoutUrls, PATH_PATTERN);
  const hebrewLetters = text.match(HEBREW_LETTER)?.length ?? 0;
  const language: Language = hebrewLetters > (text.match(LATIN_LETTER)?.length ?? 0) ? 'he' : 'en';

  const intents = new Set<Intent>();
  const toMe = text.replace(TO_ME, (found) => ' '.repeat(found.length));
  for (const intent of Object.keys(INTENT_PATTERNS) as Intent[]) {
    if (matchesIntent(intent === 'send' ? toMe : text, intent)) intents.add(intent);
  }
  if (emails.length > 0 && /\be-?mail\b|(?<![\p{L}])[ול]?(?:מייל|אימייל)(?![\p{L}])/iu.test(text) && /\b(?:to|send)\b|(?<![\p{L}])(?:ל|אל|שלח)/u.test(request)) {
    intents.add('send');
  }
  // A URL with nothing said about it is something to fetch; one written to is a send.
  if (urls.some((url) => url.role === 'source')) intents.add('fetch');
  if (urls.some((url) => url.role === 'target')) intents.add('send');
  if (paths.some((path) => path.role === 'source') && !intents.has('search')) intents.add('read');
  if (paths.some((path) => path.role === 'target')) intents.add('save');
  const saveWord = /\b(?:save|store|export|write)\b|(?<![\p{L}])[ול]?(?:שמור|לשמור|שמרי|תשמור|ייצא|לייצא)/iu.exec(text);
  if (intents.has('save') && !paths.some((path) => path.role === 'target') && saveWord) {
    const after = paths.filter((path) => path.at > (saveWord.index ?? 0));
    const last = after[after.length - 1];
    if (last) last.role = 'target';
  }
  if (!intents.has('read') && paths.some((path) => path.role === 'source') && !intents.has('search')) intents.add('read');
  // "write a summary" asks for the summary, not for another text on top of it.
  if (intents.has('compose') && (intents.has('summarize') || intents.has('analyze'))) {
    const noun = composeNounOf(text, language);
    if (!noun || /^(?:summary|recap|סיכום)$/u.test(noun)) intents.delete('compose');
  }
  const waitMs = intents.has('wait') ? waitOf(text) : null;
  if (waitMs === null) intents.delete('wait');

  const colon = request.indexOf(':');
  const inline = colon >= 0 ? request.slice(colon + 1).trim() : '';
  return {
    language,
    intents,
    urls,
    paths,
    emails,
    topic: topicOf(text, language),
    sentences: sentencesOf(text),
    fields: intents.has('extract') ? fieldsOf(text, language) : [],
    labels: intents.has('classify') ? labelsOf(text, language) : null,
    forEach: forEachOf(text),
    waitMs,
    meeting: intents.has('schedule') ? meetingOf(text, language, now) : null,
    composeNoun: intents.has('compose') ? composeNounOf(text, language) : null,
    inlineText: inline.length >= 80 && urls.length === 0 && paths.length === 0 ? inline : null,
  };
}
