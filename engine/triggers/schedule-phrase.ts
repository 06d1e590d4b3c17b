import { TizmorError } from '../api';

/**
 * Schedule phrases in English and Hebrew, turned into 5-field cron expressions:
 * "every day at 9:00", "every Monday at 8:30", "every weekday at 7", "every 15 minutes",
 * "כל יום ב-9:00", "כל יום שני ב-8:30", "כל יום ראשון עד חמישי ב-7", "כל 15 דקות".
 * Hebrew "ימי חול" are Sunday to Thursday (the Israeli work week); English "weekday" is Monday to Friday.
 */

const EN_DAYS: Record<string, number> = {
  sunday: 0, sun: 0, monday: 1, mon: 1, tuesday: 2, tue: 2, tues: 2, wednesday: 3, wed: 3,
  thursday: 4, thu: 4, thur: 4, thurs: 4, friday: 5, fri: 5, saturday: 6, sat: 6,
};
const HE_DAYS: Record<string, number> = { ראשון: 0, שני: 1, שלישי: 2, רביעי: 3, חמישי: 4, שישי: 5, שבת: 6 };

const PM_WORDS = new Set(['pm', 'p.m.', 'בערב', 'אחה"צ', 'אחה״צ', 'אחר הצהריים', 'בלילה']);
const AM_WORDS = new Set(['am', 'a.m.', 'בבוקר']);

function fail(phrase: string, why: string): never {
  throw new TizmorError('bad_input', `Cannot read the schedule "${phrase}": ${why}. Try "every day at 9:00", "every Monday at 8:30" or "כל יום ב-9:00", or give a cron expression.`);
}

interface ClockTime {
  hour: number;
  minute: number;
}

function clockTime(phrase: string, hourText: string, minuteText: string | undefined, period: string | undefined): ClockTime {
  let hour = Number(hourText);
  const minute = minuteText === undefined ? 0 : Number(minuteText);
  if (minute > 59) fail(phrase, `${minuteText} is not a minute`);
  if (period && PM_WORDS.has(period)) {
    if (hour > 12) fail(phrase, `${hour} ${period} is not a time`);
    if (period === 'בלילה' && hour === 12) hour = 0;
    else if (hour < 12 && !(period === 'בלילה' && hour < 5)) hour += 12;
  } else if (period && AM_WORDS.has(period)) {
    if (hour > 12) fail(phrase, `${hour} ${period} is not a time`);
    if (hour === 12) hour = 0;
  } else if (period === 'בצהריים') {
    if (hour >= 1 && hour <= 5) hour += 12;
  }
  if (hour > 23) fail(phrase, `${hourText} is not an hour`);
  return { hour, minute };
}

/** "9:00 and 17:00", "noon", "9am, 1pm" → hours and the one minute they share. */
function timesToFields(phrase: string, times: ClockTime[]): { minute: string; hour: string } {
  if (times.length === 0) fail(phrase, 'say at what time');
  const minutes = new Set(times.map((time) => time.minute));
  if (minutes.size > 1) fail(phrase, 'times with different minutes need a trigger each');
  const hours = [...new Set(times.map((time) => time.hour))].sort((a, b) => a - b);
  return { minute: String(times[0]?.minute ?? 0), hour: hours.join(',') };
}

/** A sorted day-of-week list as cron writes it: "1-5" for a run of three or more, else "1,4". */
export function dayField(days: readonly number[]): string {
  const sorted = [...new Set(days)].sort((a, b) => a - b);
  if (sorted.length === 7) return '*';
  const first = sorted[0] ?? 0;
  const last = sorted.at(-1) ?? 0;
  if (sorted.length >= 3 && last - first === sorted.length - 1) return `${first}-${last}`;
  return sorted.join(',');
}

function dayRange(from: number, to: number): number[] {
  const days: number[] = [];
  for (let day = from; ; day = (day + 1) % 7) {
    days.push(day);
    if (day === to || days.length > 7) break;
  }
  return days;
}

function englishTimes(phrase: string, text: string): ClockTime[] {
  return text
    .split(/\s*(?:,|\band\b|&)\s*/)
    .filter(Boolean)
    .map((part) => {
      if (part === 'noon' || part === 'midday') return { hour: 12, minute: 0 };
      if (part === 'midnight') return { hour: 0, minute: 0 };
      const match = /^(\d{1,2})(?::(\d{2}))?\s*(am|pm|a\.m\.|p\.m\.)?$/.exec(part);
      if (!match) return fail(phrase, `"${part}" is not a time`);
      return clockTime(phrase, match[1] ?? '', match[2], match[3]);
    });
}

