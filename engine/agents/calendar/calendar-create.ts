import ICAL from 'ical.js';
import { z } from 'zod';
import { defineAgent } from '../agent';
import { AgentError } from '../agent-error';
import { TimeZoneField, ensureTimezone, setDate, setTime, shownPath, stableUid, stamp, zoneOf } from './calendar-common';
import { calendarForNewEvent, editCalendar } from './ics-file';
import { isoInZone, parseTime } from './zoned-time';

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

const CalendarCreateInput = z.object({
  calendar: z.string().min(1).optional().describe("The .ics file to add to; the workspace's only calendar, or a new calendar.ics in the output folder, when left out."),
  summary: z.string().trim().min(1).max(500).describe('The event title.'),
  start: z.string().min(1).describe('Start: "2025-03-24T09:30" in the time zone, ISO-8601 with an offset, or "2025-03-24" for an all-day event.'),
  end: z.string().min(1).optional().describe('End, written like `start`; `durationMinutes` after the start when left out.'),
  durationMinutes: z.number().int().min(1).max(60 * 24 * 31).default(60).describe('Length when `end` is left out.'),
  timeZone: TimeZoneField,
  location: z.string().max(500).optional().describe('Where it takes place.'),
  description: z.string().max(10_000).optional().describe('Notes.'),
  recurrence: z
    .string()
    .max(500)
    .optional()
    .describe('An iCalendar RRULE for a repeating event, e.g. "FREQ=WEEKLY;BYDAY=MO;COUNT=10"; its times follow the time zone across daylight-saving changes.'),
  uid: z.string().min(1).max(300).optional().describe('The event UID; one derived from the step when left out (so a repeated step does not add a second event).'),
});

const CalendarCreateOutput = z.object({
  uid: z.string().describe('The UID of the event.'),
  calendar: z.string().describe('The .ics file it is in.'),
  start: z.string().describe('Start, ISO-8601.'),
  end: z.string().describe('End, ISO-8601.'),
  created: z.boolean().describe('False when an event with this UID was already there (a repeated step), which is left as it was.'),
});

function dateParts(text: string, field: string) {
  const match = DATE.exec(text.trim());
  if (!match) throw new AgentError(`${field} "${text}" is not a date like "2025-03-24" (an all-day event takes dates).`);
  return { year: Number(match[1]), month: Number(match[2]), day: Number(match[3]) };
}

function recurrenceOf(text: string): ICAL.Recur {
  try {
    const recur = ICAL.Recur.fromString(text.replace(/^RRULE:/i, ''));
    if (!recur.freq) throw new Error('it has no FREQ');
    return recur;
  } catch (error) {
    throw new AgentError(`"${text}" is not an RRULE such as "FREQ=WEEKLY;BYDAY=MO": ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** `calendar.create`: adds an event (or a repeating one) to a local .ics calendar, written back atomically. */
export const calendarCreateAgent = defineAgent({
  id: 'calendar.create',
  version: '1',
  name: 'Create a calendar event',
  description: 'Adds an event, all-day or timed, once or repeating, to a local .ics calendar of the workspace and writes the file back safely.',
  capabilities: ['calendar', 'write'],
  input: CalendarCreateInput,
  output: CalendarCreateOutput,
  risk: 'write',
  // The UID comes from the step, so running it again finds its own event instead of adding another.
  idempotent: true,
  async execute(input, ctx) {
    ctx.signal.throwIfAborted();
    const zone = zoneOf(input.timeZone);
    const allDay = DATE.test(input.start.trim());
    const path = await calendarForNewEvent(input.calendar, ctx.workspace);
    const uid = input.uid ?? stableUid(ctx.idempotencyKey);
    const recurrence = input.recurrence === undefined ? null : recurrenceOf(input.recurrence);
    let startMs: number;
    let endMs: number;
    if (allDay) {
      const startDate = dateParts(input.start, 'start');
      startMs = Date.UTC(startDate.year, startDate.month - 1, startDate.day);
      const endDate = input.end === undefined ? null : dateParts(input.end, 'end');
      endMs = endDate ? Date.UTC(endDate.year, endDate.month - 1, endDate.day) : startMs + 86_400_000;
    } else {
      startMs = parseTime(input.start, zone, 'start');
      endMs = input.end === undefined ? startMs + input.durationMinutes * 60_000 : parseTime(input.end, zone, 'end');
    }
    if (endMs <= startMs) throw new AgentError(`The end (${input.end}) must be after the start (${input.start}).`);
    const show = (ms: number) => (allDay ? new Date(ms).toISOString().slice(0, 10) : isoInZone(ms, zone));

    const created = await editCalendar(path, ({ root }) => {
      if (root.getAllSubcomponents('vevent').some((component) => component.getFirstPropertyValue('uid') === uid)) return false;
      const event = new ICAL.Component('vevent');
      event.addPropertyWithValue('uid', uid);
      event.addPropertyWithValue('summary', input.summary);
      if (allDay) {
        const toDate = (ms: number) => ({ year: new Date(ms).getUTCFullYear(), month: new Date(ms).getUTCMonth() + 1, day: new Date(ms).getUTCDate() });
        setDate(event, 'dtstart', toDate(startMs));
        setDate(event, 'dtend', toDate(endMs));
      } else {
        // A repeating event keeps its wall-clock time in its zone; a single one is written in UTC.
        const tzid = recurrence ? zone : null;
        if (tzid && tzid !== 'UTC') ensureTimezone(root, tzid, startMs);
        setTime(event, 'dtstart', startMs, tzid === 'UTC' ? null : tzid);
        setTime(event, 'dtend', endMs, tzid === 'UTC' ? null : tzid);
      }
      if (recurrence) event.addPropertyWithValue('rrule', recurrence);
      if (input.location) event.addPropertyWithValue('location', input.location);
      if (input.description) event.addPropertyWithValue('description', input.description);
      event.addPropertyWithValue('sequence', 0);
      stamp(event, Date.now());
      root.addSubcomponent(event);
      return true;
    });
    ctx.log('info', created ? `Added "${input.summary}" to ${path}.` : `${path} already has the event ${uid}; left it as it was.`);
    return { uid, calendar: shownPath(path, ctx.workspace), start: show(startMs), end: show(endMs), created };
  },
  simulate: (input) => ({ uid: input.uid ?? 'simulated@tizmor', calendar: input.calendar ?? 'calendar.ics', start: input.start, end: input.end ?? input.start, created: true }),
});
