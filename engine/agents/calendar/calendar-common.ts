import { createHash } from 'node:crypto';
import { relative } from 'node:path';
import ICAL from 'ical.js';
import { z } from 'zod';
import type { WorkspaceAccess } from '../agent';
import { AgentError } from '../agent-error';
import { calendarPaths, readCalendar } from './ics-file';
import { eventsOf, timeToEpoch, tzidOf, type CalendarEvent } from './occurrences';
import { isInside } from '../builtin/workspace-paths';
import { isTimeZone, isoInZone, machineZone, requireZone, wallAt } from './zoned-time';
import { buildVTimezone } from './vtimezone';

/** Input fields every calendar agent shares. */
export const CalendarField = z
  .string()
  .min(1)
  .optional()
  .describe('The .ics file, relative to the first read folder or absolute inside the workspace folders; all calendars of the workspace when left out.');
export const TimeZoneField = z
  .string()
  .min(1)
  .optional()
  .describe('IANA time zone for times written without an offset and for the times returned, e.g. "Asia/Jerusalem"; the machine\'s by default.');

/** An event as the calendar agents return it. */
export const EventOutput = z.object({
  uid: z.string().describe('The event UID (the same for every occurrence of a recurring event).'),
  calendar: z.string().describe('The .ics file it is in.'),
  summary: z.string().describe('The title.'),
  description: z.string().nullable().describe('The description, if any.'),
  location: z.string().nullable().describe('The location, if any.'),
  start: z.string().describe('Start, ISO-8601 with the offset of the requested time zone.'),
  end: z.string().describe('End, ISO-8601 with the offset of the requested time zone.'),
  allDay: z.boolean().describe('True for a whole-day event.'),
  recurring: z.boolean().describe('True for an occurrence of a recurring event.'),
  recurrenceId: z.string().nullable().describe('For an occurrence: its original start, which calendar.move and calendar.cancel take as `occurrence`.'),
  status: z.enum(['confirmed', 'tentative', 'cancelled']).describe('The event status.'),
  busy: z.boolean().describe('False when the event does not block time (TRANSP:TRANSPARENT).'),
});
export type EventOutput = z.infer<typeof EventOutput>;

export function zoneOf(requested: string | undefined): string {
  return requireZone(requested ?? machineZone());
}

/** A calendar path as shown to the person: relative to the folder it was found in. */
export function shownPath(path: string, workspace: WorkspaceAccess): string {
  for (const folder of [...workspace.readFolders, workspace.outputDir]) {
    if (isInside(folder, path)) return relative(folder, path) || path;
  }
  return path;
}

export function toEventOutput(event: CalendarEvent, zone: string, workspace: WorkspaceAccess): EventOutput {
  return {
    uid: event.uid,
    calendar: shownPath(event.calendar, workspace),
    summary: event.summary,
    description: event.description,
    location: event.location,
    start: isoInZone(event.startMs, zone),
    end: isoInZone(event.endMs, zone),
    allDay: event.allDay,
    recurring: event.recurring,
    recurrenceId: event.recurrenceIdMs === null ? null : isoInZone(event.recurrenceIdMs, zone),
    status: event.status,
    busy: event.busy,
  };
}

/** The calendar that holds the event with `uid` (searching all of them when none is named). */
export async function calendarWithEvent(requested: string | undefined, uid: string, workspace: WorkspaceAccess): Promise<string> {
  const holding: string[] = [];
  for (const path of await calendarPaths(requested, workspace)) {
    const document = await readCalendar(path).catch(() => null);
    if (document?.root.getAllSubcomponents('vevent').some((component) => component.getFirstPropertyValue('uid') === uid)) holding.push(path);
  }
  if (holding.length === 0) throw new AgentError(`No calendar${requested ? ` at ${requested}` : ' of this workspace'} has an event with UID "${uid}".`, { details: { uid } });
  if (holding.length > 1) throw new AgentError(`Several calendars have an event with UID "${uid}"; say which one: ${holding.join(', ')}.`, { details: { uid, calendars: holding } });
  return holding[0] ?? '';
}

