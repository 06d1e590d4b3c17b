/** When a request says a meeting should be: "tomorrow at 10", "next Tuesday 14:30", "מחר בשעה 9", "ביום שני ב-16:00". */

const ENGLISH_DAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];
const HEBREW_DAYS = ['ראשון', 'שני', 'שלישי', 'רביעי', 'חמישי', 'שישי', 'שבת'];

function pad(value: number): string {
  return String(value).padStart(2, '0');
}

/** The day a request names, counted from `now` (UTC calendar days), or null. */
function findDay(text: string, now: Date): Date | null {
  const day = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
  const plus = (days: number) => new Date(day.getTime() + days * 86_400_000);
  const iso = /\b(\d{4})-(\d{2})-(\d{2})\b/.exec(text);
  if (iso) return new Date(Date.UTC(Number(iso[1]), Number(iso[2]) - 1, Number(iso[3])));
  if (/\bday after tomorrow\b|מחרתיים/i.test(text)) return plus(2);
  if (/\btomorrow\b|(?<![\p{L}])[וב]?מחר(?![\p{L}])/iu.test(text)) return plus(1);
  if (/\btoday\b|(?<![\p{L}])[וב]?היום(?![\p{L}])/iu.test(text)) return plus(0);
  const english = new RegExp(`\\b(?:next |on |this )?(${ENGLISH_DAYS.join('|')})\\b`, 'i').exec(text);
  const hebrew = new RegExp(`(?<![\\p{L}])[וב]?יום (${HEBREW_DAYS.join('|')})(?![\\p{L}])`, 'u').exec(text);
  const index = english ? ENGLISH_DAYS.indexOf((english[1] ?? '').toLowerCase()) : hebrew ? HEBREW_DAYS.indexOf(hebrew[1] ?? '') : -1;
  if (index < 0) return null;
  const ahead = (index - day.getUTCDay() + 7) % 7 || 7;
  return plus(ahead);
}

/** The time of day a request names, as [hours, minutes], or null. */
function findTime(text: string): [number, number] | null {
  const english =
    /\bat (?<h>\d{1,2})(?::(?<m>\d{2}))?\s*(?<ap>am|pm)?\b/i.exec(text) ??
    /\b(?<h>\d{1,2}):(?<m>\d{2})\s*(?<ap>am|pm)?\b/i.exec(text) ??
    /\b(?<h>\d{1,2})\s*(?<ap>am|pm)\b/i.exec(text);
  if (english?.groups) {
    let hours = Number(english.groups.h);
    const minutes = english.groups.m ? Number(english.groups.m) : 0;
    const suffix = (english.groups.ap ?? '').toLowerCase();
    if (suffix === 'pm' && hours < 12) hours += 12;
    if (suffix === 'am' && hours === 12) hours = 0;
    if (hours < 24 && minutes < 60) return [hours, minutes];
  }
  const hebrew = /(?:בשעה|ב-?)\s*(\d{1,2})(?::(\d{2}))?/u.exec(text);
  if (hebrew) {
    const hours = Number(hebrew[1]);
    const minutes = hebrew[2] ? Number(hebrew[2]) : 0;
    if (hours < 24 && minutes < 60) return [hours, minutes];
  }
  return null;
}

/** A local date-time ("2025-03-04T10:00:00", no zone: the person's own clock), or null when the request names no day. */
export function findMeetingTime(text: string, now: string): string | null {
  const day = findDay(text, new Date(now));
  if (!day) return null;
  const [hours, minutes] = findTime(text) ?? [9, 0];
  return `${day.getUTCFullYear()}-${pad(day.getUTCMonth() + 1)}-${pad(day.getUTCDate())}T${pad(hours)}:${pad(minutes)}:00`;
}
