import { AgentError } from '../agent-error';

/** A wall-clock time without a zone. Months count from 1. */
export interface WallTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(zone: string): Intl.DateTimeFormat {
  let format = formatters.get(zone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(zone, format);
  }
  return format;
}

/** True when the runtime knows `zone` (an IANA name such as "Europe/Berlin"). */
export function isTimeZone(zone: string): boolean {
  try {
    formatter(zone);
    return true;
  } catch {
    return false;
  }
}

/** The machine's time zone. */
export function machineZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

/** Checks a zone given by a person, in words they can act on. */
export function requireZone(zone: string): string {
  if (!isTimeZone(zone)) throw new AgentError(`"${zone}" is not a time zone; use an IANA name such as "Asia/Jerusalem".`);
  return zone;
}

/** The wall-clock time at an instant in a zone. */
export function wallAt(epochMs: number, zone: string): WallTime {
  const parts: Record<string, number> = {};
  for (const part of formatter(zone).formatToParts(new Date(epochMs))) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  return {
    year: parts.year ?? 1970,
    month: parts.month ?? 1,
    day: parts.day ?? 1,
    hour: parts.hour ?? 0,
    minute: parts.minute ?? 0,
    second: parts.second ?? 0,
  };
}

const wallToUtcMs = (wall: WallTime) => Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second);

/** How far a zone is ahead of UTC at an instant, in milliseconds. */
export function offsetAt(epochMs: number, zone: string): number {
  return wallToUtcMs(wallAt(epochMs, zone)) - Math.floor(epochMs / 1000) * 1000;
}

/**
 * The instant a wall-clock time names in a zone. A time skipped by a spring-forward change is moved
 * forward by the gap (02:30 becomes 03:30); a time that happens twice in autumn is its first occurrence.
 */
export function wallToEpoch(wall: WallTime, zone: string): number {
  const guess = wallToUtcMs(wall);
  const before = guess - offsetAt(guess - 43_200_000, zone);
  const after = guess - offsetAt(guess + 43_200_000, zone);
  const fits = [before, after].filter((epoch) => wallEquals(wallAt(epoch, zone), wall));
  // Both fit in an autumn overlap (take the first); neither in a spring gap (the offset before it moves the time forward).
  return fits.length > 0 ? Math.min(...fits) : before;
}

function wallEquals(a: WallTime, b: WallTime): boolean {
  return a.year === b.year && a.month === b.month && a.day === b.day && a.hour === b.hour && a.minute === b.minute && a.second === b.second;
}

const pad = (value: number, width = 2) => String(Math.abs(value)).padStart(width, '0');

/** "2025-03-24T09:30:00+01:00": an instant shown in a zone, offset included. */
export function isoInZone(epochMs: number, zone: string): string {
  const wall = wallAt(epochMs, zone);
  const offsetMinutes = Math.round(offsetAt(epochMs, zone) / 60_000);
  const sign = offsetMinutes < 0 ? '-' : '+';
  const offset = offsetMinutes === 0 && zone === 'UTC' ? 'Z' : `${sign}${pad(Math.trunc(Math.abs(offsetMinutes) / 60))}:${pad(Math.abs(offsetMinutes) % 60)}`;
  return `${pad(wall.year, 4)}-${pad(wall.month)}-${pad(wall.day)}T${pad(wall.hour)}:${pad(wall.minute)}:${pad(wall.second)}${offset}`;
}

/** "2025-03-24": the date of an instant in a zone. */
export function dateInZone(epochMs: number, zone: string): string {
  const wall = wallAt(epochMs, zone);
  return `${pad(wall.year, 4)}-${pad(wall.month)}-${pad(wall.day)}`;
}

const LOCAL = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?$/;

/**
 * Reads a time a person or a plan gave: ISO-8601 with an offset or Z is an instant; a date, or a date
 * and time without an offset, is a wall-clock time in `zone`.
 */
export function parseTime(text: string, zone: string, field: string): number {
  const trimmed = text.trim();
  const local = LOCAL.exec(trimmed);
  if (local) {
    const wall: WallTime = {
      year: Number(local[1]),
      month: Number(local[2]),
      day: Number(local[3]),
      hour: Number(local[4] ?? 0),
      minute: Number(local[5] ?? 0),
      second: Number(local[6] ?? 0),
    };
    if (wall.month < 1 || wall.month > 12 || wall.day < 1 || wall.day > 31 || wall.hour > 23 || wall.minute > 59 || wall.second > 59) {
      throw new AgentError(`${field} "${text}" is not a date and time.`);
    }
    return wallToEpoch(wall, zone);
  }
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})$/i.test(trimmed)) {
    const epoch = Date.parse(trimmed);
    if (Number.isFinite(epoch)) return epoch;
  }
  throw new AgentError(`${field} "${text}" is not a time; write "2025-03-24T09:30" (in the time zone) or "2025-03-24T09:30:00+02:00".`);
}
