import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { bankHolidays } from './bank-holidays';
import { addLocalDays } from './london';
import { WorkingDayCalendar } from './working-days';

const calendar = new WorkingDayCalendar();
const at = (iso: string): Date => new Date(iso);
const iso = (date: Date): string => date.toISOString();

describe('WorkingDayCalendar.isWorkingDay', () => {
  it('counts Monday to Friday and skips weekends', () => {
    expect(calendar.isWorkingDay('2026-11-20')).toBe(true); // Friday
    expect(calendar.isWorkingDay('2026-11-21')).toBe(false); // Saturday
    expect(calendar.isWorkingDay('2026-11-22')).toBe(false); // Sunday
    expect(calendar.isWorkingDay('2026-11-23')).toBe(true); // Monday
  });

  it.each([
    ['2026-04-03', 'Good Friday 2026'],
    ['2026-04-06', 'Easter Monday 2026'],
    ['2026-12-25', 'Christmas Day 2026 (Friday)'],
    ['2026-12-28', 'Boxing Day 2026 substitute (Monday)'],
    ['2021-12-27', 'Christmas Day 2021 substitute'],
    ['2021-12-28', 'Boxing Day 2021 substitute'],
    ['2022-12-26', 'Boxing Day 2022'],
    ['2022-12-27', 'Christmas Day 2022 substitute'],
    ['2022-09-19', 'State Funeral of Queen Elizabeth II'],
    ['2023-05-08', 'Coronation of King Charles III'],
    ['2020-05-08', 'VE Day 75 (Early May bank holiday moved)'],
    ['2022-06-03', 'Platinum Jubilee'],
    ['2012-06-04', 'Spring bank holiday moved for the Diamond Jubilee (one-off list)'],
    ['2011-04-29', 'Royal Wedding (one-off list)'],
    ['1999-12-31', 'Millennium (one-off list)'],
  ])('treats %s (%s) as a bank holiday', (date) => {
    expect(calendar.isWorkingDay(date)).toBe(false);
  });

  it.each([
    ['2020-05-04', 'the usual Early May Monday in 2020, moved to 8 May'],
    ['2012-05-28', 'the usual Spring Monday in 2012, moved to 4 June (date-holidays gets this wrong)'],
    ['2002-05-27', 'the usual Spring Monday in 2002, moved to 3 June'],
    ['2026-12-24', 'Christmas Eve'],
    ['2026-12-29', 'the Tuesday after the 2026 Boxing Day substitute'],
  ])('treats %s (%s) as a working day', (date) => {
    expect(calendar.isWorkingDay(date)).toBe(true);
  });

  it('rejects a malformed or impossible date instead of guessing', () => {
    expect(() => calendar.isWorkingDay('2026-02-30')).toThrow(RangeError);
    expect(() => calendar.isWorkingDay('20/11/2026')).toThrow(RangeError);
  });

  it('caches each year as one set', () => {
    expect(bankHolidays(2026)).toBe(bankHolidays(2026));
    expect([...bankHolidays(2026)].sort()).toEqual([
      '2026-01-01',
      '2026-04-03',
      '2026-04-06',
      '2026-05-04',
      '2026-05-25',
      '2026-08-31',
      '2026-12-25',
      '2026-12-26',
      '2026-12-28',
    ]);
  });
});

describe('WorkingDayCalendar.localDate', () => {
  it('uses the London date, not the UTC date', () => {
    expect(calendar.localDate(at('2026-01-15T23:30:00Z'))).toBe('2026-01-15'); // GMT: same date
    expect(calendar.localDate(at('2026-06-30T23:30:00Z'))).toBe('2026-07-01'); // BST: 00:30 next day
  });
});

