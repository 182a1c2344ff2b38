import { bankHolidays, isBankHoliday } from './bank-holidays';
import {
  addLocalDays,
  dayOfWeek,
  londonDate,
  londonInstant,
  londonMinutesOfDay,
  parseLocalDate,
  parseLocalTime,
  type LocalTime,
} from './london';

export const DEFAULT_END_OF_WORKING_DAY = '17:00';

export interface WorkingDayCalendarOptions {
  /** 'HH:MM' Europe/London; when WD clocks fall due. Default 17:00. */
  endOfWorkingDay?: string;
}

export interface OfficeHoursWindow {
  start: string;
  end: string;
}

/** Safety net for loops: no policy sets anything near 100 years of working days. */
const MAX_WORKING_DAYS = 26_000;

/**
 * Working days in England (DOMAIN "Conventions", WD): Monday to Friday except E&W bank holidays and
 * their substitute days, on the Europe/London calendar. Stateless apart from its end-of-day setting.
 */
export class WorkingDayCalendar {
  readonly endOfWorkingDay: string;
  private readonly endTime: LocalTime;

  constructor({ endOfWorkingDay = DEFAULT_END_OF_WORKING_DAY }: WorkingDayCalendarOptions = {}) {
    this.endTime = parseLocalTime(endOfWorkingDay);
    this.endOfWorkingDay = endOfWorkingDay;
  }

  isWorkingDay(localDate: string): boolean {
    const dow = dayOfWeek(localDate);
    return dow !== 0 && dow !== 6 && !isBankHoliday(localDate);
  }

  /** The Europe/London calendar date of an instant, 'YYYY-MM-DD'. */
  localDate(at: Date): string {
    return londonDate(at);
  }

  /**
   * endOfWorkingDay on the n-th working day after the London date of `from`. n = 0 means the same date
   * if it is a working day (even if `from` is already past endOfWorkingDay), else the next working day.
   */
  addWorkingDays(from: Date, n: number): Date {
    assertWorkingDayCount(n);
    let date = londonDate(from);
    if (n === 0) {
      date = this.nextWorkingDayOnOrAfter(date);
    } else {
      for (let left = n; left > 0;) {
        date = addLocalDays(date, 1);
        if (this.isWorkingDay(date)) left -= 1;
      }
    }
    return this.endOfWorkingDayOn(date);
  }

  /**
   * Working days in (from date, to date] on the London calendar, negative when `to` is earlier, so
   * workingDaysBetween(x, addWorkingDays(x, n)) === n. For labels such as "Overdue by 3 working days".
   */
  workingDaysBetween(from: Date, to: Date): number {
    const a = londonDate(from);
    const b = londonDate(to);
    if (a === b) return 0;
    const [start, end, sign] = a < b ? [a, b, 1] : [b, a, -1];
    // Weekdays by arithmetic, then the bank holidays on weekdays in the range: constant work per year
    // of the range, where a day-by-day walk cost a page of tasks overdue for years a tenth of a second.
    const startDay = dayNumber(start);
    const endDay = dayNumber(end);
    let count = weekdaysBefore(endDay + 1) - weekdaysBefore(startDay + 1);
    for (let year = Number(start.slice(0, 4)); year <= Number(end.slice(0, 4)); year += 1) {
      for (const holiday of bankHolidays(year)) {
        if (holiday > start && holiday <= end && isWeekday(dayNumber(holiday))) count -= 1;
      }
    }
    return sign * count;
  }

  /** A working day, and start ≤ London time of day < end. */
  isWithinOfficeHours(at: Date, hours: OfficeHoursWindow): boolean {
    if (!this.isWorkingDay(londonDate(at))) return false;
    const minutes = londonMinutesOfDay(at);
    return (
      minutes >= toMinutes(parseLocalTime(hours.start)) && minutes < toMinutes(parseLocalTime(hours.end))
    );
  }

  /** endOfWorkingDay, London time, on a given date (whatever the UTC offset is that day). */
  endOfWorkingDayOn(localDate: string): Date {
    parseLocalDate(localDate);
    return londonInstant(localDate, this.endTime);
  }

  private nextWorkingDayOnOrAfter(localDate: string): string {
    let date = localDate;
    for (let i = 0; !this.isWorkingDay(date); i += 1) {
      if (i > 366) throw new Error(`no working day within a year of ${localDate}`);
      date = addLocalDays(date, 1);
    }
    return date;
  }
}

/** Days since 1970-01-01 of a local date (UTC arithmetic: every day is a day). */
function dayNumber(localDate: string): number {
  const [y, m, d] = parseLocalDate(localDate);
  return Date.UTC(y, m - 1, d) / 86_400_000;
}

/** Day 0 (1970-01-01) was a Thursday; day n falls on ((n + 4) mod 7), 0 = Sunday. */
function isWeekday(day: number): boolean {
  const dow = (((day + 4) % 7) + 7) % 7;
  return dow !== 0 && dow !== 6;
}

/** Monday-to-Friday days among days 0 … n − 1 (negative n counts backwards from day 0, negated). */
function weekdaysBefore(n: number): number {
  const weeks = Math.floor(n / 7);
  let count = weeks * 5;
  for (let day = weeks * 7; day < n; day += 1) if (isWeekday(day)) count += 1;
  return count;
}

function toMinutes(time: LocalTime): number {
  return time.hours * 60 + time.minutes;
}

function assertWorkingDayCount(n: number): void {
  if (!Number.isInteger(n) || n < 0 || n > MAX_WORKING_DAYS) {
    throw new RangeError(`working days must be a whole number from 0 to ${MAX_WORKING_DAYS}, got ${n}`);
  }
}
