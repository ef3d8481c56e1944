import { describe, expect, it } from 'vitest';
import { addDays, berlinDate } from './calendar-date.js';
import { germanNationwideHolidays, workingDaysUntil } from './working-days.js';

describe('German working days', () => {
  it('know the nationwide holidays, Easter-dependent ones included', () => {
    expect([...germanNationwideHolidays(2026)].sort()).toEqual([
      '2026-01-01', '2026-04-03', '2026-04-06', '2026-05-01', '2026-05-14', '2026-05-25', '2026-10-03', '2026-12-25', '2026-12-26',
    ]);
    expect(germanNationwideHolidays(2025)).toContain('2025-04-18'); // Good Friday 2025
    expect(germanNationwideHolidays(2024)).toContain('2024-05-20'); // Whit Monday 2024
  });

  it('count weekdays after the first date up to the second, skipping holidays', () => {
    expect(workingDaysUntil('2026-03-02', '2026-03-09')).toBe(5); // Monday to Monday
    expect(workingDaysUntil('2026-03-30', '2026-04-10')).toBe(7); // Easter week: Good Friday and Easter Monday off
    expect(workingDaysUntil('2026-12-23', '2027-01-04')).toBe(6); // 24, 28, 29, 30, 31 Dec and 4 Jan
    expect(workingDaysUntil('2026-03-09', '2026-03-02')).toBe(0);
    expect(workingDaysUntil('2026-01-01', '2099-12-31', 15)).toBe(15);
  });

  it('take the date in Germany, not in UTC', () => {
    expect(berlinDate(Date.parse('2026-03-01T23:30:00Z'))).toBe('2026-03-02');
    expect(berlinDate(Date.parse('2026-07-01T21:59:00Z'))).toBe('2026-07-01');
    expect(addDays('2026-02-28', 1)).toBe('2026-03-01');
  });
});
