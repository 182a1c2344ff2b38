import { Injectable, Logger } from '@nestjs/common';
import { AppConfig } from '@vigil/config';
import type { ClockKey } from '@vigil/contracts';
import type { TimescalePolicy } from '@vigil/domain';
import { loadPolicy, resolveClock, WorkingDayCalendar } from '@vigil/domain/calendar';
import type { PlannedClock } from '@vigil/persistence';

export type { PlannedClock };

/** Shortest elapsed timescale a production policy may set without VIGIL_ALLOW_SHORT_TIMESCALES. */
const ONE_HOUR_MS = 3_600_000;

/**
 * The council's timescale policy, loaded and checked once at start (a bad file stops the start with a
 * message naming the clock), and the working-day calendar that turns it into instants.
 */
@Injectable()
export class TimescalePolicyService {
  private readonly logger = new Logger(TimescalePolicyService.name);
  readonly policy: TimescalePolicy;
  readonly calendar: WorkingDayCalendar;

  constructor(config: AppConfig) {
    this.policy = loadPolicy({ file: config.policy.file });
    this.calendar = new WorkingDayCalendar({ endOfWorkingDay: this.policy.endOfWorkingDay });
    if (config.env === 'production' && !config.policy.allowShortTimescales) this.refuseShortTimescales();
    this.logger.log({ policy: this.policy.name, version: this.policy.version }, 'timescale policy loaded');
  }

  /** Resolves clocks from a start instant: due instants and ladder rungs, computed once and stored. */
  plan(keys: readonly ClockKey[], startedAt: Date): PlannedClock[] {
    return keys.map((name) => ({
      name,
      startedAt,
      ...resolveClock(this.policy, name, startedAt, this.calendar),
    }));
  }

  /** One clock due at a given instant (a date someone set), with the policy's ladder from there. */
  planDue(key: ClockKey, startedAt: Date, dueAt: Date): PlannedClock {
    return { name: key, startedAt, ...resolveClock(this.policy, key, startedAt, this.calendar, dueAt) };
  }

  /** The end of the working day (London) on a date someone chose: `2026-03-04` → 17:00 that day. */
  endOfDayOn(localDate: string): Date {
    return this.calendar.endOfWorkingDayOn(localDate);
  }

  /** Whether the council's policy runs this clock at all. */
  isEnabled(key: ClockKey): boolean {
    return this.policy.clocks[key] !== undefined && this.policy.clocks[key]?.enabled !== false;
  }

  private refuseShortTimescales(): void {
    const probe = new Date('2026-01-05T10:00:00Z');
    for (const key of Object.keys(this.policy.clocks) as ClockKey[]) {
      const { dueAt } = resolveClock(this.policy, key, probe, this.calendar);
      if (dueAt.getTime() - probe.getTime() < ONE_HOUR_MS) {
        throw new Error(
          `policy ${this.policy.name} sets ${key} under one hour; set VIGIL_ALLOW_SHORT_TIMESCALES=true to allow it in production`,
        );
      }
    }
  }
}