describe('WorkingDayCalendar.addWorkingDays', () => {
  it('takes a Friday clock to 17:00 on Monday over a weekend', () => {
    expect(iso(calendar.addWorkingDays(at('2026-11-20T10:00:00Z'), 1))).toBe('2026-11-23T17:00:00.000Z');
  });

  it('counts from the next working day when started on a Saturday or Sunday', () => {
    expect(iso(calendar.addWorkingDays(at('2026-11-21T10:00:00Z'), 1))).toBe('2026-11-23T17:00:00.000Z');
    expect(iso(calendar.addWorkingDays(at('2026-11-22T22:00:00Z'), 1))).toBe('2026-11-23T17:00:00.000Z');
    expect(iso(calendar.addWorkingDays(at('2026-11-22T22:00:00Z'), 2))).toBe('2026-11-24T17:00:00.000Z');
  });

  it('with n = 0 ends the same working day, or the next one from a weekend', () => {
    expect(iso(calendar.addWorkingDays(at('2026-11-20T10:00:00Z'), 0))).toBe('2026-11-20T17:00:00.000Z');
    // Documented edge: started after 17:00 on a working day, n = 0 is that day's 17:00 (already past).
    expect(iso(calendar.addWorkingDays(at('2026-11-20T18:00:00Z'), 0))).toBe('2026-11-20T17:00:00.000Z');
    expect(iso(calendar.addWorkingDays(at('2026-11-21T10:00:00Z'), 0))).toBe('2026-11-23T17:00:00.000Z');
    expect(iso(calendar.addWorkingDays(at('2026-04-03T10:00:00Z'), 0))).toBe('2026-04-07T16:00:00.000Z');
  });

  it('skips Good Friday and Easter Monday 2026', () => {
    // Thursday 2 April → Tuesday 7 April, 17:00 BST.
    expect(iso(calendar.addWorkingDays(at('2026-04-02T09:00:00Z'), 1))).toBe('2026-04-07T16:00:00.000Z');
  });

  it.each([
    ['2021-12-24T10:00:00Z', '2021-12-29T17:00:00.000Z', 'Christmas 2021: both substitutes'],
    ['2022-12-23T10:00:00Z', '2022-12-28T17:00:00.000Z', 'Christmas 2022: Boxing Day and substitute'],
    ['2026-12-24T10:00:00Z', '2026-12-29T17:00:00.000Z', 'Christmas 2026: Friday and Monday substitute'],
    ['2022-09-16T10:00:00Z', '2022-09-20T16:00:00.000Z', 'State Funeral Monday 2022 (BST)'],
    ['2023-05-05T10:00:00Z', '2023-05-09T16:00:00.000Z', 'Coronation Monday 2023 (BST)'],
  ])('from %s, 1 WD is %s (%s)', (from, expected) => {
    expect(iso(calendar.addWorkingDays(at(from), 1))).toBe(expected);
  });

  it('ends at 17:00 London time across both 2026 clock changes', () => {
    // Friday 27 March (GMT) → Monday 30 March, 17:00 BST = 16:00Z.
    expect(iso(calendar.addWorkingDays(at('2026-03-27T12:00:00Z'), 1))).toBe('2026-03-30T16:00:00.000Z');
    // Friday 23 October (BST) → Monday 26 October, 17:00 GMT = 17:00Z.
    expect(iso(calendar.addWorkingDays(at('2026-10-23T12:00:00Z'), 1))).toBe('2026-10-26T17:00:00.000Z');
  });

  it('starts from the London date when UTC is still on the previous day', () => {
    // 23:30Z on Tuesday 30 June is 00:30 BST on Wednesday 1 July.
    expect(iso(calendar.addWorkingDays(at('2026-06-30T23:30:00Z'), 1))).toBe('2026-07-02T16:00:00.000Z');
  });

  it('uses a configured end of working day', () => {
    const early = new WorkingDayCalendar({ endOfWorkingDay: '16:30' });
    expect(early.endOfWorkingDay).toBe('16:30');
    expect(iso(early.addWorkingDays(at('2026-11-20T10:00:00Z'), 1))).toBe('2026-11-23T16:30:00.000Z');
    expect(iso(early.addWorkingDays(at('2026-06-05T10:00:00Z'), 1))).toBe('2026-06-08T15:30:00.000Z');
  });

  it('rejects a bad end of working day and bad counts', () => {
    expect(() => new WorkingDayCalendar({ endOfWorkingDay: '25:00' })).toThrow(/HH:MM/);
    expect(() => new WorkingDayCalendar({ endOfWorkingDay: '5pm' })).toThrow(/HH:MM/);
    expect(() => calendar.addWorkingDays(at('2026-11-20T10:00:00Z'), -1)).toThrow(RangeError);
    expect(() => calendar.addWorkingDays(at('2026-11-20T10:00:00Z'), 1.5)).toThrow(RangeError);
    expect(() => calendar.addWorkingDays(new Date(Number.NaN), 1)).toThrow(RangeError);
  });
});

