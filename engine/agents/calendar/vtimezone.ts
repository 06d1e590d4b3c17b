import ICAL from 'ical.js';
import { offsetAt } from './zoned-time';

interface Transition {
  at: number;
  from: number;
  to: number;
}

/** Instants in [fromMs, toMs) where the zone's offset changes, found to the second. */
function transitions(zone: string, fromMs: number, toMs: number): Transition[] {
  const found: Transition[] = [];
  let at = fromMs;
  let offset = offsetAt(at, zone);
  while (at < toMs) {
    const next = at + 86_400_000;
    const nextOffset = offsetAt(next, zone);
    if (nextOffset !== offset) {
      let low = at;
      let high = next;
      while (high - low > 1000) {
        const middle = low + Math.floor((high - low) / 2000) * 1000;
        if (offsetAt(middle, zone) === offset) low = middle;
        else high = middle;
      }
      found.push({ at: high, from: offset, to: nextOffset });
      offset = nextOffset;
    }
    at = next;
  }
  return found;
}

const pad = (value: number, width = 2) => String(value).padStart(width, '0');

function offsetText(ms: number): string {
  const minutes = Math.round(ms / 60_000);
  const sign = minutes < 0 ? '-' : '+';
  return `${sign}${pad(Math.trunc(Math.abs(minutes) / 60))}${pad(Math.abs(minutes) % 60)}`;
}

/** The wall-clock time of an instant at a fixed offset, as iCalendar writes a local time. */
function localText(epochMs: number, offsetMs: number): string {
  const date = new Date(epochMs + offsetMs);
  return `${pad(date.getUTCFullYear(), 4)}${pad(date.getUTCMonth() + 1)}${pad(date.getUTCDate())}T${pad(date.getUTCHours())}${pad(date.getUTCMinutes())}${pad(date.getUTCSeconds())}`;
}

/**
 * A VTIMEZONE for an IANA zone, built from the runtime's time zone data: every offset change from
 * `fromYear` to `toYear`, each as an exact date (DTSTART + RDATE), so other calendar programs read the
 * file's TZID times the same way Tizmor does.
 */
export function buildVTimezone(zone: string, fromYear: number, toYear: number): ICAL.Component {
  const start = Date.UTC(fromYear, 0, 1);
  const changes = transitions(zone, start, Date.UTC(toYear + 1, 0, 1));
  const lines = ['BEGIN:VTIMEZONE', `TZID:${zone}`];
  if (changes.length === 0) {
    const offset = offsetText(offsetAt(start, zone));
    lines.push('BEGIN:STANDARD', `TZOFFSETFROM:${offset}`, `TZOFFSETTO:${offset}`, 'DTSTART:19700101T000000', 'END:STANDARD');
  } else {
    const groups = new Map<string, Transition[]>();
    for (const change of changes) {
      const key = `${change.to > change.from ? 'DAYLIGHT' : 'STANDARD'}|${change.from}|${change.to}`;
      groups.set(key, [...(groups.get(key) ?? []), change]);
    }
    for (const [key, group] of groups) {
      const [kind = 'STANDARD'] = key.split('|');
      const first = group[0];
      if (!first) continue;
      lines.push(`BEGIN:${kind}`, `TZOFFSETFROM:${offsetText(first.from)}`, `TZOFFSETTO:${offsetText(first.to)}`, `DTSTART:${localText(first.at, first.from)}`);
      for (const change of group.slice(1)) lines.push(`RDATE:${localText(change.at, change.from)}`);
      lines.push(`END:${kind}`);
    }
  }
  lines.push('END:VTIMEZONE');
  return new ICAL.Component(ICAL.parse(`${lines.join('\r\n')}\r\n`));
}
