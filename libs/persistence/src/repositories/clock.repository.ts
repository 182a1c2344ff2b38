import type { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import type { ClockKey, ClockState, LadderRole, WorkflowClock } from '@vigil/contracts';
import { randomUUID } from 'node:crypto';

/** A clock resolved from the policy: its due instant and ladder, computed once when it starts. */
export interface PlannedClock {
  name: ClockKey;
  startedAt: Date;
  dueAt: Date;
  rungs: { rung: number; role: LadderRole | 'edt'; at: Date; outOfHours: boolean }[];
}

export interface ClockRow {
  id: string;
  taskId: string | null;
  name: ClockKey;
  startedAt: Date;
  dueAt: Date;
  state: ClockState;
  metAt: Date | null;
  breachedAt: Date | null;
  policyName: string;
  policyVersion: string;
}

/** What a reminder needs of its clock: its due instant, whether its duty was met, and the task's holder. */
export interface ClockForNotice {
  state: ClockState;
  dueAt: Date;
  metAt: Date | null;
  holder: LadderRole | null;
}

/**
 * ClockForNotice's columns but its state, read from a clock `k` joined to its task `t`: one list for a reminder's
 * read and for the breach that hands the same to its reminders.
 */
const FOR_NOTICE_COLUMNS = `k.due_at as "dueAt", k.met_at as "metAt", t.assigned_role as holder`;

/** The only owner of SQL on `clocks`. */
@Injectable()
export class ClockRepository {
  /** Stores a started clock and answers it as the workflow sees it (IDs, enums and instants only). */
  /** Starts clocks in one statement (so the clock tallies' trigger runs once); answers them in order. */
  async startMany(
    em: EntityManager,
    clocks: readonly {
      caseId: string;
      taskId: string | null;
      planned: PlannedClock;
      policy: { name: string; version: string };
    }[],
  ): Promise<WorkflowClock[]> {
    if (clocks.length === 0) return [];
    const rows = clocks.map((clock) => ({
      id: randomUUID(),
      clock,
      rungs: clock.planned.rungs.map((r) => ({
        rung: r.rung,
        role: r.role,
        at: r.at.toISOString(),
        outOfHours: r.outOfHours,
      })),
    }));
    await em.execute(
      `insert into clocks (id, case_id, task_id, name, started_at, due_at, state, policy_name, policy_version, rungs)
       values ${rows.map(() => `(?, ?, ?, ?, ?::timestamptz, ?::timestamptz, 'running', ?, ?, ?::jsonb)`).join(', ')}`,
      rows.flatMap(({ id, clock, rungs }) => [
        id,
        clock.caseId,
        clock.taskId,
        clock.planned.name,
        clock.planned.startedAt,
        clock.planned.dueAt,
        clock.policy.name,
        clock.policy.version,
        JSON.stringify(rungs),
      ]),
    );
    return rows.map(({ id, clock, rungs }) => ({
      clockId: id,
      name: clock.planned.name,
      dueAt: clock.planned.dueAt.toISOString(),
      rungs: rungs.map(({ rung, role, at }) => ({ rung, role, at })),
    }));
  }

  /**
   * Stores a clock whose duty was done when it was recorded (a report made on opening a case): met, or, if
   * `metAt` is past its due time, breached at that time and met late. No rungs: nothing is left to chase.
   */
  async recordDone(
    em: EntityManager,
    clock: { caseId: string; planned: PlannedClock; policy: { name: string; version: string }; metAt: Date },
  ): Promise<{ clockId: string; late: boolean }> {
    const id = randomUUID();
    const { planned } = clock;
    const late = clock.metAt.getTime() > planned.dueAt.getTime();
    await em.execute(
      `insert into clocks (id, case_id, task_id, name, started_at, due_at, state, met_at, breached_at,
                           policy_name, policy_version, rungs)
       values (?, ?, null, ?, ?, ?, ?, ?, ?, ?, ?, '[]'::jsonb)`,
      [
        id,
        clock.caseId,
        planned.name,
        planned.startedAt,
        planned.dueAt,
        late ? 'breached' : 'met',
        clock.metAt,
        late ? planned.dueAt : null,
        clock.policy.name,
        clock.policy.version,
      ],
    );
    return { clockId: id, late };
  }

  /**
   * Stops the clocks of the given tasks because their duty was done: a running clock is met; a breached one
   * stays breached (lateness is measured) but records when it was met. Answers the clock IDs stopped.
   */
  async meetForTasks(em: EntityManager, taskIds: readonly string[], at: Date): Promise<string[]> {
    if (taskIds.length === 0) return [];
    const rows = await em.execute<{ id: string }[]>(
      `update clocks set met_at = ?, state = case when state = 'running' then 'met' else state end
        where task_id in (${taskIds.map(() => '?').join(', ')}) and state in ('running', 'breached') and met_at is null
        returning id`,
      [at, ...taskIds],
    );
    return rows.map((r) => r.id);
  }

  /**
   * Links an extended task's clocks to the clocks of the task that replaced it, name by name: the
   * replacement says whether the extension was kept, the original still counts by its own due time.
   */
  async linkReplacements(em: EntityManager, fromTaskId: string, toTaskId: string): Promise<void> {
    await em.execute(
      `update clocks r set replaces = k.id from clocks k
        where k.task_id = ? and r.task_id = ? and r.name = k.name and r.replaces is null`,
      [fromTaskId, toTaskId],
    );
  }

  /** Cancels the running clocks of the given tasks (their duty no longer applies). */
  async cancelForTasks(em: EntityManager, taskIds: readonly string[]): Promise<string[]> {
    if (taskIds.length === 0) return [];
    const rows = await em.execute<{ id: string }[]>(
      `update clocks set state = 'cancelled' where task_id in (${taskIds.map(() => '?').join(', ')}) and state = 'running'
        returning id`,
      [...taskIds],
    );
    return rows.map((r) => r.id);
  }

  async forCase(em: EntityManager, caseId: string): Promise<ClockRow[]> {
    return em.execute<ClockRow[]>(
      `select id, task_id as "taskId", name, started_at as "startedAt", due_at as "dueAt", state, met_at as "metAt",
              breached_at as "breachedAt", policy_name as "policyName", policy_version as "policyVersion"
         from clocks where case_id = ? order by due_at, name, id`,
      [caseId],
    );
  }

  /**
   * A clock falling due, in one statement: locks it, marks it breached at `at` if it is still running, and
   * answers its state before (a clock met or cancelled first stays so) and what its reminders need.
   */
  async breach(
    em: EntityManager,
    caseId: string,
    clockId: string,
    at: string | Date,
  ): Promise<(ClockForNotice & { name: ClockKey; priorState: ClockState }) | null> {
    const [row] = await em.execute<(ClockForNotice & { name: ClockKey; priorState: ClockState })[]>(
      `with k as (select id, state, name, due_at, met_at, task_id from clocks where id = ? and case_id = ? for update),
            b as (update clocks c set state = 'breached', breached_at = ? from k
                   where c.id = k.id and k.state = 'running' returning c.id)
       select k.state as "priorState", k.name,
              case when exists (select 1 from b) then 'breached' else k.state end as state, ${FOR_NOTICE_COLUMNS}
         from k left join tasks t on t.id = k.task_id`,
      [clockId, caseId, at],
    );
    return row ?? null;
  }

  /** For a reminder about to go: the clock's due instant, whether its duty was met, and the task's holder. */
  async forNotice(em: EntityManager, caseId: string, clockId: string): Promise<ClockForNotice | null> {
    const [row] = await em.execute<ClockForNotice[]>(
      `select k.state, ${FOR_NOTICE_COLUMNS}
         from clocks k left join tasks t on t.id = k.task_id where k.id = ? and k.case_id = ?`,
      [clockId, caseId],
    );
    return row ?? null;
  }
}