describe('WorkingDayCalendar.workingDaysBetween', () => {
  it('is signed and zero on the same London date', () => {
    const monday = at('2026-11-23T17:00:00Z');
    const thursday = at('2026-11-26T09:00:00Z');
    expect(calendar.workingDaysBetween(monday, thursday)).toBe(3);
    expect(calendar.workingDaysBetween(thursday, monday)).toBe(-3);
    expect(calendar.workingDaysBetween(monday, at('2026-11-23T23:59:00Z'))).toBe(0);
  });

  it('skips weekends and bank holidays', () => {
    // Thursday 2 April 2026 → Tuesday 7 April: only the Tuesday counts.
    expect(calendar.workingDaysBetween(at('2026-04-02T12:00:00Z'), at('2026-04-07T12:00:00Z'))).toBe(1);
    expect(calendar.workingDaysBetween(at('2026-11-20T12:00:00Z'), at('2026-11-22T12:00:00Z'))).toBe(0);
  });

  it.each([0, 1, 2, 5, 20, 60])('inverts addWorkingDays for %i working days from a working day', (n) => {
    const from = at('2026-12-21T10:00:00Z');
    expect(calendar.workingDaysBetween(from, calendar.addWorkingDays(from, n))).toBe(n);
  });

  it('agrees with a day-by-day count over any two instants from 1990 to 2040', () => {
    // The reference: walk the London dates after the earlier one, counting each working day.
    const walk = (from: Date, to: Date): number => {
      const [a, b] = [calendar.localDate(from), calendar.localDate(to)];
      const [start, end, sign] = a <= b ? [a, b, 1] : [b, a, -1];
      let count = 0;
      for (let d = addLocalDays(start, 1); d <= end; d = addLocalDays(d, 1)) {
        if (calendar.isWorkingDay(d)) count += 1;
      }
      return sign * count;
    };
    const instant = fc.date({
      min: at('1990-01-01T00:00:00Z'),
      max: at('2040-12-31T23:59:59Z'),
      noInvalidDate: true,
    });
    fc.assert(
      fc.property(instant, instant, (from, to) => calendar.workingDaysBetween(from, to) === walk(from, to)),
      { numRuns: 60 },
    );
    // Across the one-off holidays and their moved regular ones, and over a London midnight in BST.
    expect(calendar.workingDaysBetween(at('2012-06-01T12:00:00Z'), at('2012-06-06T12:00:00Z'))).toBe(1);
    expect(calendar.workingDaysBetween(at('2012-05-25T12:00:00Z'), at('2012-05-29T12:00:00Z'))).toBe(2);
    expect(calendar.workingDaysBetween(at('2026-06-07T23:30:00Z'), at('2026-06-08T12:00:00Z'))).toBe(0);
  });
});

describe('WorkingDayCalendar.isWithinOfficeHours', () => {
  const hours = { start: '09:00', end: '17:00' };

  it('includes the start and excludes the end, in London time', () => {
    expect(calendar.isWithinOfficeHours(at('2026-11-23T08:59:00Z'), hours)).toBe(false);
    expect(calendar.isWithinOfficeHours(at('2026-11-23T09:00:00Z'), hours)).toBe(true);
    expect(calendar.isWithinOfficeHours(at('2026-11-23T16:59:59Z'), hours)).toBe(true);
    expect(calendar.isWithinOfficeHours(at('2026-11-23T17:00:00Z'), hours)).toBe(false);
    // BST: 08:00Z is 09:00 London; 16:00Z is 17:00 London.
    expect(calendar.isWithinOfficeHours(at('2026-06-08T08:00:00Z'), hours)).toBe(true);
    expect(calendar.isWithinOfficeHours(at('2026-06-08T16:00:00Z'), hours)).toBe(false);
  });

  it('is false all day on weekends and bank holidays', () => {
    expect(calendar.isWithinOfficeHours(at('2026-11-21T12:00:00Z'), hours)).toBe(false);
    expect(calendar.isWithinOfficeHours(at('2026-12-28T12:00:00Z'), hours)).toBe(false);
  });
});
