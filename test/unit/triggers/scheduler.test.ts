import { afterEach, describe, expect, it } from 'vitest';
import type { TriggerFiring } from '../../../engine/api';
import { makeTempDir } from '../../helpers/builders';
import { FakeClock, openTriggerEngine, type TriggerEngine } from './trigger-helpers';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
// Fewer, longer sleeps between looks keep days of fake time quick; the lease outlives them.
const timings = { maxSleepMs: HOUR, leaseMs: 2 * HOUR };

const open: TriggerEngine[] = [];
const folders: Array<() => void> = [];
afterEach(() => {
  for (const engine of open.splice(0)) engine.close();
  for (const remove of folders.splice(0)) remove();
});

async function engineAt(clock: FakeClock, dataDir: string | null = null): Promise<TriggerEngine> {
  const engine = await openTriggerEngine({ dataDir, triggers: { clock, scheduler: timings } });
  open.push(engine);
  return engine;
}

function localTime(iso: string, timeZone: string): string {
  return new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(iso));
}

async function firings(t: TriggerEngine, triggerId?: string): Promise<TriggerFiring[]> {
  await t.engine.triggers.idle();
  return (await t.client.triggers.firings({ workspaceId: t.workspaceId, triggerId, limit: 1000 })).reverse();
}

async function dailyAtNine(t: TriggerEngine, timeZone: string, catchUp?: { policy: 'skip' | 'once' | 'all'; windowHours?: number }) {
  const { trigger } = await t.client.triggers.create({
    workspaceId: t.workspaceId,
    name: 'Daily report',
    kind: 'schedule',
    target: { kind: 'plan', planId: t.planId },
    schedule: { phrase: 'every day at 9:00', timeZone, catchUp },
  });
  return trigger;
}

describe('schedules across a daylight-saving change', () => {
  it('fires "every day at 9:00" at 09:00 local time every day, before and after Berlin moves its clocks', async () => {
    const clock = new FakeClock(Date.parse('2025-03-27T12:00:00Z'));
    const t = await engineAt(clock);
    const trigger = await dailyAtNine(t, 'Europe/Berlin');
    expect(trigger.nextFireAt).toBe('2025-03-28T08:00:00.000Z');
    t.engine.triggers.start();
    clock.advance(6 * DAY);
    const fired = await firings(t);
    expect(fired.map((firing) => firing.scheduledFor)).toEqual([
      '2025-03-28T08:00:00.000Z',
      '2025-03-29T08:00:00.000Z',
      '2025-03-30T07:00:00.000Z',
      '2025-03-31T07:00:00.000Z',
      '2025-04-01T07:00:00.000Z',
      '2025-04-02T07:00:00.000Z',
    ]);
    expect(fired.every((firing) => firing.source === 'schedule' && firing.status === 'started' && firing.runId)).toBe(true);
    expect(new Set(fired.map((firing) => localTime(firing.firedAt, 'Europe/Berlin')))).toEqual(new Set(['09:00']));
    const runs = await t.client.runs.list({ workspaceId: t.workspaceId });
    expect(runs).toHaveLength(6);
    expect(runs.every((run) => run.trigger === 'schedule')).toBe(true);
  });

  it('fires a time that falls in the spring gap once (at 03:30), and a time that happens twice in autumn once', async () => {
    const clock = new FakeClock(Date.parse('2025-03-29T12:00:00Z'));
    const t = await engineAt(clock);
    const { trigger } = await t.client.triggers.create({
      workspaceId: t.workspaceId,
      name: 'Night job',
      kind: 'schedule',
      target: { kind: 'plan', planId: t.planId },
      schedule: { cron: '30 2 * * *', timeZone: 'Europe/Berlin' },
    });
    t.engine.triggers.start();
    clock.advance(2 * DAY);
    expect((await firings(t, trigger.id)).map((firing) => [firing.scheduledFor, localTime(firing.scheduledFor ?? '', 'Europe/Berlin')])).toEqual([
      ['2025-03-30T01:30:00.000Z', '03:30'],
      ['2025-03-31T00:30:00.000Z', '02:30'],
    ]);

    const autumn = new FakeClock(Date.parse('2025-10-25T12:00:00Z'));
    const u = await engineAt(autumn);
    const { trigger: night } = await u.client.triggers.create({
      workspaceId: u.workspaceId,
      name: 'Night job',
      kind: 'schedule',
      target: { kind: 'plan', planId: u.planId },
      schedule: { cron: '30 2 * * *', timeZone: 'Europe/Berlin' },
    });
    u.engine.triggers.start();
    autumn.advance(2 * DAY);
    const fired = await firings(u, night.id);
    expect(fired).toHaveLength(2);
    expect(fired.map((firing) => localTime(firing.scheduledFor ?? '', 'Europe/Berlin'))).toEqual(['02:30', '02:30']);
  });
});

