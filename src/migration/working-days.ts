import { addDays } from './calendar-date.js';

/** Easter Sunday of a Gregorian year (the anonymous Gregorian computus), as `YYYY-MM-DD`. */
function easterSunday(year: number): string {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/**
 * The public holidays observed in every German state: New Year, Good Friday, Easter Monday,
 * Labour Day, Ascension, Whit Monday, German Unity Day, Christmas Day and Boxing Day. The
 * states' own holidays are left out, so a count of working days may be a day or two high.
 */
export function germanNationwideHolidays(year: number): ReadonlySet<string> {
  const easter = easterSunday(year);
  const fixed = ['01-01', '05-01', '10-03', '12-25', '12-26'].map((md) => `${year}-${md}`);
  return new Set([...fixed, ...[-2, 1, 39, 50].map((offset) => addDays(easter, offset))]);
}

const isWeekend = (date: string): boolean => [0, 6].includes(new Date(`${date}T00:00:00Z`).getUTCDay());

/**
 * The German working days (Monday to Friday, not a nationwide holiday) after `from` up to and
 * including `to`, counting no further than `atMost`; 0 when `to` is not after `from`.
 */
export function workingDaysUntil(from: string, to: string, atMost = Number.POSITIVE_INFINITY): number {
  let count = 0;
  let year = '';
  let holidays: ReadonlySet<string> = new Set();
  for (let day = addDays(from, 1); day <= to && count < atMost; day = addDays(day, 1)) {
    if (day.slice(0, 4) !== year) {
      year = day.slice(0, 4);
      holidays = germanNationwideHolidays(Number(year));
    }
    if (!isWeekend(day) && !holidays.has(day)) count++;
  }
  return count;
}
