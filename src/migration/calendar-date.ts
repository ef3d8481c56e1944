import { z } from 'zod';

/** Dates of the porting process are German calendar dates, as the providers write them. */
const portingTimeZone = 'Europe/Berlin';

const berlinDay = new Intl.DateTimeFormat('en-CA', { timeZone: portingTimeZone, year: 'numeric', month: '2-digit', day: '2-digit' });

/** The calendar date (`YYYY-MM-DD`) in Germany at this instant (milliseconds since the epoch). */
export function berlinDate(epochMs: number): string {
  return berlinDay.format(epochMs);
}

/** The date `days` days after `date` (both `YYYY-MM-DD`). */
export function addDays(date: string, days: number): string {
  const ms = Date.parse(`${date}T00:00:00Z`) + days * 86_400_000;
  return new Date(ms).toISOString().slice(0, 10);
}

/** A calendar date `YYYY-MM-DD` that exists. */
export const calendarDateSchema = z
  .string({ error: 'must be a date YYYY-MM-DD' })
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD')
  .refine((text) => !Number.isNaN(Date.parse(`${text}T00:00:00Z`)) && new Date(`${text}T00:00:00Z`).toISOString().startsWith(text), 'is not a calendar date');

/** `30.06.2026`: a date as German forms write it. */
export function germanDate(date: string): string {
  const [year, month, day] = date.split('-');
  return `${day}.${month}.${year}`;
}
