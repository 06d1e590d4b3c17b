import { z } from 'zod';
import { defineAgent } from '../agent';
import { AgentError } from '../agent-error';
import { CalendarField, TimeZoneField, zoneOf } from './calendar-common';
import { eventsInRange, readRange } from './calendar-list';
import { isoInZone, wallAt, wallToEpoch } from './zoned-time';

const ClockTime = z.string().regex(/^([01]?\d|2[0-3]):[0-5]\d$/, 'write a time as HH:MM, e.g. "09:00"');

const CalendarFreeInput = z.object({
  calendar: CalendarField,
  from: z.string().min(1).describe('Start of the range: "2025-03-24" or "2025-03-24T09:00" in the time zone, or ISO-8601 with an offset.'),
  to: z.string().min(1).describe('End of the range (exclusive), written like `from`.'),
  minMinutes: z.number().int().min(1).max(24 * 60).default(30).describe('Only free slots at least this many minutes long.'),
  timeZone: TimeZoneField,
  workingHours: z
    .object({
      start: ClockTime.describe('When the day starts, e.g. "09:00".'),
      end: ClockTime.describe('When the day ends, e.g. "17:00".'),
      days: z.array(z.number().int().min(0).max(6)).default([1, 2, 3, 4, 5]).describe('Days of the week that count, 0 = Sunday.'),
    })
    .optional()
    .describe('Only look for slots inside these hours on these days (in the time zone).'),
});

const CalendarFreeOutput = z.object({
  slots: z
    .array(z.object({ start: z.string().describe('Start, ISO-8601.'), end: z.string().describe('End, ISO-8601.'), minutes: z.number().int().describe('Length in minutes.') }))
    .describe('Free slots, earliest first.'),
  timeZone: z.string().describe('The time zone of the times shown.'),
  busyEvents: z.number().int().describe('How many events took up time in the range.'),
});

type Interval = [number, number];

/** The parts of `windows` that no busy interval covers. */
export function subtract(windows: Interval[], busy: Interval[]): Interval[] {
  const merged: Interval[] = [];
  for (const [start, end] of [...busy].sort((a, b) => a[0] - b[0])) {
    const last = merged.at(-1);
    if (last && start <= last[1]) last[1] = Math.max(last[1], end);
    else merged.push([start, end]);
  }
  const free: Interval[] = [];
  for (const [windowStart, windowEnd] of windows) {
    let cursor = windowStart;
    for (const [start, end] of merged) {
      if (end <= cursor || start >= windowEnd) continue;
      if (start > cursor) free.push([cursor, Math.min(start, windowEnd)]);
      cursor = Math.max(cursor, end);
      if (cursor >= windowEnd) break;
    }
    if (cursor < windowEnd) free.push([cursor, windowEnd]);
  }
  return free;
}

function workingWindows(fromMs: number, toMs: number, zone: string, hours: { start: string; end: string; days: number[] }): Interval[] {
  const [startHour = 0, startMinute = 0] = hours.start.split(':').map(Number);
  const [endHour = 0, endMinute = 0] = hours.end.split(':').map(Number);
  if (endHour * 60 + endMinute <= startHour * 60 + startMinute) throw new AgentError('workingHours.end must be after workingHours.start.');
  const windows: Interval[] = [];
  const first = wallAt(fromMs, zone);
  for (let day = Date.UTC(first.year, first.month - 1, first.day); ; day += 86_400_000) {
    const date = new Date(day);
    const wall = { year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate(), second: 0 };
    const open = wallToEpoch({ ...wall, hour: startHour, minute: startMinute }, zone);
    if (open >= toMs) break;
    if (!hours.days.includes(date.getUTCDay())) continue;
    const close = wallToEpoch({ ...wall, hour: endHour, minute: endMinute }, zone);
    const start = Math.max(open, fromMs);
    const end = Math.min(close, toMs);
    if (end > start) windows.push([start, end]);
  }
  return windows;
}

/** `calendar.free`: free slots between the events of a range, at least a minimum length, optionally within working hours. */
export const calendarFreeAgent = defineAgent({
  id: 'calendar.free',
  version: '1',
  name: 'Find free time',
  description: "Finds free slots between the events of the workspace's .ics calendars in a range, at least a minimum length, optionally within working hours.",
  capabilities: ['calendar', 'read', 'schedule'],
  input: CalendarFreeInput,
  output: CalendarFreeOutput,
  risk: 'read',
  idempotent: true,
  cacheable: false,
  async execute(input, ctx) {
    const zone = zoneOf(input.timeZone);
    const { fromMs, toMs } = readRange(input.from, input.to, zone);
    const { events } = await eventsInRange(input.calendar, ctx.workspace, fromMs, toMs, zone);
    const busy = events.filter((event) => event.busy && event.status !== 'cancelled');
    const windows = input.workingHours ? workingWindows(fromMs, toMs, zone, input.workingHours) : [[fromMs, toMs] as Interval];
    const slots = subtract(
      windows,
      busy.map((event): Interval => [event.startMs, event.endMs]),
    ).filter(([start, end]) => end - start >= input.minMinutes * 60_000);
    return {
      slots: slots.map(([start, end]) => ({ start: isoInZone(start, zone), end: isoInZone(end, zone), minutes: Math.floor((end - start) / 60_000) })),
      timeZone: zone,
      busyEvents: busy.length,
    };
  },
  simulate: (input) => ({ slots: [], timeZone: input.timeZone ?? 'UTC', busyEvents: 0 }),
});
