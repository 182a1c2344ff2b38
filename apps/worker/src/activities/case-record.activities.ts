import { Injectable } from '@nestjs/common';
import { ApplicationFailure } from '@temporalio/activity';
import {
  ActivityFailureType,
  type CaseRecordActivities,
  type ClockBreachInput,
  type ClockBreachResult,
} from '@vigil/contracts';
import { Database, SystemScope } from '@vigil/persistence';
import { randomUUID } from 'node:crypto';

@Injectable()
export class CaseRecordActivitiesImpl implements CaseRecordActivities {
  constructor(private readonly db: Database) {}

  /**
   * Marks a running clock breached at its due instant and records it on the timeline, once. A clock
   * already met (the decision raced the timer) stays met.
   */
  async markClockBreached(input: ClockBreachInput): Promise<ClockBreachResult> {
    return this.db.transaction(SystemScope, async (em) => {
      const [clock] = await em.execute<{ state: ClockBreachResult['state'] | 'running'; name: string }[]>(
        'select state, name from clocks where id = ? and case_id = ? for update',
        [input.clockId, input.caseId],
      );
      if (!clock) {
        throw ApplicationFailure.create({
          type: ActivityFailureType.ClockNotFound,
          nonRetryable: true,
          message: 'clock not found',
        });
      }
      if (clock.state !== 'running') return { state: clock.state };
      await em.execute(`update clocks set state = 'breached', breached_at = ? where id = ?`, [
        input.at,
        input.clockId,
      ]);
      await em.execute(
        `insert into case_events (id, case_id, at, kind, step_key, details)
         values (?, ?, ?, 'clock.breached', ?, ?::jsonb) on conflict (case_id, step_key) do nothing`,
        [
          randomUUID(),
          input.caseId,
          input.at,
          `${clock.name}#breach`,
          JSON.stringify({ clock: clock.name, clockId: input.clockId }),
        ],
      );
      return { state: 'breached' };
    });
  }
}