describe('catch-up after the laptop slept for 3 days', () => {
  // Monday 06:00 UTC; the host sleeps from 07:00 until Thursday 12:00, missing four 09:00 firings.
  const start = Date.parse('2025-06-02T06:00:00Z');
  async function sleepThreeDays(catchUp: { policy: 'skip' | 'once' | 'all'; windowHours?: number }) {
    const clock = new FakeClock(start);
    const t = await engineAt(clock);
    const trigger = await dailyAtNine(t, 'UTC', catchUp);
    t.engine.triggers.start();
    clock.advance(HOUR);
    clock.sleep(3 * DAY + 5 * HOUR);
    return { t, clock, trigger, fired: await firings(t) };
  }

  it('skip: starts nothing and shows one skipped firing', async () => {
    const { t, fired } = await sleepThreeDays({ policy: 'skip' });
    expect(fired.map((firing) => [firing.scheduledFor, firing.status, firing.source])).toEqual([['2025-06-05T09:00:00.000Z', 'skipped', 'catch-up']]);
    expect(fired[0]?.error).toMatch(/skip/);
    expect(await t.client.runs.list({ workspaceId: t.workspaceId })).toHaveLength(0);
  });

  it('once: one run for the latest missed time, then the schedule goes on as usual', async () => {
    const { t, clock, fired } = await sleepThreeDays({ policy: 'once' });
    expect(fired.map((firing) => [firing.scheduledFor, firing.status, firing.source])).toEqual([['2025-06-05T09:00:00.000Z', 'started', 'catch-up']]);
    clock.advance(DAY);
    const after = await firings(t);
    expect(after.map((firing) => [firing.scheduledFor, firing.source])).toEqual([
      ['2025-06-05T09:00:00.000Z', 'catch-up'],
      ['2025-06-06T09:00:00.000Z', 'schedule'],
    ]);
    expect(await t.client.runs.list({ workspaceId: t.workspaceId })).toHaveLength(2);
  });

  it('all within a 96 h window: one run for each missed time, oldest first', async () => {
    const { t, fired } = await sleepThreeDays({ policy: 'all', windowHours: 96 });
    expect(fired.map((firing) => [firing.scheduledFor, firing.status, firing.source])).toEqual([
      ['2025-06-02T09:00:00.000Z', 'started', 'catch-up'],
      ['2025-06-03T09:00:00.000Z', 'started', 'catch-up'],
      ['2025-06-04T09:00:00.000Z', 'started', 'catch-up'],
      ['2025-06-05T09:00:00.000Z', 'started', 'catch-up'],
    ]);
    expect(await t.client.runs.list({ workspaceId: t.workspaceId })).toHaveLength(4);
  });

  it('all within a 24 h window: runs only the time inside it and lets the older ones go', async () => {
    const { t, fired } = await sleepThreeDays({ policy: 'all', windowHours: 24 });
    expect(fired.map((firing) => [firing.scheduledFor, firing.status])).toEqual([
      ['2025-06-04T09:00:00.000Z', 'skipped'],
      ['2025-06-05T09:00:00.000Z', 'started'],
    ]);
    expect(await t.client.runs.list({ workspaceId: t.workspaceId })).toHaveLength(1);
  });

  it('catches up when a host starts after the app was closed for 3 days', async () => {
    const { dir, remove } = makeTempDir('tizmor-schedule-');
    folders.push(remove);
    const before = new FakeClock(start);
    const first = await engineAt(before, dir);
    await dailyAtNine(first, 'UTC', { policy: 'once' });
    first.engine.triggers.start();
    before.advance(HOUR);
    first.close();
    open.splice(open.indexOf(first), 1);

    const later = new FakeClock(start + 3 * DAY + 6 * HOUR);
    const second = await engineAt(later, dir);
    expect(await firings(second)).toHaveLength(0);
    second.engine.triggers.start();
    const fired = await firings(second);
    expect(fired.map((firing) => [firing.scheduledFor, firing.source, firing.status])).toEqual([['2025-06-05T09:00:00.000Z', 'catch-up', 'started']]);
  });
});

