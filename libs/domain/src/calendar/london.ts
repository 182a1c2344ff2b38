import { TZDate } from '@date-fns/tz';

/*
 * Europe/London wall-clock helpers. Every deadline rule in DOMAIN.md is stated in London local time,
 * so instants (UTC `Date`s) are converted to a London calendar date or time of day only here.
 * Local dates are plain 'YYYY-MM-DD' strings: comparable as strings and free of time-zone surprises.
 */

export const LONDON = 'Europe/London';

const LOCAL_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const LOCAL_TIME = /^([01]\d|2[0-3]):([0-5]\d)$/;

export interface LocalTime {
  hours: number;
  minutes: number;
  seconds?: number;
  milliseconds?: number;
}

/** 'YYYY-MM-DD' → [year, month 1-12, day]; throws on anything that is not a real date. */
export function parseLocalDate(localDate: string): [number, number, number] {
  const m = LOCAL_DATE.exec(localDate);
  const parts: [number, number, number] | null = m ? [Number(m[1]), Number(m[2]), Number(m[3])] : null;
  if (!parts || formatYmd(new Date(Date.UTC(parts[0], parts[1] - 1, parts[2]))) !== localDate) {
    throw new RangeError(`not a date "YYYY-MM-DD": ${JSON.stringify(localDate)}`);
  }
  return parts;
}

/** 'HH:MM' → { hours, minutes }; throws when malformed so a bad setting fails at start-up. */
export function parseLocalTime(time: string): LocalTime {
  const m = LOCAL_TIME.exec(time);
  if (!m) throw new RangeError(`not a time "HH:MM": ${JSON.stringify(time)}`);
  return { hours: Number(m[1]), minutes: Number(m[2]) };
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

/** Formats the UTC fields of a Date as 'YYYY-MM-DD' (used for pure calendar-date arithmetic). */
function formatYmd(date: Date): string {
  return `${pad(date.getUTCFullYear(), 4)}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())}`;
}

/** Calendar arithmetic on local dates; done in UTC, which has no DST, so a day is always a day. */
export function addLocalDays(localDate: string, days: number): string {
  const [y, m, d] = parseLocalDate(localDate);
  return formatYmd(new Date(Date.UTC(y, m - 1, d + days)));
}

/** Calendar months later on a local date; a day the month lacks becomes its last (31 January + 1 → 28/29 February). */
export function addLocalMonths(localDate: string, months: number): string {
  const [y, m, d] = parseLocalDate(localDate);
  const lastDay = new Date(Date.UTC(y, m - 1 + months + 1, 0)).getUTCDate();
  return formatYmd(new Date(Date.UTC(y, m - 1 + months, Math.min(d, lastDay))));
}

/** 0 = Sunday … 6 = Saturday. */
export function dayOfWeek(localDate: string): number {
  const [y, m, d] = parseLocalDate(localDate);
  return new Date(Date.UTC(y, m - 1, d)).getUTCDay();
}

/** The instant viewed on the London wall clock (a TZDate: its getters return London fields). */
export function inLondon(at: Date): TZDate {
  assertValidDate(at);
  return new TZDate(at.getTime(), LONDON);
}

/** The London calendar date of an instant. */
export function londonDate(at: Date): string {
  const t = inLondon(at);
  return `${pad(t.getFullYear(), 4)}-${pad(t.getMonth() + 1)}-${pad(t.getDate())}`;
}

/** Minutes since London midnight on the wall clock (for office-hours checks). */
export function londonMinutesOfDay(at: Date): number {
  const t = inLondon(at);
  return t.getHours() * 60 + t.getMinutes();
}

/**
 * The instant at which London's wall clock shows `time` on `localDate`. TZDate resolves the two DST
 * edge cases: a time skipped in spring (01:xx on the last Sunday of March) moves forward an hour; a
 * time repeated in autumn takes the later (GMT) occurrence. Deadline times (17:00, 23:59) never hit either.
 */
export function londonInstant(localDate: string, time: LocalTime): Date {
  const [y, m, d] = parseLocalDate(localDate);
  const t = new TZDate(
    y,
    m - 1,
    d,
    time.hours,
    time.minutes,
    time.seconds ?? 0,
    time.milliseconds ?? 0,
    LONDON,
  );
  return new Date(t.getTime());
}

export function assertValidDate(at: Date): void {
  if (!(at instanceof Date) || Number.isNaN(at.getTime())) {
    throw new RangeError('expected a valid Date');
  }
}
