import type { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { ApplicationFailure } from '@temporalio/activity';
import {
  ActivityFailureType,
  type CaseRecordActivities,
  type ClockBreachInput,
  type ClockBreachResult,
} from '@vigil/contracts';
import type { StepOne } from '@vigil/notifications';
import { ClockRepository, Database, SystemScope, TimelineRepository } from '@vigil/persistence';

@Injectable()
export class CaseRecordActivitiesImpl implements CaseRecordActivities {
  constructor(
    private readonly db: Database,
    private readonly clocks: ClockRepository,
    private readonly timeline: TimelineRepository,
  ) {}

  /**
   * Marks a running clock breached at its due instant and records it on the timeline, once. A clock
   * already met (the decision raced the timer) stays met.
   */
  async markClockBreached(input: ClockBreachInput): Promise<ClockBreachResult> {
    return this.db.transaction(SystemScope, (em) => this.breach(em, input));
  }

  /**
   * markClockBreached's work inside a transaction the caller holds (escalateClock's). Given the notices' step,
   * the clock as read goes to them and the timeline entry is written with theirs.
   */
  async breach(em: EntityManager, input: ClockBreachInput, step?: StepOne): Promise<ClockBreachResult> {
    const clock = await this.clocks.breach(em, input.caseId, input.clockId, input.at);
    if (!clock) {
      throw ApplicationFailure.create({
        type: ActivityFailureType.ClockNotFound,
        nonRetryable: true,
        message: 'clock not found',
      });
    }
    step?.clocks.set(input.clockId, clock);
    if (clock.priorState !== 'running') return { state: clock.priorState };
    const entry = {
      caseId: input.caseId,
      kind: 'clock.breached',
      at: input.at,
      // Runs from before the case engine send no step key: their clocks never repeat, so the name is enough.
      stepKey: input.stepKey ?? `${clock.name}#breach`,
      details: { clock: clock.name, clockId: input.clockId },
    };
    if (step) step.events.push(entry);
    else await this.timeline.append(em, entry);
    return { state: 'breached' };
  }
}
