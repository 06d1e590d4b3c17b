/**
 * The words the offline planner recognises, in English and Hebrew. Hebrew words take their
 * one-letter prefixes (ו ה ש ל ב מ כ, and ת of the future tense): "ולסכם", "שתשלח".
 */

/** What a request can ask for, in the order a plan usually does it. */
export type Intent =
  | 'fetch'
  | 'read'
  | 'search'
  | 'summarize'
  | 'analyze'
  | 'extract'
  | 'classify'
  | 'compose'
  | 'save'
  | 'send'
  | 'notify'
  | 'schedule'
  | 'wait';

const HEBREW_PREFIX = '[ושהלבמכת]{0,3}';

/**
 * A Hebrew word from a list of forms, with its prefixes, as a whole word. A form ending in `*`
 * may go on ("סיכומ*": סיכומים); `prefix` narrows the prefixes where one would make another
 * word ("הסכם", an agreement, is not "סכם", summarize).
 */
function hebrew(forms: string[], prefix = HEBREW_PREFIX): RegExp {
  const alternatives = forms.map((form) => (form.endsWith('*') ? `${form.slice(0, -1)}\\p{L}*` : form));
  return new RegExp(`(?<![\\p{L}])${prefix}(?:${alternatives.join('|')})(?![\\p{L}])`, 'u');
}

function english(words: string): RegExp {
  return new RegExp(`\\b(?:${words})\\b`, 'i');
}

/** Each intent's words; a request matches an intent when any of its patterns does. */
export const INTENT_PATTERNS: Record<Intent, RegExp[]> = {
  fetch: [
    english('fetch|download|scrape|retrieve|pull (?:down|in)|grab|call the api'),
    hebrew(['להביא', 'תביא', 'הביאי', 'הבא את', 'הורד', 'להוריד', 'תוריד', 'הורדת', 'משוך', 'למשוך', 'תמשוך', 'משיכת', 'שלוף', 'לשלוף', 'תשלוף']),
  ],
  read: [
    english('read|open|go through'),
    hebrew(['קרא', 'קראי', 'לקרוא', 'תקרא', 'קריאת', 'פתח', 'פתחי', 'לפתוח', 'תפתח', 'עבור על']),
  ],
  search: [
    english('search|find|look (?:for|up|through)|locate|grep|scan|dig up|gather'),
    hebrew(['חפש', 'חפשי', 'לחפש', 'תחפש', 'חיפוש', 'מצא', 'מצאי', 'למצוא', 'תמצא', 'איתור', 'לאתר', 'תאתר', 'אסוף', 'לאסוף', 'תאסוף', 'איסוף']),
  ],
  summarize: [
    english('summar\\w*|recap|tl;?dr|digest|gist|key points|highlights'),
    hebrew(['סכם', 'סכמי', 'לסכם', 'תסכם', 'מסכם', 'סיכום', 'סיכומ*', 'תקציר', 'תמצת', 'לתמצת', 'תמצית', 'נקודות עיקריות', 'נקודות העיקריות'], '[ושלבכ]{0,2}'),
  ],
  analyze: [
    english('analy[sz]\\w*|assess\\w*|evaluat\\w*|insights?|trends?'),
    hebrew(['נתח', 'נתחי', 'לנתח', 'תנתח', 'ניתוח', 'הערך', 'להעריך', 'מגמות', 'תובנות']),
  ],
  extract: [english('extract\\w*|pull out|parse out'), hebrew(['חלץ', 'חלצי', 'לחלץ', 'תחלץ', 'חילוץ'])],
  classify: [
    english('classif\\w*|categori[sz]\\w*|sort (?:them |it |each \\w+ )?(?:into|by)|triage|label (?:them|each|it)|sentiment|prioriti[sz]e'),
    hebrew(['סווג', 'סווגי', 'לסווג', 'תסווג', 'סיווג', 'מיין', 'מייני', 'למיין', 'תמיין', 'מיון', 'קטלג', 'לקטלג', 'תעדף', 'לתעדף']),
  ],
  compose: [
    english(
      '(?:write|draft|compose|prepare|create|generate|produce|put together|make)\\b[^.;]{0,40}?\\b(?:report|e-?mail|letter|message|memo|post|newsletter|reply|response|proposal|update|announcement|invitation|agenda|article|outline|description|answer|note)s?|draft|compose|translat\\w*|rewrite|report',
    ),
    hebrew([
      'כתוב', 'כתבי', 'לכתוב', 'תכתוב', 'כתיבת', 'נסח', 'נסחי', 'לנסח', 'תנסח', 'ניסוח', 'טיוטה', 'טיוטת', 'דוח', 'דוחות', 'דו"ח', 'דו״ח',
      'מכתב', 'תרגם', 'לתרגם', 'תתרגם', 'תרגום', 'הכן מייל', 'הכיני מייל', 'להכין מייל', 'הכן הודעה', 'להכין הודעה',
    ]),
  ],
  save: [
    english('save|store|export|keep (?:it|them|a copy)|(?:write|put) (?:it|them|this|that|the \\w+(?: \\w+)?) (?:to|into|in) |(?:to|into|as) (?:a )?(?:file|markdown|csv)'),
    hebrew(['שמור', 'שמרי', 'לשמור', 'תשמור', 'שמירת', 'ייצא', 'לייצא', 'תייצא', 'לקובץ', 'בקובץ', 'לתוך קובץ']),
  ],
  send: [
    english('send|post (?:it|them|the \\w+)? ?to|forward|e-?mail (?:it|them|this|that|the \\w+) to|mail (?:it|them)|share|deliver|upload|submit|publish'),
    hebrew(['שלח', 'שלחי', 'לשלוח', 'תשלח', 'שליחת', 'העבר את', 'להעביר', 'תעביר', 'פרסם', 'לפרסם', 'תפרסם', 'העלה', 'להעלות', 'תעלה']),
  ],
  notify: [
    english('notify|alert me|remind me|ping me|let me know|tell me|send me|notification'),
    hebrew([
      'הודע', 'הודיעי', 'להודיע', 'תודיע', 'התראה', 'התרעה', 'הזכר לי', 'תזכיר לי', 'עדכן אותי', 'לעדכן אותי', 'תעדכן אותי',
      'תגיד לי', 'ספר לי', 'שלח לי', 'לשלוח לי', 'תשלח לי',
    ]),
  ],
  schedule: [
    english('schedule (?:a|an|the|my|our|it|this|that|them|time|meeting|call)|calendar|book (?:a|the) |set up (?:a )?(?:call|meeting)|arrange (?:a )?(?:call|meeting)|(?:a|new) meeting with|appointment'),
    hebrew(['קבע', 'קבעי', 'לקבוע', 'תקבע', 'תזמן', 'לתזמן', 'זמן פגישה', 'זימון', 'יומן']),
  ],
  wait: [
    english('(?:wait|pause|delay)(?: for)? \\d+ ?(?:s|sec|seconds?|m|min|minutes?|h|hours?)\\b'),
    hebrew(['חכה', 'חכי', 'לחכות', 'תחכה', 'המתן', 'המתיני', 'להמתין', 'תמתין', 'המתנה']),
  ],
};

