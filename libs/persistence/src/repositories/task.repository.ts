import type { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import type { LadderRole, TaskStatus, TaskType } from '@vigil/contracts';
import { randomUUID } from 'node:crypto';

export interface TaskRow {
  id: string;
  caseId: string;
  type: TaskType;
  status: TaskStatus;
  assignedRole: LadderRole;
  dueAt: Date | null;
  createdAt: Date;
  completedAt: Date | null;
  submission: Record<string, unknown> | null;
}

const TASK_COLUMNS = `t.id, t.case_id as "caseId", t.type, t.status, t.assigned_role as "assignedRole", t.due_at as "dueAt",
  t.created_at as "createdAt", t.completed_at as "completedAt"`;

/** The only owner of SQL on `tasks` and `task_submissions`. */
@Injectable()
export class TaskRepository {
  /**
   * Opens tasks in one statement (so the open-work trigger runs once), in the given order; answers their
   * IDs in that order.
   */
  async openMany(
    em: EntityManager,
    tasks: readonly {
      caseId: string;
      type: TaskType;
      assignedRole: LadderRole;
      dueAt: Date | null;
      at: Date;
    }[],
  ): Promise<string[]> {
    if (tasks.length === 0) return [];
    const ids = tasks.map(() => randomUUID());
    await em.execute(
      `insert into tasks (id, case_id, type, status, assigned_role, due_at, created_at)
       values ${tasks.map(() => `(?, ?, ?, 'open', ?, ?::timestamptz, ?::timestamptz)`).join(', ')}`,
      tasks.flatMap((t, i) => [ids[i], t.caseId, t.type, t.assignedRole, t.dueAt, t.at]),
    );
    return ids;
  }

  async find(em: EntityManager, caseId: string, taskId: string): Promise<TaskRow | null> {
    const [row] = await em.execute<TaskRow[]>(
      `select ${TASK_COLUMNS}, null as submission from tasks t where t.id = ? and t.case_id = ?`,
      [taskId, caseId],
    );
    return row ?? null;
  }

  /** Completes a task and keeps what was recorded (narrative stays in PostgreSQL, under the case's RLS). */
  async complete(
    em: EntityManager,
    task: { id: string; caseId: string },
    by: string,
    payload: Record<string, unknown>,
    at: Date,
  ): Promise<void> {
    await em.execute(
      `update tasks set status = 'completed', completed_at = ?, completed_by = ? where id = ?`,
      [at, by, task.id],
    );
    await em.execute(
      `insert into task_submissions (task_id, case_id, payload, submitted_by, submitted_at) values (?, ?, ?::jsonb, ?, ?)`,
      [task.id, task.caseId, JSON.stringify(payload), by, at],
    );
  }

  /**
   * Replaces an open task (its due date moved, say): cancelled, with what replaced it kept as its
   * submission, so the original due date and the reason stay on record.
   */
  async supersede(
    em: EntityManager,
    task: { id: string; caseId: string },
    by: string,
    payload: Record<string, unknown>,
    at: Date,
  ): Promise<void> {
    await em.execute(`update tasks set status = 'cancelled' where id = ? and status = 'open'`, [task.id]);
    await em.execute(
      `insert into task_submissions (task_id, case_id, payload, submitted_by, submitted_at) values (?, ?, ?::jsonb, ?, ?)`,
      [task.id, task.caseId, JSON.stringify(payload), by, at],
    );
  }

  /** Cancels open tasks of the case (all, or only the given types); answers the IDs cancelled. */
  async cancelOpen(em: EntityManager, caseId: string, types?: readonly TaskType[]): Promise<string[]> {
    const rows = await em.execute<{ id: string }[]>(
      `update tasks set status = 'cancelled' where case_id = ? and status = 'open'
         ${types ? `and type in (${types.map(() => '?').join(', ') || 'null'})` : ''} returning id`,
      [caseId, ...(types ?? [])],
    );
    return rows.map((r) => r.id);
  }

  /** Open tasks of a case, optionally of some types. */
  async openTasks(em: EntityManager, caseId: string, types?: readonly TaskType[]): Promise<TaskRow[]> {
    return em.execute<TaskRow[]>(
      `select ${TASK_COLUMNS}, null as submission from tasks t where t.case_id = ? and t.status = 'open'
         ${types ? `and t.type in (${types.map(() => '?').join(', ') || 'null'})` : ''}
       order by t.seq`,
      [caseId, ...(types ?? [])],
    );
  }

  /** Every task of a case with what was recorded, oldest first; `withSubmissions` false hides narrative. */
  async forCase(em: EntityManager, caseId: string, withSubmissions: boolean): Promise<TaskRow[]> {
    return em.execute<TaskRow[]>(
      `select ${TASK_COLUMNS}, ${withSubmissions ? 's.payload' : 'null'} as submission
         from tasks t left join task_submissions s on s.task_id = t.id
        where t.case_id = ? order by t.seq`,
      [caseId],
    );
  }

  /** The latest completed task of a type on a case (e.g. the report an officer returns). */
  async latestCompleted(em: EntityManager, caseId: string, type: TaskType): Promise<TaskRow | null> {
    const [row] = await em.execute<TaskRow[]>(
      `select ${TASK_COLUMNS}, null as submission from tasks t
        where t.case_id = ? and t.type = ? and t.status = 'completed' order by t.completed_at desc, t.id limit 1`,
      [caseId, type],
    );
    return row ?? null;
  }
}