function englishDays(phrase: string, text: string): { dom: string; dow: string } {
  const t = text.replace(/^(?:on\s+)/, '');
  if (/^(?:every day|each day|daily|everyday)$/.test(t)) return { dom: '*', dow: '*' };
  if (/^(?:every weekday|weekdays|on weekdays|every working day)$/.test(t)) return { dom: '*', dow: '1-5' };
  if (/^(?:every weekend|weekends|every weekend day)$/.test(t)) return { dom: '*', dow: '0,6' };
  const monthDay = /^(?:every month on the|monthly on the|on day|every month on day)\s+(\d{1,2})(?:st|nd|rd|th)?(?:\s+of every month)?$/.exec(t);
  if (monthDay) {
    const day = Number(monthDay[1]);
    if (day < 1 || day > 31) fail(phrase, `${day} is not a day of the month`);
    return { dom: String(day), dow: '*' };
  }
  const named = /^(?:every|each)\s+(.+)$/.exec(t) ?? /^(.+?)s?$/.exec(t);
  const list = named?.[1] ?? '';
  const range = /^(\w+?)s?\s+(?:to|through|-)\s+(\w+?)s?$/.exec(list);
  if (range) {
    const from = EN_DAYS[range[1] ?? ''];
    const to = EN_DAYS[range[2] ?? ''];
    if (from === undefined || to === undefined) fail(phrase, `"${list}" is not a run of days`);
    return { dom: '*', dow: dayField(dayRange(from, to)) };
  }
  const days = list.split(/\s*(?:,|\band\b|&)\s*/).filter(Boolean).map((word) => EN_DAYS[word.replace(/s$/, '')] ?? EN_DAYS[word]);
  if (days.length === 0 || days.some((day) => day === undefined)) fail(phrase, `"${text}" is not a day or a list of days`);
  return { dom: '*', dow: dayField(days as number[]) };
}

function english(phrase: string, text: string): string | null {
  if (/^every minute$/.test(text)) return '* * * * *';
  let match = /^every (\d{1,2}) minutes?$/.exec(text);
  if (match) return `*/${stepOf(phrase, match[1], 59)} * * * *`;
  if (/^(?:every hour|hourly)$/.test(text)) return '0 * * * *';
  match = /^every hour at minute (\d{1,2})$/.exec(text);
  if (match) return `${minuteOf(phrase, match[1])} * * * *`;
  match = /^every (\d{1,2}) hours?$/.exec(text);
  if (match) return `0 */${stepOf(phrase, match[1], 23)} * * *`;
  match = /^every (\d{1,2}) hours? at minute (\d{1,2})$/.exec(text);
  if (match) return `${minuteOf(phrase, match[2])} */${stepOf(phrase, match[1], 23)} * * *`;
  match = /^(.+?)\s+at\s+(.+)$/.exec(text) ?? swap(/^at\s+(.+?)\s+((?:every|each|on|daily|weekdays|weekends)\b.*)$/.exec(text));
  if (!match) return null;
  const { minute, hour } = timesToFields(phrase, englishTimes(phrase, match[2] ?? ''));
  const { dom, dow } = englishDays(phrase, match[1] ?? '');
  return `${minute} ${hour} ${dom} * ${dow}`;
}

function swap(match: RegExpExecArray | null): RegExpExecArray | null {
  if (!match) return null;
  const copy = [...match] as unknown as RegExpExecArray;
  copy[1] = match[2] ?? '';
  copy[2] = match[1] ?? '';
  return copy;
}

