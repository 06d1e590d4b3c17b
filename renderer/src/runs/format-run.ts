import type { Language } from '../i18n/i18n';

/** "850 ms", "4.2 s", "3 min 05 s", "1 h 02 min"; in Hebrew with Hebrew units, so the text reads right to left. */
export function formatDuration(ms: number | null | undefined, language: Language = 'en'): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return '—';
  const units = language === 'he' ? { ms: 'מ״ש', s: 'שנ׳', min: 'דק׳', h: 'שע׳' } : { ms: 'ms', s: 's', min: 'min', h: 'h' };
  const value = Math.max(0, ms);
  if (value < 1000) return `${Math.round(value)} ${units.ms}`;
  if (value < 60_000) return `${(value / 1000).toFixed(value < 10_000 ? 1 : 0)} ${units.s}`;
  const seconds = Math.floor(value / 1000);
  if (seconds < 3600) return `${Math.floor(seconds / 60)} ${units.min} ${String(seconds % 60).padStart(2, '0')} ${units.s}`;
  return `${Math.floor(seconds / 3600)} ${units.h} ${String(Math.floor((seconds % 3600) / 60)).padStart(2, '0')} ${units.min}`;
}

/** Milliseconds between two ISO times (the second defaults to now). */
export function between(from: string | null | undefined, to: string | null | undefined, now = Date.now()): number | null {
  if (!from) return null;
  return (to ? Date.parse(to) : now) - Date.parse(from);
}

export function formatCost(usd: number, language: Language): string {
  const digits = usd === 0 ? 2 : usd < 0.01 ? 4 : 2;
  return new Intl.NumberFormat(language, { style: 'currency', currency: 'USD', minimumFractionDigits: digits, maximumFractionDigits: digits }).format(usd);
}

export function formatCount(value: number, language: Language): string {
  return new Intl.NumberFormat(language).format(value);
}

/** A clock time with seconds, for log lines. */
export function clockTime(iso: string, language: Language): string {
  const date = new Date(iso);
  const time = new Intl.DateTimeFormat(language, { hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false }).format(date);
  return `${time}.${String(date.getMilliseconds()).padStart(3, '0')}`;
}

/** Any value as readable JSON. */
export function prettyJson(value: unknown): string {
  if (value === undefined) return '';
  try {
    return JSON.stringify(value, null, 2) ?? String(value);
  } catch {
    return String(value);
  }
}
