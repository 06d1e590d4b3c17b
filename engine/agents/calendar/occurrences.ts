import ICAL from 'ical.js';
import { isTimeZone, wallToEpoch } from './zoned-time';

/** One event, or one occurrence of a recurring event, at real instants. */
export interface CalendarEvent {
  uid: string;
  calendar: string;
  summary: string;
  description: string | null;
  location: string | null;
  status: 'confirmed' | 'tentative' | 'cancelled';
  /** False for events marked TRANSP:TRANSPARENT (they do not take up time). */
  busy: boolean;
  allDay: boolean;
  recurring: boolean;
  startMs: number;
  endMs: number;
  /** For an occurrence of a recurring event: the start the rule gave it (before any move). */
  recurrenceIdMs: number | null;
}

/** The most occurrences one recurring event is expanded to. */
const MAX_OCCURRENCES = 100_000;
/** An occurrence moved by an exception may land this far before its original time. */
const MOVE_SLACK_MS = 31 * 86_400_000;

/** The TZID parameter of a date property, if any. */
export function tzidOf(component: ICAL.Component, property: string): string | null {
  const value = component.getFirstProperty(property)?.getFirstParameter('tzid');
  return typeof value === 'string' && value !== '' ? value : null;
}

/**
 * The instant an ical.js time names. UTC is UTC; a TZID that is an IANA name is converted with the
 * runtime's time zone data; another TZID uses the calendar's own VTIMEZONE (ical.js); floating times and
 * all-day dates are wall-clock times in `fallbackZone`.
 */
export function timeToEpoch(time: ICAL.Time, tzid: string | null, fallbackZone: string): number {
  const wall = { year: time.year, month: time.month, day: time.day, hour: time.isDate ? 0 : time.hour, minute: time.isDate ? 0 : time.minute, second: time.isDate ? 0 : time.second };
  if (time.isDate) return wallToEpoch(wall, fallbackZone);
  if (time.zone?.tzid === 'UTC') return Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second);
  if (tzid !== null && isTimeZone(tzid)) return wallToEpoch(wall, tzid);
  if (time.zone && time.zone.tzid !== 'floating') return time.toUnixTime() * 1000;
  return wallToEpoch(wall, fallbackZone);
}

function text(component: ICAL.Component, property: string): string | null {
  const value = component.getFirstPropertyValue(property);
  return typeof value === 'string' && value !== '' ? value : null;
}

function statusOf(component: ICAL.Component): CalendarEvent['status'] {
  const status = text(component, 'status')?.toUpperCase();
  if (status === 'CANCELLED') return 'cancelled';
  if (status === 'TENTATIVE') return 'tentative';
  return 'confirmed';
}

function describe(component: ICAL.Component, calendar: string, masterUid: string): Omit<CalendarEvent, 'startMs' | 'endMs' | 'recurrenceIdMs' | 'allDay' | 'recurring'> {
  return {
    uid: text(component, 'uid') ?? masterUid,
    calendar,
    summary: text(component, 'summary') ?? '(no title)',
    description: text(component, 'description'),
    location: text(component, 'location'),
    status: statusOf(component),
    busy: text(component, 'transp')?.toUpperCase() !== 'TRANSPARENT',
  };
}

function overlaps(startMs: number, endMs: number, fromMs: number, toMs: number): boolean {
  if (endMs <= startMs) return startMs >= fromMs && startMs < toMs;
  return startMs < toMs && endMs > fromMs;
}

/** Groups a calendar's VEVENTs into ical.js events, each master with its exceptions (moved or changed occurrences). */
export function eventsOf(root: ICAL.Component): ICAL.Event[] {
  const components = root.getAllSubcomponents('vevent');
  const masters = new Map<string, ICAL.Event>();
  const exceptions: ICAL.Component[] = [];
  const events: ICAL.Event[] = [];
  for (const component of components) {
    if (component.hasProperty('recurrence-id')) exceptions.push(component);
    else {
      const event = new ICAL.Event(component);
      masters.set(event.uid, event);
      events.push(event);
    }
  }
  for (const exception of exceptions) {
    const master = masters.get(text(exception, 'uid') ?? '');
    if (master) master.relateException(exception);
    else events.push(new ICAL.Event(exception));
  }
  return events;
}

/** Every event and occurrence of a calendar that overlaps [fromMs, toMs), recurring events expanded. */
export function expandCalendar(root: ICAL.Component, calendar: string, fromMs: number, toMs: number, fallbackZone: string): CalendarEvent[] {
  const found: CalendarEvent[] = [];
  for (const event of eventsOf(root)) {
    const master = event.component;
    if (!master.hasProperty('dtstart')) continue;
    const startZone = tzidOf(master, 'dtstart');
    const endZone = tzidOf(master, 'dtend') ?? startZone;
    if (!event.isRecurring()) {
      const startMs = timeToEpoch(event.startDate, startZone, fallbackZone);
      const endMs = timeToEpoch(event.endDate, endZone, fallbackZone);
      if (overlaps(startMs, endMs, fromMs, toMs)) {
        found.push({ ...describe(master, calendar, event.uid), startMs, endMs, allDay: event.startDate.isDate, recurring: false, recurrenceIdMs: null });
      }
      continue;
    }
    const iterator = event.iterator();
    for (let count = 0, next = iterator.next(); next && count < MAX_OCCURRENCES; count++, next = iterator.next()) {
      const originalMs = timeToEpoch(next, startZone, fallbackZone);
      if (originalMs >= toMs + MOVE_SLACK_MS) break;
      const details = event.getOccurrenceDetails(next);
      const item = details.item.component;
      const itemStartZone = tzidOf(item, 'dtstart');
      const startMs = timeToEpoch(details.startDate, itemStartZone, fallbackZone);
      const endMs = timeToEpoch(details.endDate, tzidOf(item, 'dtend') ?? itemStartZone, fallbackZone);
      if (!overlaps(startMs, endMs, fromMs, toMs)) continue;
      const status = statusOf(master) === 'cancelled' ? 'cancelled' : statusOf(item);
      found.push({ ...describe(item, calendar, event.uid), status, startMs, endMs, allDay: details.startDate.isDate, recurring: true, recurrenceIdMs: originalMs });
    }
  }
  return found.sort((a, b) => a.startMs - b.startMs || a.endMs - b.endMs);
}