describe('two hosts on one data folder', () => {
  it('fire each schedule time once; when one host stalls, the other takes the lease over and fills the gap', async () => {
    const { dir, remove } = makeTempDir('tizmor-two-hosts-');
    folders.push(remove);
    const start = Date.parse('2025-06-02T00:00:30Z');
    // Each host has its own timers; the lease compares wall-clock times in the shared database.
    const clockA = new FakeClock(start);
    const clockB = new FakeClock(start);
    const a = await engineAt(clockA, dir);
    const b = await engineAt(clockB, dir);
    const { trigger } = await a.client.triggers.create({
      workspaceId: a.workspaceId,
      name: 'Hourly',
      kind: 'schedule',
      target: { kind: 'plan', planId: a.planId },
      schedule: { phrase: 'every hour', timeZone: 'UTC', catchUp: { policy: 'all', windowHours: 48 } },
    });
    const firedBy = (t: TriggerEngine) => t.events.filter((event) => event.event === 'trigger.fired').length;
    const together = async (hours: number) => {
      for (let hour = 0; hour < hours; hour++) {
        clockA.advance(HOUR);
        clockB.advance(HOUR);
        await a.engine.triggers.idle();
        await b.engine.triggers.idle();
      }
    };
    a.engine.triggers.start();
    b.engine.triggers.start();
    await together(6);
    expect([firedBy(a), firedBy(b)]).toEqual([6, 0]);

    // Host A stalls for 12 hours (its timers do not run); its lease runs out and B carries on, catching up.
    clockB.advance(12 * HOUR);
    await b.engine.triggers.idle();
    clockA.sleep(12 * HOUR);
    await a.engine.triggers.idle();
    await together(6);

    const all = await firings(b, trigger.id);
    expect(all.map((firing) => firing.scheduledFor)).toEqual(Array.from({ length: 24 }, (_, hour) => new Date(start - 30_000 + (hour + 1) * HOUR).toISOString()));
    expect(all.every((firing) => firing.status === 'started')).toBe(true);
    expect([firedBy(a), firedBy(b)]).toEqual([6, 18]);
    expect(await b.client.runs.list({ workspaceId: b.workspaceId, limit: 1000 })).toHaveLength(24);
  });

  it('lets only one of two racing inserts record a schedule time', async () => {
    const { dir, remove } = makeTempDir('tizmor-race-');
    folders.push(remove);
    const clock = new FakeClock(Date.parse('2025-06-02T00:00:00Z'));
    const a = await engineAt(clock, dir);
    const b = await engineAt(clock, dir);
    const trigger = await dailyAtNine(a, 'UTC');
    const firing = (id: string) => ({
      id,
      triggerId: trigger.id,
      workspaceId: a.workspaceId,
      source: 'schedule' as const,
      scheduledFor: '2025-06-02T09:00:00.000Z',
      firedAt: '2025-06-02T09:00:00.000Z',
      status: 'pending' as const,
      runId: null,
      error: null,
      deliveryId: null,
    });
    expect(a.engine.store.triggers.insertFiring(firing('one'))).toBe(true);
    expect(b.engine.store.triggers.insertFiring(firing('two'))).toBe(false);
  });
});
