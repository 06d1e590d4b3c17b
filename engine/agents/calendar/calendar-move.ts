import ICAL from 'ical.js';
import { z } from 'zod';
import { defineAgent } from '../agent';
import { AgentError } from '../agent-error';
import {
  CalendarField,
  TimeZoneField,
  addOccurrenceTime,
  calendarWithEvent,
  findOccurrence,
  masterEvent,
  setDate,
  setTime,
  shownPath,
  touch,
  zoneOf,
} from './calendar-common';
import { editCalendar } from './ics-file';
import { timeToEpoch, tzidOf } from './occurrences';
import { isoInZone, parseTime } from './zoned-time';

const CalendarMoveInput = z.object({
  calendar: CalendarField,
  uid: z.string().min(1).describe('The UID of the event (as calendar.list shows it).'),
  occurrence: z.string().min(1).optional().describe("For a recurring event: the occurrence to move, by its recurrenceId from calendar.list."),
  series: z.boolean().default(false).describe('For a recurring event: move every occurrence (the new start is that of the first).'),
  start: z.string().min(1).describe('The new start: "2025-03-24T10:00" in the time zone, ISO-8601 with an offset, or a date for an all-day event.'),
  end: z.string().min(1).optional().describe('The new end; the event keeps its length when left out.'),
  timeZone: TimeZoneField,
});

const CalendarMoveOutput = z.object({
  uid: z.string().describe('The UID of the event.'),
  calendar: z.string().describe('The .ics file it is in.'),
  scope: z.enum(['event', 'occurrence', 'series']).describe('What moved: a single event, one occurrence, or the whole series.'),
  start: z.string().describe('The new start, ISO-8601.'),
  end: z.string().describe('The new end, ISO-8601.'),
});

/** `calendar.move`: moves an event, one occurrence of a recurring event, or a whole series, and writes the file back safely. */
export const calendarMoveAgent = defineAgent({
  id: 'calendar.move',
  version: '1',
  name: 'Move a calendar event',
  description: 'Moves an event of a local .ics calendar to a new time: a single event, one occurrence of a recurring event, or the whole series.',
  capabilities: ['calendar', 'write'],
  input: CalendarMoveInput,
  output: CalendarMoveOutput,
  risk: 'write',
  // Moving to an absolute time twice ends where moving once does.
  idempotent: true,
  async execute(input, ctx) {
    ctx.signal.throwIfAborted();
    const zone = zoneOf(input.timeZone);
    const path = await calendarWithEvent(input.calendar, input.uid, ctx.workspace);
    const result = await editCalendar(path, ({ root }) => {
      const event = masterEvent(root, input.uid, path);
      const master = event.component;
      const startZone = tzidOf(master, 'dtstart');
      const nowMs = Date.now();
      if (event.startDate.isDate) {
        const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(input.start.trim());
        if (!match) throw new AgentError(`"${event.summary}" is an all-day event; give the new start as a date like "2025-03-24".`);
        if (event.isRecurring()) throw new AgentError('Moving an occurrence of a recurring all-day event is not supported; cancel it and create a new event.');
        const days = Math.round((timeToEpoch(event.endDate, null, 'UTC') - timeToEpoch(event.startDate, null, 'UTC')) / 86_400_000) || 1;
        const startMs = Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
        const date = (ms: number) => ({ year: new Date(ms).getUTCFullYear(), month: new Date(ms).getUTCMonth() + 1, day: new Date(ms).getUTCDate() });
        setDate(master, 'dtstart', date(startMs));
        master.removeAllProperties('duration');
        setDate(master, 'dtend', date(startMs + days * 86_400_000));
        touch(master, nowMs);
        const show = (ms: number) => new Date(ms).toISOString().slice(0, 10);
        return { scope: 'event' as const, start: show(startMs), end: show(startMs + days * 86_400_000) };
      }
      const newStart = parseTime(input.start, zone, 'start');
      const originalStart = timeToEpoch(event.startDate, startZone, zone);
      const originalEnd = timeToEpoch(event.endDate, tzidOf(master, 'dtend') ?? startZone, zone);
      let duration = originalEnd - originalStart;
      let target = master;
      let scope: 'event' | 'occurrence' | 'series' = 'event';
      if (event.isRecurring()) {
        if (input.occurrence === undefined && !input.series) {
          throw new AgentError(`"${event.summary}" repeats; give the occurrence to move (its recurrenceId from calendar.list), or series: true to move them all.`);
        }
        if (input.occurrence !== undefined) {
          scope = 'occurrence';
          const occurrence = findOccurrence(event, parseTime(input.occurrence, zone, 'occurrence'), zone);
          const details = event.getOccurrenceDetails(occurrence);
          duration = timeToEpoch(details.endDate, tzidOf(details.item.component, 'dtend') ?? tzidOf(details.item.component, 'dtstart'), zone) - timeToEpoch(details.startDate, tzidOf(details.item.component, 'dtstart'), zone);
          if (details.item.component !== master) target = details.item.component;
          else {
            target = new ICAL.Component('vevent');
            target.addPropertyWithValue('uid', input.uid);
            for (const name of ['summary', 'description', 'location', 'status', 'transp']) {
              const value = master.getFirstPropertyValue(name);
              if (value !== null) target.addPropertyWithValue(name, value);
            }
            addOccurrenceTime(target, 'recurrence-id', occurrence, startZone);
            target.addPropertyWithValue('sequence', Number(master.getFirstPropertyValue('sequence') ?? 0));
            root.addSubcomponent(target);
          }
        } else scope = 'series';
      }
      const newEnd = input.end === undefined ? newStart + duration : parseTime(input.end, zone, 'end');
      if (newEnd <= newStart) throw new AgentError(`The end (${input.end}) must be after the start (${input.start}).`);
      // A moved occurrence is written in UTC; an event or series keeps its IANA TZID (so a series keeps its local time).
      const form = scope === 'occurrence' ? null : tzidOf(target, 'dtstart');
      setTime(target, 'dtstart', newStart, form);
      target.removeAllProperties('duration');
      setTime(target, 'dtend', newEnd, form);
      touch(target, nowMs);
      return { scope, start: isoInZone(newStart, zone), end: isoInZone(newEnd, zone) };
    });
    ctx.log('info', `Moved ${result.scope} ${input.uid} in ${path} to ${result.start}.`);
    return { uid: input.uid, calendar: shownPath(path, ctx.workspace), ...result };
  },
  simulate: (input) => ({ uid: input.uid, calendar: input.calendar ?? 'calendar.ics', scope: 'event' as const, start: input.start, end: input.end ?? input.start }),
});
