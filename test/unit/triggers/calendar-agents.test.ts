import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ICAL from 'ical.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  calendarCancelAgent,
  calendarCreateAgent,
  calendarFreeAgent,
  calendarListAgent,
  calendarMoveAgent,
} from '../../../engine/agents/calendar';
import { AgentError } from '../../../engine/agents/agent-error';
import { makeContext, makeTempWorkspace, rejection, runAgent, type TempWorkspace } from '../agents/fake-context';

const FIXTURES = join(import.meta.dirname, '../../fixtures/calendars');
let space: TempWorkspace;

beforeEach(() => {
  space = makeTempWorkspace();
  for (const name of ['team.ics', 'new-york.ics', 'outlook.ics']) copyFileSync(join(FIXTURES, name), join(space.readDir, name));
});
afterEach(() => space.remove());

const context = (stepId = 'step-1') => makeContext({ workspace: space.workspace, stepId });
const list = (input: Record<string, unknown>) => runAgent(calendarListAgent, input, context());

describe('calendar.list', () => {
  it('expands a weekly event across the DST change, skips an EXDATE and shows a moved occurrence', async () => {
    const { events } = await list({ calendar: 'team.ics', from: '2025-03-24', to: '2025-04-03', timeZone: 'Europe/Berlin' });
    const standups = events.filter((event) => event.uid === 'standup@team.example');
    expect(standups.map((event) => [event.summary, event.start, event.recurrenceId])).toEqual([
      ['Standup', '2025-03-24T09:30:00+01:00', '2025-03-24T09:30:00+01:00'],
      ['Standup (moved)', '2025-03-31T11:00:00+02:00', '2025-03-31T09:30:00+02:00'],
      ['Standup', '2025-04-02T09:30:00+02:00', '2025-04-02T09:30:00+02:00'],
    ]);
    expect(standups.every((event) => event.recurring)).toBe(true);
  });

  it('shows times in the zone asked for, converts an IANA TZID without a VTIMEZONE, and puts floating times in that zone', async () => {
    const { events } = await list({ calendar: 'new-york.ics', from: '2025-03-07', to: '2025-03-12', timeZone: 'UTC' });
    // New York moves its clocks on 9 March: 08:00 local is 13:00 UTC before and 12:00 UTC after.
    expect(events.filter((event) => event.uid === 'ny-call@example.com').map((event) => event.start)).toEqual([
      '2025-03-07T13:00:00Z',
      '2025-03-08T13:00:00Z',
      '2025-03-09T12:00:00Z',
      '2025-03-10T12:00:00Z',
      '2025-03-11T12:00:00Z',
    ]);
    expect(events.find((event) => event.uid === 'floating@example.com')?.start).toBe('2025-03-08T12:30:00Z');
    const inJerusalem = await list({ calendar: 'new-york.ics', from: '2025-03-08', to: '2025-03-09', timeZone: 'Asia/Jerusalem' });
    expect(inJerusalem.events.find((event) => event.uid === 'floating@example.com')?.start).toBe('2025-03-08T12:30:00+02:00');
  });

  it('reads a Windows time zone name through the calendar\'s own VTIMEZONE', async () => {
    const { events } = await list({ calendar: 'outlook.ics', from: '2025-06-12', to: '2025-06-13', timeZone: 'UTC' });
    expect(events.map((event) => [event.summary, event.start, event.end])).toEqual([['Budget meeting', '2025-06-12T08:00:00Z', '2025-06-12T09:00:00Z']]);
  });

  it('reads every calendar of the workspace when none is named, and hides cancelled events unless asked', async () => {
    const all = await list({ from: '2025-03-25', to: '2025-03-26', timeZone: 'UTC' });
    expect(all.calendars.sort()).toEqual(['new-york.ics', 'outlook.ics', 'team.ics']);
    expect(all.events.map((event) => event.summary)).toEqual(['Design review']);
    const withCancelled = await list({ from: '2025-03-25', to: '2025-03-26', timeZone: 'UTC', includeCancelled: true });
    expect(withCancelled.events.map((event) => [event.summary, event.status])).toEqual([
      ['Design review', 'confirmed'],
      ['Dropped sync', 'cancelled'],
    ]);
  });

  it('refuses a calendar outside the workspace folders and a reversed range', async () => {
    copyFileSync(join(FIXTURES, 'team.ics'), join(space.outsideDir, 'secret.ics'));
    expect((await rejection(list({ calendar: join(space.outsideDir, 'secret.ics'), from: '2025-03-01', to: '2025-04-01' }))).message).toMatch(/outside the folders/);
    expect((await rejection(list({ calendar: 'team.ics', from: '2025-04-01', to: '2025-03-01' }))).message).toMatch(/must be after/);
  });
});