const HE_TIME = /^(?:בשעה\s*|ב\s*[-־]?\s*)?(\d{1,2})(?::(\d{2}))?(?:\s*(בבוקר|בערב|בלילה|בצהריים|אחר הצהריים|אחה"צ|אחה״צ))?$/;

function hebrewTimes(phrase: string, text: string): ClockTime[] {
  return text
    .split(/\s*(?:,|\s+ו\s*[-־]?\s*(?=ב|\d))\s*/)
    .filter(Boolean)
    .map((part) => {
      if (/^(?:ב)?צהריים$/.test(part)) return { hour: 12, minute: 0 };
      if (/^(?:ב)?חצות$/.test(part)) return { hour: 0, minute: 0 };
      const match = HE_TIME.exec(part.trim());
      if (!match) return fail(phrase, `"${part}" is not a time`);
      return clockTime(phrase, match[1] ?? '', match[2], match[3]);
    });
}

function hebrewDay(word: string): number | undefined {
  return HE_DAYS[word.replace(/^ו\s*[-־]?\s*/, '').replace(/^יום\s+/, '')];
}

function hebrewDays(phrase: string, text: string): { dom: string; dow: string } {
  const t = text.replace(/^ב/, '').replace(/^מדי\s+/, 'כל ');
  if (/^(?:כל יום|יומי|כל יום ויום)$/.test(t)) return { dom: '*', dow: '*' };
  if (/^(?:כל יום חול|ימי חול|כל יום עבודה|ימי עבודה|כל ימי החול)$/.test(t)) return { dom: '*', dow: '0-4' };
  if (/^(?:כל סוף שבוע|סופי שבוע)$/.test(t)) return { dom: '*', dow: '5,6' };
  const monthDay = /^כל (\d{1,2}) לחודש$/.exec(t);
  if (monthDay) {
    const day = Number(monthDay[1]);
    if (day < 1 || day > 31) fail(phrase, `${day} is not a day of the month`);
    return { dom: String(day), dow: '*' };
  }
  const named = /^כל (?:יום\s+|ימי\s+)?(.+)$/.exec(t);
  if (!named) fail(phrase, `"${text}" is not a day or a list of days`);
  const list = named[1] ?? '';
  const range = /^(\S+)\s+עד\s+(?:יום\s+)?(\S+)$/.exec(list);
  if (range) {
    const from = hebrewDay(range[1] ?? '');
    const to = hebrewDay(range[2] ?? '');
    if (from === undefined || to === undefined) fail(phrase, `"${list}" is not a run of days`);
    return { dom: '*', dow: dayField(dayRange(from, to)) };
  }
  const words = list.split(/\s*,\s*|\s+(?=ו)/).filter(Boolean);
  const days = words.map(hebrewDay);
  if (days.length === 0 || days.some((day) => day === undefined)) fail(phrase, `"${text}" is not a day or a list of days`);
  return { dom: '*', dow: dayField(days as number[]) };
}

function hebrew(phrase: string, text: string): string | null {
  const t = text.replace(/^ב(?=כל)/, '');
  if (/^כל דקה$/.test(t)) return '* * * * *';
  let match = /^כל (\d{1,2}) דקות$/.exec(t);
  if (match) return `*/${stepOf(phrase, match[1], 59)} * * * *`;
  if (/^(?:כל שעה|מדי שעה)$/.test(t)) return '0 * * * *';
  match = /^כל שעה,?\s+בדקה (\d{1,2})$/.exec(t);
  if (match) return `${minuteOf(phrase, match[1])} * * * *`;
  if (/^כל שעתיים$/.test(t)) return '0 */2 * * *';
  match = /^כל (\d{1,2}) שעות$/.exec(t);
  if (match) return `0 */${stepOf(phrase, match[1], 23)} * * *`;
  // The time part begins at the first "ב-9", "ב9:00", "בשעה 9" or "ב-צהריים" that is not "N לחודש".
  const marker = /\s+(?=(?:בשעה\s*|ב\s*[-־]?\s*)(?:\d{1,2}(?::\d{2})?(?!\d)(?!\s*לחודש)|צהריים|חצות))/.exec(t);
  if (!marker) return null;
  const dayText = t.slice(0, marker.index);
  const timeText = t.slice(marker.index).trim();
  const { minute, hour } = timesToFields(phrase, hebrewTimes(phrase, timeText));
  const { dom, dow } = hebrewDays(phrase, dayText);
  return `${minute} ${hour} ${dom} * ${dow}`;
}

function stepOf(phrase: string, text: string | undefined, max: number): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1 || value > max) fail(phrase, `${text} is not between 1 and ${max}`);
  return value;
}

function minuteOf(phrase: string, text: string | undefined): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value > 59) fail(phrase, `${text} is not a minute`);
  return value;
}

/** Turns an English or Hebrew schedule phrase into a 5-field cron expression, or answers `bad_input` saying why not. */
export function phraseToCron(phrase: string): string {
  const text = phrase
    .normalize('NFC')
    .trim()
    .replace(/[.!]+$/, '')
    .replace(/\s+/g, ' ')
    .toLowerCase();
  if (text === '') fail(phrase, 'it is empty');
  const isHebrew = /[\u0590-\u05FF]/.test(text);
  const cron = isHebrew ? hebrew(phrase, text) : english(phrase, text);
  if (cron === null) fail(phrase, isHebrew ? 'say which days and at what time' : 'say which days and at what time');
  return cron;
}
