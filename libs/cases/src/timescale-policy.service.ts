import { Injectable, Logger } from '@nestjs/common';
import { AppConfig } from '@vigil/config';
import type { ClockKey, LadderRole } from '@vigil/contracts';
import type { TimescalePolicy } from '@vigil/domain';
import { loadPolicy, resolveClock, WorkingDayCalendar } from '@vigil/domain/calendar';

export interface PlannedClock {
  name: ClockKey;
  startedAt: Date;
  dueAt: Date;
  rungs: { rung: number; role: LadderRole | 'edt'; at: Date; outOfHours: boolean }[];
}

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
