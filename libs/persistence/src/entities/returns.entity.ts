import { defineEntity, type InferEntity } from '@mikro-orm/core';
import { OrganisationSchema } from './organisation.entity';
import { UserSchema } from './user.entity';

/** The returns a council records submitting (issue 11): the Kent PI return, quarterly. */
export const ReturnKinds = ['kent_pi'] as const;
export type ReturnKind = (typeof ReturnKinds)[number];

/**
 * That a council submitted a return for a period, when and by whom, against its deadline: once per council,
 * kind and period. Readable only within the council (row-level security on `vigil.council_id`).
 */
export const ReturnSubmissionSchema = defineEntity({
  name: 'ReturnSubmission',
  tableName: 'return_submissions',
  uniques: [{ properties: ['councilId', 'kind', 'period'] }],
  properties: (p) => ({
    id: p.uuid().primary(),
    councilId: p.manyToOne(OrganisationSchema).mapToPk().fieldName('council_id'),
    kind: p.enum([...ReturnKinds]),
    /** `2026-Q3`. */
    period: p.text(),
    dueAt: p.datetime(),
    submittedAt: p.datetime(),
    submittedBy: p.manyToOne(UserSchema).mapToPk().fieldName('submitted_by'),
  }),
});
export type ReturnSubmissionRecord = InferEntity<typeof ReturnSubmissionSchema>;

/**
 * Clock compliance kept as counts (issue 11 item 5, ADR 0018): per London week a clock fell due in (cut at quarter starts), clock name
 * and the scope columns of its case (so row-level security and the pages' scope apply to a tally as to a
 * case), how many clocks count, how many were met by their due time, and how many were met within an
 * extension. Written only by the trigger on `clocks` (`vigil_clock_tally_*`), in the transaction that
 * changes the clock; read by the dashboard and the returns for the weeks before the current one.
 */
export const ClockTallySchema = defineEntity({
  name: 'ClockTally',
  tableName: 'clock_tallies',
  uniques: [
    {
      name: 'clock_tallies_key',
      expression: `alter table "clock_tallies" add constraint "clock_tallies_key" unique nulls not distinct ("council_id", "due_week", "name", "team_id", "provider_id", "type", "involves_children")`,
    },
  ],
  properties: (p) => ({
    id: p.bigint().primary().autoincrement(),
    councilId: p.uuid(),
    /** The London week the clocks fell due in, cut where a quarter starts (its first day). */
    dueWeek: p.date(),
    name: p.text(),
    teamId: p.uuid().nullable(),
    providerId: p.uuid(),
    type: p.text(),
    involvesChildren: p.boolean(),
    due: p.integer().default(0),
    met: p.integer().default(0),
    metExt: p.integer().default(0),
  }),
});
export type ClockTallyRecord = InferEntity<typeof ClockTallySchema>;

/**
 * Open work kept as counts (issue 11 item 5, ADR 0019): one row per open case's scope, status and assignee
 * (`task_type` null), and per open task on an open case with its type, holder and London due day. Written
 * only by the triggers on `cases` and `tasks` (`vigil_open_work_*`), in the transaction that changes them;
 * read by the dashboard. Rows that fall to zero are deleted.
 */
export const OpenWorkSchema = defineEntity({
  name: 'OpenWork',
  tableName: 'open_work',
  uniques: [
    {
      name: 'open_work_key',
      expression: `alter table "open_work" add constraint "open_work_key" unique nulls not distinct ("council_id", "team_id", "provider_id", "type", "involves_children", "status", "assignee_user_id", "task_type", "assigned_role", "due_day")`,
    },
  ],
  properties: (p) => ({
    id: p.bigint().primary().autoincrement(),
    councilId: p.uuid(),
    teamId: p.uuid().nullable(),
    providerId: p.uuid(),
    type: p.text(),
    involvesChildren: p.boolean(),
    status: p.text(),
    assigneeUserId: p.uuid().nullable(),
    /** Null on a case's row; the task's type on a task's row. */
    taskType: p.text().nullable(),
    assignedRole: p.text().nullable(),
    /** The task's due date on the London calendar (null when undated, and on a case's row). */
    dueDay: p.date().nullable(),
    n: p.integer().default(0),
  }),
});
export type OpenWorkRecord = InferEntity<typeof OpenWorkSchema>;
