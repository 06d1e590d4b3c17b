import { describe, expect, it } from 'vitest';
import type { Trigger } from '../api/contract';
import { readScheduleText } from './schedule-text';
import { createInputOf, emptyForm, formOf, isComplete, updateInputOf } from './trigger-form-model';

const scheduleTrigger: Trigger = {
  id: 't1',
  workspaceId: 'w1',
  name: 'Morning',
  kind: 'schedule',
  enabled: true,
  target: { kind: 'plan', planId: 'p1', version: null },
  options: { concurrency: 2 },
  schedule: { cron: '0 9 * * *', phrase: 'כל יום ב-9:00', timeZone: 'Asia/Jerusalem', catchUp: { policy: 'once', windowHours: 24 }, words: { en: 'every day at 09:00', he: 'כל יום ב-09:00' } },
  webhook: null,
  nextFireAt: null,
  lastFiredAt: null,
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
};

describe('the schedule field', () => {
  it('reads cron expressions as cron and everything else as a phrase', () => {
    expect(readScheduleText('0 9 * * 1-5')).toEqual({ cron: '0 9 * * 1-5' });
    expect(readScheduleText(' */15 * * * * ')).toEqual({ cron: '*/15 * * * *' });
    expect(readScheduleText('0 30 8 * * MON')).toEqual({ cron: '0 30 8 * * MON' });
    expect(readScheduleText('@daily')).toEqual({ cron: '@daily' });
    expect(readScheduleText('every day at 9:00')).toEqual({ phrase: 'every day at 9:00' });
    expect(readScheduleText('כל יום ב-9:00')).toEqual({ phrase: 'כל יום ב-9:00' });
    expect(readScheduleText('every Monday at 8:30 pm')).toEqual({ phrase: 'every Monday at 8:30 pm' });
    expect(readScheduleText('   ')).toBeNull();
  });
});

describe('the trigger form', () => {
  it('needs a name, a target and (for a schedule) a schedule', () => {
    const form = { ...emptyForm(), name: 'Daily', planId: 'p1' };
    expect(isComplete(form)).toBe(false);
    expect(isComplete({ ...form, scheduleText: 'every day at 9:00' })).toBe(true);
    expect(isComplete({ ...form, kind: 'webhook' })).toBe(true);
    expect(isComplete({ ...form, kind: 'webhook', targetKind: 'request', request: '  ' })).toBe(false);
  });

  it('creates a schedule trigger with its zone and catch-up, and a webhook trigger without a schedule', () => {
    const form = { ...emptyForm(), name: ' Daily ', planId: 'p1', version: 3, scheduleText: '0 9 * * *', timeZone: 'UTC', catchUpPolicy: 'all' as const, windowHours: 48, autoApprove: true };
    expect(createInputOf(form)).toEqual({
      name: 'Daily',
      kind: 'schedule',
      target: { kind: 'plan', planId: 'p1', version: 3 },
      options: { autoApprove: true },
      schedule: { cron: '0 9 * * *', timeZone: 'UTC', catchUp: { policy: 'all', windowHours: 48 } },
    });
    expect(createInputOf({ ...form, kind: 'webhook', targetKind: 'request', request: 'report on clients' })).toEqual({
      name: 'Daily',
      kind: 'webhook',
      target: { kind: 'request', request: 'report on clients' },
      options: { autoApprove: true },
    });
  });

  it('edits a stored trigger from the phrase it was made from', () => {
    expect(formOf(scheduleTrigger)).toMatchObject({ scheduleText: 'כל יום ב-9:00', timeZone: 'Asia/Jerusalem', catchUpPolicy: 'once', planId: 'p1', version: null });
  });

  it('sends a schedule only when it changed, so an unchanged one keeps counting from where it was', () => {
    const unchanged = updateInputOf(scheduleTrigger, { ...formOf(scheduleTrigger), name: 'Mornings' });
    expect(unchanged).toEqual({ name: 'Mornings', target: { kind: 'plan', planId: 'p1', version: null }, options: { concurrency: 2, autoApprove: false } });

    const catchUpOnly = updateInputOf(scheduleTrigger, { ...formOf(scheduleTrigger), catchUpPolicy: 'skip' });
    expect(catchUpOnly.schedule).toBeUndefined();
    expect(catchUpOnly.catchUp).toEqual({ policy: 'skip', windowHours: 24 });

    const moved = updateInputOf(scheduleTrigger, { ...formOf(scheduleTrigger), scheduleText: '30 8 * * 1' });
    expect(moved.schedule).toEqual({ cron: '30 8 * * 1', timeZone: 'Asia/Jerusalem', catchUp: { policy: 'once', windowHours: 24 } });
  });
});
