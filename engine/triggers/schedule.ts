import { Cron } from 'croner';
import { TizmorError, type ScheduleInput } from '../api';
import { isTimeZone, machineTimeZone } from './clock';
import { phraseToCron } from './schedule-phrase';
import { cronToWords, type Words } from './schedule-words';

/** A checked schedule: its cron, the phrase it came from, its time zone and its words. */
export interface ResolvedSchedule {
  cron: string;
  phrase: string | null;
  timeZone: string;
  words: Words;
}

/** A cron expression bound to a time zone; computes firing times (croner does the calendar and DST arithmetic). */
export class CronSchedule {
  private readonly cron: Cron;

  constructor(
    readonly expression: string,
    readonly timeZone: string,
  ) {
    try {
      this.cron = new Cron(expression, { timezone: timeZone, paused: true, legacyMode: true });
    } catch (error) {
      throw new TizmorError('bad_input', `"${expression}" is not a cron expression croner understands: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  /** The first firing strictly after `afterMs`, or null if there is none. */
  next(afterMs: number): number | null {
    return this.cron.nextRun(new Date(afterMs))?.getTime() ?? null;
  }

  /** Firings in (fromMs, toMs], oldest first, at most `limit` (the newest ones are dropped past it). */
  between(fromMs: number, toMs: number, limit: number): number[] {
    const times: number[] = [];
    let cursor = fromMs;
    while (times.length < limit) {
      const next = this.next(cursor);
      if (next === null || next > toMs) break;
      times.push(next);
      cursor = next;
    }
    return times;
  }

  /** The latest firing in (fromMs, toMs], found without walking every firing of a long gap. */
  latestBetween(fromMs: number, toMs: number): number | null {
    for (const back of [60_000, 3_600_000, 86_400_000, 7 * 86_400_000, 32 * 86_400_000, 367 * 86_400_000, Infinity]) {
      const start = Math.max(fromMs, toMs - back);
      const found = this.between(start, toMs, 100_000);
      if (found.length > 0) return found.at(-1) ?? null;
      if (start === fromMs) return null;
    }
    return null;
  }
}

/** Checks a schedule as given (cron or phrase, zone) and fills in the zone and the words. */
export function resolveSchedule(input: ScheduleInput, defaultZone = machineTimeZone()): ResolvedSchedule {
  const timeZone = input.timeZone ?? defaultZone;
  if (!isTimeZone(timeZone)) throw new TizmorError('bad_input', `"${timeZone}" is not a time zone; use an IANA name such as "Asia/Jerusalem" or "Europe/Berlin".`);
  const phrase = input.phrase?.trim() || null;
  const cron = phrase !== null ? phraseToCron(phrase) : (input.cron ?? '').trim();
  if (cron === '') throw new TizmorError('bad_input', 'A schedule needs a cron expression or a phrase.');
  const schedule = new CronSchedule(cron, timeZone);
  if (schedule.next(Date.now()) === null) throw new TizmorError('bad_input', `The schedule "${cron}" never fires.`);
  return { cron, phrase, timeZone, words: cronToWords(cron) };
}
