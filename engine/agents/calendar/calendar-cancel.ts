import ICAL from 'ical.js';
import { z } from 'zod';
import { defineAgent } from '../agent';
import { CalendarField, TimeZoneField, addOccurrenceTime, calendarWithEvent, findOccurrence, masterEvent, shownPath, touch, zoneOf } from './calendar-common';
import { editCalendar } from './ics-file';
import { timeToEpoch, tzidOf } from './occurrences';
import { isoInZone, parseTime } from './zoned-time';

const CalendarCancelInput = z.object({
  calendar: CalendarField,
  uid: z.string().min(1).describe('The UID of the event (as calendar.list shows it).'),
  occurrence: z.string().min(1).optional().describe('For a recurring event: cancel only this occurrence, by its recurrenceId from calendar.list.'),
  timeZone: TimeZoneField,
});

const CalendarCancelOutput = z.object({
  uid: z.string().describe('The UID of the event.'),
  calendar: z.string().describe('The .ics file it is in.'),
  scope: z.enum(['event', 'occurrence', 'series']).describe('What was cancelled.'),
  occurrence: z.string().nullable().describe('The cancelled occurrence, for a recurring event.'),
});

/** `calendar.cancel`: cancels an event (kept, marked STATUS:CANCELLED), or one occurrence of a recurring event (an EXDATE). */
export const calendarCancelAgent = defineAgent({
  id: 'calendar.cancel',
  version: '1',
  name: 'Cancel a calendar event',
  description: 'Cancels an event of a local .ics calendar (kept and marked cancelled), or only one occurrence of a recurring event, writing the file back safely.',
  capabilities: ['calendar', 'write'],
  input: CalendarCancelInput,
  output: CalendarCancelOutput,
  risk: 'write',
  idempotent: true,
  async execute(input, ctx) {
    ctx.signal.throwIfAborted();
    const zone = zoneOf(input.timeZone);
    const path = await calendarWithEvent(input.calendar, input.uid, ctx.workspace);
    const result = await editCalendar(path, ({ root }) => {
      const event = masterEvent(root, input.uid, path);
      const master = event.component;
      const nowMs = Date.now();
      if (event.isRecurring() && input.occurrence !== undefined) {
        const startZone = tzidOf(master, 'dtstart');
        const originalMs = parseTime(input.occurrence, zone, 'occurrence');
        const occurrence = findOccurrence(event, originalMs, zone);
        const already = master
          .getAllProperties('exdate')
          .some((property) => property.getValues().some((value: unknown) => value instanceof ICAL.Time && timeToEpoch(value, startZone, zone) === originalMs));
        if (!already) addOccurrenceTime(master, 'exdate', occurrence, startZone);
        for (const exception of root.getAllSubcomponents('vevent')) {
          if (exception.getFirstPropertyValue('uid') !== input.uid || !exception.hasProperty('recurrence-id')) continue;
          const recurrenceId = exception.getFirstPropertyValue('recurrence-id');
          if (recurrenceId instanceof ICAL.Time && timeToEpoch(recurrenceId, tzidOf(exception, 'recurrence-id'), zone) === originalMs) {
            root.removeSubcomponent(exception);
          }
        }
        touch(master, nowMs);
        return { scope: 'occurrence' as const, occurrence: isoInZone(originalMs, zone) };
      }
      master.updatePropertyWithValue('status', 'CANCELLED');
      touch(master, nowMs);
      return { scope: event.isRecurring() ? ('series' as const) : ('event' as const), occurrence: null };
    });
    ctx.log('info', `Cancelled ${result.scope} ${input.uid} in ${path}.`);
    return { uid: input.uid, calendar: shownPath(path, ctx.workspace), ...result };
  },
  simulate: (input) => ({ uid: input.uid, calendar: input.calendar ?? 'calendar.ics', scope: 'event' as const, occurrence: input.occurrence ?? null }),
});
