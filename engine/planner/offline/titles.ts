import type { Language } from './analyze-request';

type Words = Record<Language, (detail: string) => string>;

/** Step titles in the language of the request. */
export const TITLES = {
  fetch: { en: (host) => `Fetch ${host}`, he: (host) => `הבאת נתונים מ-${host}` },
  read: { en: (path) => `Read ${path}`, he: (path) => `קריאת ${path}` },
  search: { en: (query) => `Search files for "${query}"`, he: (query) => `חיפוש בקבצים: "${query}"` },
  summarize: { en: () => 'Summarize', he: () => 'סיכום' },
  analyze: { en: () => 'Analyze', he: () => 'ניתוח' },
  extract: { en: (fields) => `Extract ${fields}`, he: (fields) => `חילוץ ${fields}` },
  classify: { en: () => 'Classify', he: () => 'סיווג' },
  compose: { en: (noun) => `Write the ${noun}`, he: (noun) => `כתיבת ${noun}` },
  save: { en: (path) => `Save ${path}`, he: (path) => `שמירה ב-${path}` },
  send: { en: (host) => `Send to ${host}`, he: (host) => `שליחה ל-${host}` },
  email: { en: (to) => `Email ${to}`, he: (to) => `שליחת מייל ל-${to}` },
  notify: { en: () => 'Notify me', he: () => 'התראה' },
  schedule: { en: (title) => `Schedule "${title}"`, he: (title) => `קביעת "${title}"` },
  wait: { en: (time) => `Wait ${time}`, he: (time) => `המתנה ${time}` },
  list: { en: (all) => `List the ${all}`, he: (all) => `רשימת ${all}` },
  summarizeAll: { en: (all) => `Summarize all ${all}`, he: (all) => `סיכום של כל ${all}` },
} satisfies Record<string, Words>;

export type TitleKind = keyof typeof TITLES;

/** "for Acme" / "עבור אקמה", appended to the steps of one branch of a fan-out. */
export function forItem(language: Language, item: string): string {
  return language === 'he' ? ` — ${item}` : ` — ${item}`;
}

/** " — for each client" / " — לכל אחד מהלקוחות", appended to the map steps of a fan-out over a list read at run time. */
export function forEachOf(language: Language, noun: string): string {
  return language === 'he' ? ` — לכל אחד מ${noun}` : ` — for each ${noun}`;
}

/** "5 minutes" / "5 דקות". */
export function duration(ms: number, language: Language): string {
  if (ms % 3_600_000 === 0) return language === 'he' ? `${ms / 3_600_000} שעות` : `${ms / 3_600_000} h`;
  if (ms % 60_000 === 0) return language === 'he' ? `${ms / 60_000} דקות` : `${ms / 60_000} min`;
  return language === 'he' ? `${Math.round(ms / 1000)} שניות` : `${Math.round(ms / 1000)} s`;
}

/** What the offline planner tells the person, in their language. */
export const NOTES = {
  offline: {
    en: 'Made offline by the offline planner (no model was used).',
    he: 'נבנה במצב לא מקוון על ידי המתכנן המקומי (ללא מודל).',
  },
  noCalendar: {
    en: 'No calendar agent is installed, so this plan cannot schedule anything; add a calendar plugin and plan again.',
    he: 'אין סוכן יומן מותקן, ולכן התוכנית לא יכולה לקבוע פגישות; התקינו תוסף יומן ותכננו מחדש.',
  },
  noMeetingTime: {
    en: 'The request names no day for the meeting, so it was left out; say when (e.g. "tomorrow at 10").',
    he: 'הבקשה לא מציינת מתי הפגישה, ולכן היא לא נכללה; ציינו מועד (למשל "מחר בשעה 10").',
  },
  noNotify: {
    en: 'No notification agent is installed, so the plan does not notify you; the run view shows when it ends.',
    he: 'אין סוכן התראות מותקן, ולכן התוכנית לא שולחת התראה; מסך ההרצה מראה מתי היא מסתיימת.',
  },
  noEmail: {
    en: 'No e-mail agent is installed, so nothing is e-mailed; add an e-mail plugin, or send to a web address (URL) instead.',
    he: 'אין סוכן דואר מותקן, ולכן שום דבר לא נשלח במייל; התקינו תוסף דואר או שלחו לכתובת אינטרנט (URL).',
  },
  noSendTarget: {
    en: 'The request says to send but names no address (URL), so nothing is sent; add the address and plan again.',
    he: 'הבקשה מבקשת לשלוח אבל לא מציינת כתובת (URL), ולכן שום דבר לא נשלח; הוסיפו כתובת ותכננו מחדש.',
  },
  forEachWithoutList: {
    en: 'The request says "for each" but not where the list is, so one step handles them all; say where it is (e.g. "read clients.txt and for each client …") to get a step that runs once per item, or name the items (e.g. "for each client: Acme, Globex").',
    he: 'הבקשה אומרת "לכל" אבל לא איפה הרשימה, ולכן צעד אחד מטפל בכולם; ציינו איפה היא (למשל "קרא את clients.txt ולכל לקוח …") כדי לקבל צעד שרץ פעם לכל פריט, או פרטו את הפריטים (למשל "לכל לקוח: אקמה, גלובקס").',
  },
  forEachOneStep: {
    en: 'Only writing, summarizing and classifying are planned once per item; here one step handles every item.',
    he: 'רק כתיבה, סיכום וסיווג מתוכננים פעם לכל פריט; כאן צעד אחד מטפל בכל הפריטים.',
  },
  mapListOffline: {
    en: 'The list step reads the list out of the text when the plan runs. Without a model it finds it only in a line like "clients: Acme, Globex"; configure a model in Settings to read it from any text.',
    he: 'צעד הרשימה מוציא את הרשימה מהטקסט כשהתוכנית רצה. בלי מודל הוא מוצא אותה רק בשורה כמו "clients: אקמה, גלובקס"; הגדירו מודל בהגדרות כדי לקרוא אותה מכל טקסט.',
  },
  guessedLabels: {
    en: 'The request names no categories, so the classify step guesses them; edit its labels.',
    he: 'הבקשה לא מציינת קטגוריות, ולכן צעד הסיווג מנחש אותן; ערכו את התוויות.',
  },
  needsModel: {
    en: 'Writing new text needs a model: configure Gemini or a local OpenAI-compatible model in Settings before running this plan.',
    he: 'כתיבת טקסט חדש דורשת מודל: הגדירו את Gemini או מודל מקומי תואם OpenAI בהגדרות לפני הרצת התוכנית.',
  },
} satisfies Record<string, Record<Language, string>>;