describe('calendar.free', () => {
  it('finds slots between events within working hours, ignoring transparent and cancelled ones', async () => {
    const { slots, busyEvents } = await runAgent(
      calendarFreeAgent,
      { calendar: 'team.ics', from: '2025-03-24', to: '2025-03-26', timeZone: 'Europe/Berlin', minMinutes: 60, workingHours: { start: '09:00', end: '17:00' } },
      context(),
    );
    // Monday: standup 09:30-09:45. Tuesday: design review 13:00-14:30 local (the cancelled sync does not count).
    expect(slots.map((slot) => [slot.start, slot.end])).toEqual([
      ['2025-03-24T09:45:00+01:00', '2025-03-24T17:00:00+01:00'],
      ['2025-03-25T09:00:00+01:00', '2025-03-25T13:00:00+01:00'],
      ['2025-03-25T14:30:00+01:00', '2025-03-25T17:00:00+01:00'],
    ]);
    expect(busyEvents).toBe(2);
    const friday = await runAgent(calendarFreeAgent, { calendar: 'team.ics', from: '2025-03-28', to: '2025-03-29', timeZone: 'Europe/Berlin', workingHours: { start: '09:00', end: '17:00' } }, context());
    expect(friday.slots).toEqual([{ start: '2025-03-28T09:00:00+01:00', end: '2025-03-28T17:00:00+01:00', minutes: 480 }]);
  });
});

