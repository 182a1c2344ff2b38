import Holidays from 'date-holidays';

/*
 * England & Wales bank holidays (DOMAIN "Conventions": WD clocks skip them, substitute days included).
 * The rules come from date-holidays (GB / ENG, type "public"), which already has the substitute days and
 * the recent one-offs (2020-05-08 VE Day, 2022-06-03 Platinum Jubilee, 2022-09-19 State Funeral,
 * 2023-05-08 Coronation). Checked against GOV.UK with date-holidays 3.37.0.
 */

/**
 * One-off bank holidays date-holidays 3.37.0 lacks: proclaimed by royal proclamation, so no rule
 * produces them. A new one (they are announced months ahead) goes here.
 */
const ONE_OFF_BANK_HOLIDAYS: readonly string[] = [
  '1995-05-08', // Early May bank holiday moved for the 50th anniversary of VE Day
  '1999-12-31', // Millennium
  '2002-06-03', // Spring bank holiday moved for the Golden Jubilee
  '2002-06-04', // Golden Jubilee
  '2011-04-29', // Royal Wedding
  '2012-06-04', // Spring bank holiday moved for the Diamond Jubilee
];

/**
 * Regular bank holidays that were moved away from their usual date in the years below, which
 * date-holidays 3.37.0 still reports on the usual date.
 */
const MOVED_AWAY: readonly string[] = [
  '1995-05-01', // moved to 8 May
  '2002-05-27', // Spring bank holiday moved to 3 June
  '2012-05-28', // Spring bank holiday moved to 4 June
];

let holidays: Holidays | undefined;
const byYear = new Map<number, ReadonlySet<string>>();

/** The E&W bank holidays of one year as 'YYYY-MM-DD' London dates, computed once per year. */
export function bankHolidays(year: number): ReadonlySet<string> {
  const cached = byYear.get(year);
  if (cached) return cached;
  // Built lazily: loading the country data costs a few milliseconds that most processes never need.
  holidays ??= new Holidays('GB', 'ENG');
  const dates = new Set(
    holidays
      .getHolidays(year)
      .filter((h) => h.type === 'public')
      // `date` is the local date and time ('2026-12-25 00:00:00'); only the date part matters.
      .map((h) => h.date.slice(0, 10)),
  );
  for (const date of MOVED_AWAY) dates.delete(date);
  for (const date of ONE_OFF_BANK_HOLIDAYS) if (date.startsWith(`${year}-`)) dates.add(date);
  const frozen: ReadonlySet<string> = dates;
  byYear.set(year, frozen);
  return frozen;
}

/** Whether a London date ('YYYY-MM-DD') is an England & Wales bank holiday. */
export function isBankHoliday(localDate: string): boolean {
  return bankHolidays(Number(localDate.slice(0, 4))).has(localDate);
}
