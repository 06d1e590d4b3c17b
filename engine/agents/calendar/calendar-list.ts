import { z } from 'zod';
import { defineAgent, type WorkspaceAccess } from '../agent';
import { AgentError } from '../agent-error';
import { CalendarField, EventOutput, TimeZoneField, shownPath, toEventOutput, zoneOf } from './calendar-common';
import { calendarPaths, readCalendar } from './ics-file';
import { expandCalendar, type CalendarEvent } from './occurrences';
import { parseTime } from './zoned-time';

const MAX_RANGE_DAYS = 3 * 366;

const CalendarListInput = z.object({
  calendar: CalendarField,
  from: z.string().min(1).describe('Start of the range: "2025-03-24" or "2025-03-24T09:00" in the time zone, or ISO-8601 with an offset.'),
  to: z.string().min(1).describe('End of the range (exclusive), written like `from`.'),
  timeZone: TimeZoneField,
  includeCancelled: z.boolean().default(false).describe('Also list cancelled events and occurrences.'),
  limit: z.number().int().min(1).max(5000).default(500).describe('At most this many events, earliest first.'),
});

const CalendarListOutput = z.object({
  events: z.array(EventOutput).describe('Events overlapping the range, earliest first; recurring events expanded.'),
  timeZone: z.string().describe('The time zone of the times shown.'),
  calendars: z.array(z.string()).describe('The calendar files read.'),
  truncated: z.boolean().describe('True when more events matched than `limit`.'),
});

/** Reads a range of `from`/`to` in a zone, refusing reversed or very long ranges. */
export function readRange(from: string, to: string, zone: string): { fromMs: number; toMs: number } {
  const fromMs = parseTime(from, zone, 'from');
  const toMs = parseTime(to, zone, 'to');
  if (toMs <= fromMs) throw new AgentError(`"to" (${to}) must be after "from" (${from}).`);
  if (toMs - fromMs > MAX_RANGE_DAYS * 86_400_000) throw new AgentError(`The range is longer than ${MAX_RANGE_DAYS} days; ask for a shorter one.`);
  return { fromMs, toMs };
}

/** Events of the named calendar (or all of the workspace's) in a range. */
export async function eventsInRange(calendar: string | undefined, workspace: WorkspaceAccess, fromMs: number, toMs: number, zone: string) {
  const paths = await calendarPaths(calendar, workspace);
  const events: CalendarEvent[] = [];
  for (const path of paths) {
    const document = await readCalendar(path);
    events.push(...expandCalendar(document.root, path, fromMs, toMs, zone));
  }
  return { paths, events: events.sort((a, b) => a.startMs - b.startMs || a.endMs - b.endMs) };
}

/** `calendar.list`: events of local .ics calendars in a time range, recurring ones expanded, in a time zone. */
export const calendarListAgent = defineAgent({
  id: 'calendar.list',
  version: '1',
  name: 'List calendar events',
  description: "Lists the events of the workspace's .ics calendars in a time range, with recurring events expanded and times in a chosen time zone.",
  capabilities: ['calendar', 'read'],
  input: CalendarListInput,
  output: CalendarListOutput,
  risk: 'read',
  idempotent: true,
  // The file may change between runs; a cached answer would show yesterday's calendar.
  cacheable: false,
  async execute(input, ctx) {
    const zone = zoneOf(input.timeZone);
    const { fromMs, toMs } = readRange(input.from, input.to, zone);
    const { paths, events } = await eventsInRange(input.calendar, ctx.workspace, fromMs, toMs, zone);
    const shown = events.filter((event) => input.includeCancelled || event.status !== 'cancelled');
    ctx.log('info', `${shown.length} event${shown.length === 1 ? '' : 's'} in ${paths.length} calendar${paths.length === 1 ? '' : 's'}.`);
    return {
      events: shown.slice(0, input.limit).map((event) => toEventOutput(event, zone, ctx.workspace)),
      timeZone: zone,
      calendars: paths.map((path) => shownPath(path, ctx.workspace)),
      truncated: shown.length > input.limit,
    };
  },
  simulate: (input) => ({ events: [], timeZone: input.timeZone ?? 'UTC', calendars: [], truncated: false }),
});