/** The master event (not a moved occurrence) with `uid`. */
export function masterEvent(root: ICAL.Component, uid: string, path: string): ICAL.Event {
  const event = eventsOf(root).find((item) => item.uid === uid && !item.component.hasProperty('recurrence-id'));
  if (!event) throw new AgentError(`${path} has no event with UID "${uid}".`, { details: { uid } });
  return event;
}

/** The occurrence of a recurring event whose original start is `originalMs`. */
export function findOccurrence(event: ICAL.Event, originalMs: number, fallbackZone: string): ICAL.Time {
  const zone = tzidOf(event.component, 'dtstart');
  const iterator = event.iterator();
  for (let count = 0, next = iterator.next(); next && count < 100_000; count++, next = iterator.next()) {
    const at = timeToEpoch(next, zone, fallbackZone);
    if (at === originalMs) return next;
    if (at > originalMs) break;
  }
  throw new AgentError(`Event "${event.summary}" has no occurrence starting ${isoInZone(originalMs, fallbackZone)}; calendar.list shows each occurrence's recurrenceId.`);
}

/** Sets a date-time property to an instant: in the TZID given (an IANA zone), or in UTC. */
export function setTime(component: ICAL.Component, name: string, epochMs: number, tzid: string | null): void {
  component.removeAllProperties(name);
  const property = new ICAL.Property(name, component);
  if (tzid !== null && isTimeZone(tzid)) {
    const wall = wallAt(epochMs, tzid);
    property.setParameter('tzid', tzid);
    property.setValue(ICAL.Time.fromData({ ...wall, isDate: false }));
  } else {
    const wall = wallAt(epochMs, 'UTC');
    property.setValue(ICAL.Time.fromData({ ...wall, isDate: false }, ICAL.Timezone.utcTimezone));
  }
  component.addProperty(property);
}

/** Sets an all-day date property. */
export function setDate(component: ICAL.Component, name: string, date: { year: number; month: number; day: number }): void {
  component.removeAllProperties(name);
  const property = new ICAL.Property(name, component);
  property.resetType('date');
  property.setValue(ICAL.Time.fromData({ ...date, isDate: true }));
  component.addProperty(property);
}

/** Adds a property holding an occurrence's original time, in the master's form (RECURRENCE-ID, EXDATE). */
export function addOccurrenceTime(component: ICAL.Component, name: string, time: ICAL.Time, tzid: string | null): void {
  const property = new ICAL.Property(name, component);
  if (time.isDate) property.resetType('date');
  if (tzid !== null && time.zone?.tzid !== 'UTC') property.setParameter('tzid', tzid);
  property.setValue(time.clone());
  component.addProperty(property);
}

/** Sets DTSTAMP and LAST-MODIFIED to now. */
export function stamp(component: ICAL.Component, nowMs: number): void {
  const now = ICAL.Time.fromData({ ...wallAt(nowMs, 'UTC'), isDate: false }, ICAL.Timezone.utcTimezone);
  component.updatePropertyWithValue('dtstamp', now);
  component.updatePropertyWithValue('last-modified', now.clone());
}

/** Marks a change the way calendar programs expect: a higher SEQUENCE and a fresh DTSTAMP / LAST-MODIFIED. */
export function touch(component: ICAL.Component, nowMs: number): void {
  const sequence = Number(component.getFirstPropertyValue('sequence') ?? 0);
  component.updatePropertyWithValue('sequence', Number.isFinite(sequence) ? sequence + 1 : 1);
  stamp(component, nowMs);
}

/** Adds a VTIMEZONE for an IANA zone unless the calendar already defines that TZID. */
export function ensureTimezone(root: ICAL.Component, zone: string, aroundMs: number): void {
  if (root.getAllSubcomponents('vtimezone').some((component) => component.getFirstPropertyValue('tzid') === zone)) return;
  const year = new Date(aroundMs).getUTCFullYear();
  const vtimezone = buildVTimezone(zone, year - 1, year + 10);
  // VTIMEZONEs come before the events that use them.
  const others = root.getAllSubcomponents();
  root.removeAllSubcomponents();
  root.addSubcomponent(vtimezone);
  for (const component of others) root.addSubcomponent(component);
}

/** A UID that is the same for every attempt of one step, so a repeated create finds its own event. */
export function stableUid(idempotencyKey: string): string {
  return `${createHash('sha256').update(idempotencyKey).digest('hex').slice(0, 24)}@tizmor`;
}
