import { describe, expect, it } from 'vitest';
import { TizmorError } from '../../../engine/api';
import { phraseToCron } from '../../../engine/triggers/schedule-phrase';
import { cronToWords } from '../../../engine/triggers/schedule-words';
import { resolveSchedule } from '../../../engine/triggers/schedule';

describe('schedule phrases', () => {
  it.each([
    ['every day at 9:00', '0 9 * * *'],
    ['Every day at 9', '0 9 * * *'],
    ['daily at 9am', '0 9 * * *'],
    ['every day at 9:30 pm', '30 21 * * *'],
    ['every day at noon', '0 12 * * *'],
    ['at 7:15 every day', '15 7 * * *'],
    ['every Monday at 8:30', '30 8 * * 1'],
    ['every weekday at 7', '0 7 * * 1-5'],
    ['every weekend at 10', '0 10 * * 0,6'],
    ['every Monday and Thursday at 8:30', '30 8 * * 1,4'],
    ['every Monday, Wednesday and Friday at 18:00', '0 18 * * 1,3,5'],
    ['every Sunday to Thursday at 07:00', '0 7 * * 0-4'],
    ['every day at 9:00 and 17:00', '0 9,17 * * *'],
    ['every month on the 1st at 9:00', '0 9 1 * *'],
    ['every 15 minutes', '*/15 * * * *'],
    ['every minute', '* * * * *'],
    ['every hour', '0 * * * *'],
    ['every 2 hours', '0 */2 * * *'],
    ['כל יום ב-9:00', '0 9 * * *'],
    ['כל יום בשעה 9', '0 9 * * *'],
    ['כל יום ב9 בערב', '0 21 * * *'],
    ['כל יום שני ב-8:30', '30 8 * * 1'],
    ['כל יום שני וחמישי ב-8:30', '30 8 * * 1,4'],
    ['כל יום ראשון עד חמישי ב-7', '0 7 * * 0-4'],
    ['בימי חול ב-7:00', '0 7 * * 0-4'],
    ['כל שבת ב-10:00', '0 10 * * 6'],
    ['כל יום ב-9:00 וב-17:00', '0 9,17 * * *'],
    ['בכל 1 לחודש ב-9:00', '0 9 1 * *'],
    ['כל 15 דקות', '*/15 * * * *'],
    ['כל שעה', '0 * * * *'],
  ])('%s → %s', (phrase, cron) => {
    expect(phraseToCron(phrase)).toBe(cron);
  });

  it.each(['every day', 'sometimes at 9', 'every day at 25:00', 'every day at 9:00 and 17:30', 'כל יום', 'every blursday at 9'])(
    'refuses "%s" with a message that says what would work',
    (phrase) => {
      expect(() => phraseToCron(phrase)).toThrow(TizmorError);
      expect(() => phraseToCron(phrase)).toThrow(/every day at 9:00/);
    },
  );
});

describe('cron in words', () => {
  it.each([
    ['0 9 * * *', 'every day at 09:00', 'כל יום ב-09:00'],
    ['30 8 * * 1', 'every Monday at 08:30', 'כל יום שני ב-08:30'],
    ['0 7 * * 1-5', 'every weekday at 07:00', 'כל יום שני עד שישי ב-07:00'],
    ['0 7 * * SUN-THU', 'every Sunday to Thursday at 07:00', 'כל יום ראשון עד חמישי ב-07:00'],
    ['30 8 * * 1,4', 'every Monday and Thursday at 08:30', 'כל יום שני וחמישי ב-08:30'],
    ['0 10 * * 6', 'every Saturday at 10:00', 'כל שבת ב-10:00'],
    ['0 9,17 * * *', 'every day at 09:00 and 17:00', 'כל יום ב-09:00 וב-17:00'],
    ['0 9 1 * *', 'every month on the 1 at 09:00', 'בכל 1 לחודש ב-09:00'],
    ['*/15 * * * *', 'every 15 minutes', 'כל 15 דקות'],
    ['0 * * * *', 'every hour', 'כל שעה'],
  ])('%s reads "%s" / "%s", and each reads back as the same cron', (cron, en, he) => {
    expect(cronToWords(cron)).toEqual({ en, he });
    const canonical = resolveSchedule({ cron, timeZone: 'UTC' }).cron;
    expect(phraseToCron(en)).toBe(canonical.replace('SUN-THU', '0-4'));
    expect(phraseToCron(he)).toBe(canonical.replace('SUN-THU', '0-4'));
  });

  it('shows an unusual expression as itself', () => {
    expect(cronToWords('0 9 * 1 *').en).toBe('on the cron schedule "0 9 * 1 *"');
  });
});

describe('resolveSchedule', () => {
  it('keeps the phrase, fills the machine zone by default and refuses a zone that does not exist', () => {
    const schedule = resolveSchedule({ phrase: 'every day at 9:00' }, 'Asia/Jerusalem');
    expect(schedule).toMatchObject({ cron: '0 9 * * *', phrase: 'every day at 9:00', timeZone: 'Asia/Jerusalem' });
    expect(() => resolveSchedule({ cron: '0 9 * * *', timeZone: 'Mars/Olympus' })).toThrow(/not a time zone/);
    expect(() => resolveSchedule({ cron: 'nine every day' })).toThrow(/not a cron expression/);
  });
});
