/**
 * Cron expressions shown back in words, English and Hebrew. The common shapes get a sentence that
 * the phrase reader understands again ("every Monday and Thursday at 08:30", "כל יום שני וחמישי ב-08:30");
 * anything else is shown as the expression itself.
 */

const EN_NAMES = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const HE_NAMES = ['ראשון', 'שני', 'שלישי', 'רביעי', 'חמישי', 'שישי', 'שבת'];
const DAY_ALIASES: Record<string, number> = { sun: 0, mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6 };

export interface Words {
  en: string;
  he: string;
}

const NUMBER = /^\d{1,2}$/;

function numberList(field: string, max: number): number[] | null {
  const values: number[] = [];
  for (const part of field.split(',')) {
    if (!NUMBER.test(part)) return null;
    const value = Number(part);
    if (value > max) return null;
    values.push(value);
  }
  return [...new Set(values)].sort((a, b) => a - b);
}

/** Day-of-week field → sorted day numbers (0 = Sunday), or null for shapes this module does not put in words. */
function daysOf(field: string): number[] | null {
  const days = new Set<number>();
  const value = (text: string): number | null => {
    const lower = text.toLowerCase();
    if (lower in DAY_ALIASES) return DAY_ALIASES[lower] ?? null;
    if (!NUMBER.test(text) || Number(text) > 7) return null;
    return Number(text) % 7;
  };
  for (const part of field.split(',')) {
    const range = /^(\w+)-(\w+)$/.exec(part);
    if (range) {
      const from = value(range[1] ?? '');
      const to = value(range[2] ?? '');
      if (from === null || to === null) return null;
      const end = to < from ? to + 7 : to;
      for (let day = from; day <= end; day++) days.add(day % 7);
      continue;
    }
    const single = value(part);
    if (single === null) return null;
    days.add(single);
  }
  return [...days].sort((a, b) => a - b);
}

const pad = (value: number) => String(value).padStart(2, '0');

function joinList(items: string[], and: string): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')}${and}${items.at(-1)}`;
}

/** Days in a run of three or more (Sunday to Thursday), else null. */
function runOf(days: number[]): [number, number] | null {
  const first = days[0];
  const last = days.at(-1);
  if (first === undefined || last === undefined || days.length < 3 || last - first !== days.length - 1) return null;
  return [first, last];
}

function daysInWords(days: number[]): Words {
  if (days.length === 7) return { en: 'every day', he: 'כל יום' };
  if (days.join(',') === '1,2,3,4,5') return { en: 'every weekday', he: 'כל יום שני עד שישי' };
  const run = runOf(days);
  if (run) {
    return { en: `every ${EN_NAMES[run[0]]} to ${EN_NAMES[run[1]]}`, he: `כל יום ${HE_NAMES[run[0]]} עד ${HE_NAMES[run[1]]}` };
  }
  const en = `every ${joinList(days.map((day) => EN_NAMES[day] ?? ''), ' and ')}`;
  const heNames = days.map((day, index) => (index === 0 ? (HE_NAMES[day] ?? '') : `ו${HE_NAMES[day] ?? ''}`));
  const he = days.length === 1 && days[0] === 6 ? 'כל שבת' : `כל יום ${heNames.join(' ')}`;
  return { en, he };
}

/** Puts a cron expression in words; `null` when its shape has no sentence here. */
function describe(cron: string): Words | null {
  let fields = cron.trim().split(/\s+/);
  if (fields.length === 6) {
    if (fields[0] !== '0') return null;
    fields = fields.slice(1);
  }
  if (fields.length !== 5) return null;
  const [minute = '', hour = '', dom = '', month = '', dow = ''] = fields;
  if (month !== '*') return null;
  if (minute === '*' && hour === '*' && dom === '*' && dow === '*') return { en: 'every minute', he: 'כל דקה' };
  const minuteStep = /^\*\/(\d{1,2})$/.exec(minute);
  if (minuteStep && hour === '*' && dom === '*' && dow === '*') {
    return { en: `every ${minuteStep[1]} minutes`, he: `כל ${minuteStep[1]} דקות` };
  }
  if (!NUMBER.test(minute) || Number(minute) > 59) return null;
  const atMinute = Number(minute);
  if (hour === '*' && dom === '*' && dow === '*') {
    return atMinute === 0 ? { en: 'every hour', he: 'כל שעה' } : { en: `every hour at minute ${atMinute}`, he: `כל שעה, בדקה ${atMinute}` };
  }
  const hourStep = /^\*\/(\d{1,2})$/.exec(hour);
  if (hourStep && dom === '*' && dow === '*') {
    const en = `every ${hourStep[1]} hours${atMinute === 0 ? '' : ` at minute ${atMinute}`}`;
    return { en, he: atMinute === 0 ? `כל ${hourStep[1]} שעות` : `כל ${hourStep[1]} שעות, בדקה ${atMinute}` };
  }
  const hours = numberList(hour, 23);
  if (!hours) return null;
  const times = hours.map((value) => `${pad(value)}:${pad(atMinute)}`);
  const enTimes = `at ${joinList(times, ' and ')}`;
  const heTimes = times.map((time, index) => (index === 0 ? `ב-${time}` : `וב-${time}`)).join(' ');
  if (dom === '*') {
    const days = dow === '*' ? [0, 1, 2, 3, 4, 5, 6] : daysOf(dow);
    if (!days || days.length === 0) return null;
    const words = daysInWords(days);
    return { en: `${words.en} ${enTimes}`, he: `${words.he} ${heTimes}` };
  }
  const monthDays = numberList(dom, 31);
  if (!monthDays || monthDays.length !== 1 || dow !== '*' || monthDays[0] === 0) return null;
  return { en: `every month on the ${monthDays[0]} ${enTimes}`, he: `בכל ${monthDays[0]} לחודש ${heTimes}` };
}

/** A cron expression in English and Hebrew words (the expression itself when its shape is unusual). */
export function cronToWords(cron: string): Words {
  return describe(cron) ?? { en: `on the cron schedule "${cron.trim()}"`, he: `לפי תזמון ה-cron "${cron.trim()}"` };
}