/** Phrases that address the person ("send me", "שלח לי"): a notification, not a send to someone else. */
export const TO_ME = /\b(?:send|e-?mail|message|text) me\b|(?<![\p{L}])[ות]?(?:ל)?(?:שלח|שלוח|שלחי) לי(?![\p{L}])/giu;

/** "for each client", "to every customer", "all clients", "לכל לקוח", "עבור כל אחד מהלקוחות", "כל הלקוחות". */
export const FOR_EACH_PATTERNS: RegExp[] = [
  /\b(?:for|to|per|with) (?:each|every)(?: one)?(?: of(?: the| our| my)?)? ?([A-Za-z]+)?/i,
  /\bfor all (?:the |our |my )?([A-Za-z]+s)\b/i,
  /\beach (?:of (?:the |our |my )?)?([A-Za-z]+)\b/i,
  /(?<![\p{L}])(?:ו?ל|עבור |על )כל (?:אחד |אחת )?(?:מה|מ)?([\p{L}"״]+)?/u,
  // "all clients", "every customer", "כל הלקוחות": only with nouns that name people or things one works through.
  /\b(?:all|every)(?: of)? (?:the |our |my )?(clients?|customers?|users?|members?|employees?|suppliers?|vendors?|partners?|students?|contacts?|accounts?|projects?|subscribers?)\b/i,
  /(?<![\p{L}])כל ה(לקוחות|משתמשים|עובדים|ספקים|פרויקטים|חברים|מנויים)(?![\p{L}])/u,
];

/** Ignored when guessing what a request is about. */
export const STOP_WORDS = new Set(
  (
    'a an the and or but then of to in on at for from with by about into as is are was were be been it its this that these those ' +
    'me my we our us you your i them they their what which who when where how all any each every some please can could would ' +
    'should will do did does done have has had not no yes so if than too very just also there here up out over after before ' +
    'file files folder folders document documents notes text data information info result results everything anything ' +
    'את של על עם אל מן מה מי זה זאת זו אלה אלו הם הן אני אנחנו אתה את אתם לי לנו לך כל גם או אבל אם כי רק עוד כבר יש אין ' +
    'שלי שלנו שלך אותו אותה אותם אותן מה מתוך בתוך לתוך עבור לגבי בנושא קובץ קבצים תיקייה מסמך מסמכים נתונים מידע הכל ' +
    'בבקשה אז ואז אחר כך לאחר אחרי לפני'
  ).split(/\s+/),
);

/** Words that are intents themselves, never topics. */
export const INTENT_WORDS = new Set(
  (
    'fetch download scrape retrieve grab read open search find look locate grep scan gather summarize summarise summary recap ' +
    'analyze analyse analysis extract classify categorize categorise sort label write draft compose prepare create generate produce ' +
    'report save store export send post forward email e-mail mail share deliver upload notify alert remind schedule book meeting wait ' +
    'translate make put keep tell let know get call'
  ).split(/\s+/),
);

/** Hebrew intent stems, stripped of prefixes, for the same purpose. */
export const HEBREW_INTENT_STEMS = [
  'חפש', 'חיפוש', 'מצא', 'קרא', 'סכם', 'סיכום', 'נתח', 'ניתוח', 'חלץ', 'סווג', 'מיין', 'כתוב', 'כתיבת', 'נסח', 'דוח', 'דו"ח',
  'שמור', 'שלח', 'שליחת', 'הודע', 'קבע', 'תזמן', 'הבא', 'הורד', 'משוך', 'אסוף', 'המתן', 'חכה', 'תרגם',
];