describe('calendar.create, move and cancel', () => {
  it('adds an event that calendar.list then shows, and a repeated step adds nothing', async () => {
    const input = { calendar: 'team.ics', summary: 'Client call', start: '2025-03-27T15:00', durationMinutes: 30, timeZone: 'Europe/Berlin' };
    const first = await runAgent(calendarCreateAgent, input, context('book'));
    expect(first).toMatchObject({ created: true, calendar: 'team.ics', start: '2025-03-27T15:00:00+01:00', end: '2025-03-27T15:30:00+01:00' });
    const again = await runAgent(calendarCreateAgent, input, context('book'));
    expect(again).toMatchObject({ created: false, uid: first.uid });
    const { events } = await list({ calendar: 'team.ics', from: '2025-03-27', to: '2025-03-28', timeZone: 'Europe/Berlin' });
    expect(events.filter((event) => event.summary === 'Client call')).toHaveLength(1);
    const text = readFileSync(join(space.readDir, 'team.ics'), 'utf8');
    expect(text).toMatch(/\r\nEND:VCALENDAR\r\n$/);
    expect(() => new ICAL.Component(ICAL.parse(text))).not.toThrow();
  });

  it('writes a repeating event in its zone with a VTIMEZONE, so it stays at 09:00 local across DST', async () => {
    const created = await runAgent(
      calendarCreateAgent,
      { calendar: 'plans.ics', summary: 'Planning', start: '2025-10-20T09:00', timeZone: 'America/New_York', recurrence: 'FREQ=WEEKLY;COUNT=4' },
      context(),
    );
    expect(created.calendar).toBe('plans.ics');
    const text = readFileSync(join(space.outputDir, 'plans.ics'), 'utf8');
    expect(text).toContain('DTSTART;TZID=America/New_York:20251020T090000');
    expect(text).toMatch(/BEGIN:VTIMEZONE\r\nTZID:America\/New_York/);
    const { events } = await list({ calendar: join(space.outputDir, 'plans.ics'), from: '2025-10-01', to: '2025-12-01', timeZone: 'UTC' });
    expect(events.map((event) => event.start)).toEqual(['2025-10-20T13:00:00Z', '2025-10-27T13:00:00Z', '2025-11-03T14:00:00Z', '2025-11-10T14:00:00Z']);
    // Another program reading the file through its VTIMEZONE alone gets the same instants.
    const root = new ICAL.Component(ICAL.parse(text));
    const event = new ICAL.Event(root.getFirstSubcomponent('vevent') ?? undefined);
    expect(event.startDate.toJSDate().toISOString()).toBe('2025-10-20T13:00:00.000Z');
  });

  it('moves a single event keeping its length, one occurrence of a series, or the whole series', async () => {
    const single = await runAgent(calendarMoveAgent, { uid: 'review@team.example', start: '2025-03-26T10:00', timeZone: 'Europe/Berlin' }, context());
    expect(single).toMatchObject({ scope: 'event', calendar: 'team.ics', start: '2025-03-26T10:00:00+01:00', end: '2025-03-26T11:30:00+01:00' });

    const occurrence = await runAgent(
      calendarMoveAgent,
      { uid: 'standup@team.example', occurrence: '2025-04-02T09:30:00+02:00', start: '2025-04-02T10:00', timeZone: 'Europe/Berlin' },
      context(),
    );
    expect(occurrence).toMatchObject({ scope: 'occurrence', start: '2025-04-02T10:00:00+02:00', end: '2025-04-02T10:15:00+02:00' });
    const afterOne = await list({ calendar: 'team.ics', from: '2025-03-30', to: '2025-04-08', timeZone: 'Europe/Berlin' });
    expect(afterOne.events.filter((event) => event.uid === 'standup@team.example').map((event) => event.start)).toEqual([
      '2025-03-31T11:00:00+02:00',
      '2025-04-02T10:00:00+02:00',
      '2025-04-07T09:30:00+02:00',
    ]);
    expect((await rejection(runAgent(calendarMoveAgent, { uid: 'standup@team.example', start: '2025-04-02T10:00' }, context()))).message).toMatch(/repeats/);
    const missing = await rejection(runAgent(calendarMoveAgent, { uid: 'standup@team.example', occurrence: '2025-04-03T09:30:00+02:00', start: '2025-04-03T10:00' }, context()));
    expect(missing).toBeInstanceOf(AgentError);
    expect(missing.message).toMatch(/no occurrence/);

    await runAgent(calendarMoveAgent, { uid: 'standup@team.example', series: true, start: '2025-03-17T08:30', timeZone: 'Europe/Berlin' }, context());
    const afterSeries = await list({ calendar: 'team.ics', from: '2025-04-06', to: '2025-04-13', timeZone: 'Europe/Berlin' });
    expect(afterSeries.events.map((event) => event.start)).toEqual(['2025-04-07T08:30:00+02:00', '2025-04-09T08:30:00+02:00']);
  });

  it('cancels one occurrence with an EXDATE, or a whole event with STATUS:CANCELLED', async () => {
    const one = await runAgent(calendarCancelAgent, { uid: 'standup@team.example', occurrence: '2025-04-07T09:30:00+02:00', timeZone: 'Europe/Berlin' }, context());
    expect(one).toMatchObject({ scope: 'occurrence', occurrence: '2025-04-07T09:30:00+02:00' });
    const moved = await runAgent(calendarCancelAgent, { uid: 'standup@team.example', occurrence: '2025-03-31T09:30:00+02:00', timeZone: 'Europe/Berlin' }, context());
    expect(moved.scope).toBe('occurrence');
    const { events } = await list({ calendar: 'team.ics', from: '2025-03-30', to: '2025-04-10', timeZone: 'Europe/Berlin' });
    expect(events.filter((event) => event.uid === 'standup@team.example').map((event) => event.start)).toEqual(['2025-04-02T09:30:00+02:00', '2025-04-09T09:30:00+02:00']);

    expect(await runAgent(calendarCancelAgent, { uid: 'review@team.example' }, context())).toMatchObject({ scope: 'event' });
    const after = await list({ calendar: 'team.ics', from: '2025-03-25', to: '2025-03-26', timeZone: 'UTC', includeCancelled: true });
    expect(after.events.find((event) => event.uid === 'review@team.example')?.status).toBe('cancelled');
    expect(readFileSync(join(space.readDir, 'team.ics'), 'utf8')).toMatch(/EXDATE;TZID=Europe\/Berlin:20250407T093000/);
  });

  it('lets parallel steps edit one calendar without losing an event', async () => {
    await Promise.all(
      Array.from({ length: 12 }, (_, index) =>
        runAgent(calendarCreateAgent, { calendar: 'team.ics', summary: `Slot ${index}`, start: `2025-05-0${(index % 9) + 1}T10:00`, timeZone: 'UTC' }, context(`slot-${index}`)),
      ),
    );
    const { events } = await list({ calendar: 'team.ics', from: '2025-05-01', to: '2025-05-10', timeZone: 'UTC' });
    expect(events.filter((event) => event.summary.startsWith('Slot '))).toHaveLength(12);
  });

  it('asks which calendar when a workspace has several and none is named, and refuses a broken file', async () => {
    expect((await rejection(runAgent(calendarCreateAgent, { summary: 'x', start: '2025-05-01T10:00' }, context()))).message).toMatch(/has 3 calendars; say which one/);
    writeFileSync(join(space.readDir, 'broken.ics'), 'BEGIN:VCALENDAR\r\nthis is not ical\r\n');
    expect((await rejection(list({ calendar: 'broken.ics', from: '2025-01-01', to: '2025-02-01' }))).message).toMatch(/not a valid iCalendar file/);
  });
});
