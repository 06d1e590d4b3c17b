import type { Language } from '../i18n/i18n';

/** What the person typed in the one schedule field: a cron expression or a phrase. */
export type ScheduleText = { cron: string } | { phrase: string };

const cronField = /^(?:[\d*?/,\-LW#]+|[A-Za-z]{3}(?:[-,][A-Za-z]{3})*)$/;

/**
 * Reads the schedule field: 5 or 6 fields of cron characters (or `@daily` and the like) are a
 * cron expression; anything else ("every day at 9:00", "כל יום ב-9:00") is a phrase.
 */
export function readScheduleText(text: string): ScheduleText | null {
  const trimmed = text.trim();
  if (trimmed === '') return null;
  if (/^@[a-z]+$/i.test(trimmed)) return { cron: trimmed };
  const fields = trimmed.split(/\s+/);
  const looksLikeCron = (fields.length === 5 || fields.length === 6) && fields.every((field) => cronField.test(field)) && /[\d*]/.test(trimmed);
  return looksLikeCron ? { cron: trimmed } : { phrase: trimmed };
}

/** The text to put back in the field when editing a stored schedule: the phrase it came from, else its cron. */
export function scheduleTextOf(schedule: { cron: string; phrase: string | null }): string {
  return schedule.phrase ?? schedule.cron;
}

/** The machine's time zone, as the browser knows it. */
export function localTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

let zones: string[] | null = null;

/** Every IANA time zone the browser knows, UTC first. */
export function timeZones(): string[] {
  if (!zones) {
    const known = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
    zones = ['UTC', ...known.filter((zone) => zone !== 'UTC')];
    const local = localTimeZone();
    if (!zones.includes(local)) zones.push(local);
  }
  return zones;
}

/** A firing time as it reads in the schedule's own time zone: "Thu, 27 Nov, 09:00". */
export function timeInZone(iso: string, timeZone: string, language: Language): string {
  try {
    return new Intl.DateTimeFormat(language, {
      weekday: 'short',
      day: 'numeric',
      month: 'short',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
      timeZone,
    }).format(new Date(iso));
  } catch {
    return new Date(iso).toISOString();
  }
}

