import { add, addMonths } from 'date-fns';
import type { ClockKey } from '../../../contracts/src/clock-keys';
import type { LadderRole } from '../../../contracts/src/roles';
import {
  isElapsedDue,
  parseIsoDuration,
  type DueSpec,
  type OffsetSpec,
  type TimescalePolicy,
} from '../policy/policy.schema';
import { addLocalDays, assertValidDate, inLondon, londonDate, londonInstant } from './london';
import type { WorkingDayCalendar } from './working-days';

/*
 * Policy → instants. Everything is computed once, when a clock starts, and stored with the clock;
 * workflows only ever sleep until the stored instants (they never see a calendar).
 */

const HOUR_MS = 3_600_000;
const END_OF_DAY = { hours: 23, minutes: 59, seconds: 59, milliseconds: 999 };

/** Rung roles the EDT covers out of hours (DOMAIN 4.0: "council H rungs go to the EDT"). */
const EDT_COVERS: ReadonlySet<LadderRole> = new Set<LadderRole>([
  'assignee',
  'team_manager',
  'head_of_service',
]);

export interface ResolvedRung {
  /** Position in the policy's ladder, from 1; kept when rungs are re-ordered by time. */
  rung: number;
  role: LadderRole | 'edt';
  at: Date;
  outOfHours: boolean;
}

export interface ResolvedClock {
  dueAt: Date;
  rungs: ResolvedRung[];
}

/**
 * Adds an ISO-8601 duration: years, months, weeks and days on the London wall clock (P1D across a clock
 * change is 23 or 25 hours, and keeps the time of day), then hours, minutes and seconds as elapsed time.
 */
export function addIsoDuration(from: Date, duration: string): Date {
  const d = parseIsoDuration(duration);
  if (!d) throw new RangeError(`not an ISO-8601 duration: ${JSON.stringify(duration)}`);
  const hasDatePart = d.years + d.months + d.weeks + d.days > 0;
  const wall = hasDatePart
    ? add(inLondon(from), { years: d.years, months: d.months, weeks: d.weeks, days: d.days }).getTime()
    : from.getTime();
  const elapsedMs = Math.round(((d.hours * 60 + d.minutes) * 60 + d.seconds) * 1000);
  return checked(new Date(wall + elapsedMs));
}

/** Elapsed hours, 24/7 (H clocks), to the millisecond. */
export function addElapsedHours(from: Date, hours: number): Date {
  return checked(new Date(from.getTime() + Math.round(hours * HOUR_MS)));
}

/** When a clock started at `from` falls due. */
export function computeDue(from: Date, due: DueSpec, calendar: WorkingDayCalendar): Date {
  assertValidDate(from);
  if ('duration' in due) return addIsoDuration(from, due.duration);
  if ('hours' in due) return addElapsedHours(from, due.hours);
  if ('workingDays' in due) return calendar.addWorkingDays(from, due.workingDays);
  if ('calendarDays' in due) {
    return londonInstant(addLocalDays(londonDate(from), due.calendarDays), END_OF_DAY);
  }
  // date-fns clamps to the month's last day (31 January + 1 month = 28/29 February), as people expect.
  return checked(new Date(addMonths(inLondon(from), due.months).getTime()));
}

/**
 * When a rung fires, counted from the due moment. { workingDays: n > 0 } means endOfWorkingDay on the
 * n-th working day after the due date; { workingDays: 0 } is the due moment itself.
 */
export function addOffset(dueAt: Date, offset: OffsetSpec, calendar: WorkingDayCalendar): Date {
  assertValidDate(dueAt);
  if (typeof offset === 'string') return addIsoDuration(dueAt, offset);
  if ('hours' in offset) return addElapsedHours(dueAt, offset.hours);
  if (offset.workingDays === 0) return new Date(dueAt.getTime());
  return calendar.addWorkingDays(dueAt, offset.workingDays);
}

/**
 * A clock's due instant and its ladder. Rungs keep their ladder numbers and are sorted by time (stably,
 * so equal instants stay in ladder order). Out-of-hours routing to the EDT applies only when the policy
 * sets officeHours, the duty is the council's, and the clock is elapsed-time (H): WD clocks fall due at
 * the end of a working day by construction, and provider clocks escalate within the contract instead.
 */
export function resolveClock(
  policy: TimescalePolicy,
  key: ClockKey,
  startedAt: Date,
  calendar: WorkingDayCalendar,
  /** A due instant set by the person who started the clock (a report's due date); the policy's ladder still applies. */
  givenDueAt?: Date,
): ResolvedClock {
  const clock = policy.clocks[key];
  if (!clock) throw new Error(`policy ${policy.name} ${policy.version} has no clock "${key}"`);
  const dueAt = givenDueAt ?? computeDue(startedAt, clock.due, calendar);
  const officeHours = clock.owner === 'council' && isElapsedDue(clock.due) ? policy.officeHours : undefined;
  const rungs = clock.escalations.map((step, index): ResolvedRung => {
    const at = addOffset(dueAt, step.after, calendar);
    const outOfHours =
      officeHours !== undefined && EDT_COVERS.has(step.to) && !calendar.isWithinOfficeHours(at, officeHours);
    return { rung: index + 1, role: outOfHours ? 'edt' : step.to, at, outOfHours };
  });
  // Array.prototype.sort is stable (ES2019), so rungs due together stay in ladder order.
  rungs.sort((a, b) => a.at.getTime() - b.at.getTime());
  return { dueAt, rungs };
}

function checked(date: Date): Date {
  if (Number.isNaN(date.getTime())) throw new RangeError('deadline is outside the representable range');
  return date;
}
