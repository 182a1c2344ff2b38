import { defineEntity, type InferEntity } from '@mikro-orm/core';
import {
  CaseStatuses,
  CaseTypes,
  ClockStates,
  ConcernCategories,
  ConcernClosures,
  ConsentValues,
  LadderRoles,
  TaskStatuses,
  TaskTypes,
  TriageDecisions,
  UserRoles,
} from '@vigil/contracts';
import { Relationships } from '@vigil/domain';
import { OrganisationSchema, TeamSchema } from './organisation.entity';
import { UserSchema } from './user.entity';

/**
 * The case aggregate root of every type: scope columns, status and the policy it runs under. No narrative
 * here; each type keeps its own narrative table. Which statuses a type may take is the registry's rule
 * (libs/domain/src/cases), checked by the engine; the column accepts every type's statuses.
 */
export const CaseSchema = defineEntity({
  name: 'Case',
  tableName: 'cases',
  /** At most one open provider concern per provider (issue 10): the early warning cannot open a second. */
  uniques: [
    {
      name: 'cases_one_open_provider_concern',
      expression: `create unique index "cases_one_open_provider_concern" on "cases" ("provider_id") where "type" = 'provider_concern' and "closed_at" is null`,
    },
  ],
  /** Periods on the dashboard and the returns: cases raised, and closed, in a range (issue 11 item 5). */
  indexes: [
    { properties: ['createdAt'] },
    { properties: ['closedAt'] },
    /** The cases a provider's staff member raised: their row-level security arm (ADR 0017). */
    { name: 'cases_raised_by_index', properties: ['raisedBy'] },
    /** Whether the reader's scope holds a case of a type (the returns), one probe per type. */
    { name: 'cases_type_council_id_team_id_index', properties: ['type', 'councilId', 'teamId'] },
  ],
  properties: (p) => ({
    id: p.uuid().primary(),
    type: p.enum([...CaseTypes]),
    reference: p.text().unique(),
    status: p.enum([...CaseStatuses]),
    providerId: p.manyToOne(OrganisationSchema).mapToPk().fieldName('provider_id').index(),
    councilId: p.uuid().index(),
    teamId: p.manyToOne(TeamSchema).mapToPk().fieldName('team_id').nullable(),
    /** Null for a case Vigil opened itself (the early warning). */
    raisedBy: p.manyToOne(UserSchema).mapToPk().fieldName('raised_by').nullable().deleteRule('no action'),
    assigneeUserId: p.manyToOne(UserSchema).mapToPk().fieldName('assignee_user_id').nullable(),
    policyName: p.text(),
    policyVersion: p.text(),
    version: p.integer().version(),
    createdAt: p.datetime(),
    updatedAt: p.datetime(),
    closedAt: p.datetime().nullable(),
    /** Someone who works with children is involved: the LADO's relationship to the case (DOMAIN §3). */
    involvesChildren: p.boolean().default(false),
  }),
});
export type CaseRecord = InferEntity<typeof CaseSchema>;

/** Narrative and personal details of a safeguarding concern (†/‡ in DOMAIN.md): PostgreSQL only. */
export const ConcernSchema = defineEntity({
  name: 'Concern',
  tableName: 'concerns',
  properties: (p) => ({
    caseId: p.oneToOne(CaseSchema).mapToPk().fieldName('case_id').primary().owner(),
    adultName: p.text(),
    adultDateOfBirth: p.date().nullable(),
    category: p.enum([...ConcernCategories]),
    summary: p.text(),
    occurredAt: p.datetime(),
    awareAt: p.datetime(),
    immediateRisk: p.boolean(),
    emergencyServicesCalled: p.boolean().nullable(),
    consent: p.enum([...ConsentValues]).nullable(),
    consentReason: p.text().nullable(),
    desiredOutcomes: p.text().nullable(),
    decision: p.enum([...TriageDecisions]).nullable(),
    decisionRationale: p.text().nullable(),
    decidedBy: p.manyToOne(UserSchema).mapToPk().fieldName('decided_by').nullable(),
    decidedAt: p.datetime().nullable(),
    /** Withdrawn or merged by a team manager, with the reason (DOMAIN §4.1). */
    closureKind: p.enum([...ConcernClosures]).nullable(),
    closureReason: p.text().nullable(),
  }),
});
export type ConcernRecord = InferEntity<typeof ConcernSchema>;

export const TaskSchema = defineEntity({
  name: 'Task',
  tableName: 'tasks',
  /** Open tasks by due time: the work queue's windows and the dashboard's overdue and due-soon work. */
  indexes: [
    {
      name: 'tasks_open_due_at_index',
      expression: `create index "tasks_open_due_at_index" on "tasks" ("due_at") where "status" = 'open'`,
    },
    /** Open tasks of the types a role does (the queue's "mine"), by due time. */
    {
      name: 'tasks_open_type_due_at_index',
      expression: `create index "tasks_open_type_due_at_index" on "tasks" ("type", "due_at") where "status" = 'open'`,
    },
  ],
  properties: (p) => ({
    id: p.uuid().primary(),
    caseId: p.manyToOne(CaseSchema).mapToPk().fieldName('case_id').index(),
    type: p.enum([...TaskTypes]),
    /** Order of opening, for a stable list when tasks open in the same instant. */
    seq: p.bigint('number').autoincrement(),
    status: p.enum([...TaskStatuses]),
    assignedRole: p.enum([...LadderRoles]),
    /** Null for a task no clock governs. */
    dueAt: p.datetime().nullable(),
    createdAt: p.datetime(),
    completedAt: p.datetime().nullable(),
    completedBy: p.manyToOne(UserSchema).mapToPk().fieldName('completed_by').nullable(),
  }),
});
export type TaskRecord = InferEntity<typeof TaskSchema>;

export interface StoredRung {
  rung: number;
  role: string;
  at: string;
  outOfHours: boolean;
}

export const ClockSchema = defineEntity({
  name: 'Clock',
  tableName: 'clocks',
  /** Clocks that fell due in a period (returns, dashboard), a task's clocks, and an extension's replacement. */
  indexes: [
    { properties: ['dueAt'] },
    { properties: ['taskId'] },
    {
      name: 'clocks_replaces_index',
      expression: `create index "clocks_replaces_index" on "clocks" ("replaces") where "replaces" is not null`,
    },
  ],
  properties: (p) => ({
    id: p.uuid().primary(),
    caseId: p.manyToOne(CaseSchema).mapToPk().fieldName('case_id').index(),
    taskId: p.manyToOne(TaskSchema).mapToPk().fieldName('task_id').nullable(),
    name: p.text(),
    startedAt: p.datetime(),
    dueAt: p.datetime(),
    state: p.enum([...ClockStates]),
    metAt: p.datetime().nullable(),
    breachedAt: p.datetime().nullable(),
    policyName: p.text(),
    policyVersion: p.text(),
    rungs: p.json<StoredRung[]>(),
    /**
     * On the clock of a task that replaced an extended one: the extended task's clock of the same name, which
     * was cancelled and still counts by its original due time (ADR 0018).
     */
    replaces: p.uuid().nullable(),
  }),
});
export type ClockRecord = InferEntity<typeof ClockSchema>;

/** The case timeline: what happened, when, by whom. `details` holds IDs and enums, never narrative. */
export const CaseEventSchema = defineEntity({
  name: 'CaseEvent',
  tableName: 'case_events',
  uniques: [{ properties: ['caseId', 'stepKey'] }],
  properties: (p) => ({
    id: p.uuid().primary(),
    caseId: p.manyToOne(CaseSchema).mapToPk().fieldName('case_id').index(),
    at: p.datetime(),
    kind: p.text(),
    actorUserId: p.manyToOne(UserSchema).mapToPk().fieldName('actor_user_id').nullable(),
    actorRole: p.text().nullable(),
    /** Set by workflow steps so a retried activity records its event once. */
    stepKey: p.text().nullable(),
    details: p.json<Record<string, unknown>>(),
  }),
});
export type CaseEventRecord = InferEntity<typeof CaseEventSchema>;

/**
 * Information added to an open case after it was raised (issue 11): append-only, its words here only
 * (PostgreSQL; the timeline entry it belongs to carries no narrative).
 */
export const CaseNoteSchema = defineEntity({
  name: 'CaseNote',
  tableName: 'case_notes',
  properties: (p) => ({
    id: p.uuid().primary(),
    caseId: p.manyToOne(CaseSchema).mapToPk().fieldName('case_id').index(),
    /** The timeline entry that records it. */
    eventId: p.uuid(),
    text: p.text(),
    authorId: p.manyToOne(UserSchema).mapToPk().fieldName('author_id'),
    createdAt: p.datetime(),
  }),
});

/**
 * Break-glass: a team manager or head of service opened a case outside their scope, with a reason,
 * until `expiresAt`. Shown on the case, audited, and emailed to their line manager.
 */
export const AccessGrantSchema = defineEntity({
  name: 'AccessGrant',
  tableName: 'access_grants',
  indexes: [{ properties: ['userId', 'caseId'] }],
  properties: (p) => ({
    id: p.uuid().primary(),
    caseId: p.manyToOne(CaseSchema).mapToPk().fieldName('case_id'),
    userId: p.manyToOne(UserSchema).mapToPk().fieldName('user_id'),
    reason: p.text(),
    grantedAt: p.datetime(),
    expiresAt: p.datetime(),
  }),
});
export type AccessGrantRecord = InferEntity<typeof AccessGrantSchema>;

/**
 * What each completed task recorded (its payload as the user sent it, narrative included): PostgreSQL only,
 * under the case's row-level security, hidden from auditors like every narrative table.
 */
export const TaskSubmissionSchema = defineEntity({
  name: 'TaskSubmission',
  tableName: 'task_submissions',
  properties: (p) => ({
    taskId: p.oneToOne(TaskSchema).mapToPk().fieldName('task_id').primary().owner(),
    caseId: p.manyToOne(CaseSchema).mapToPk().fieldName('case_id').index(),
    payload: p.json<Record<string, unknown>>(),
    submittedBy: p.manyToOne(UserSchema).mapToPk().fieldName('submitted_by'),
    submittedAt: p.datetime(),
  }),
});
export type TaskSubmissionRecord = InferEntity<typeof TaskSubmissionSchema>;

/** Two cases that belong together (a concern and its enquiry); read in both directions. */
export const CaseLinkSchema = defineEntity({
  name: 'CaseLink',
  tableName: 'case_links',
  properties: (p) => ({
    caseId: p.manyToOne(CaseSchema).mapToPk().fieldName('case_id').primary(),
    linkedCaseId: p.manyToOne(CaseSchema).mapToPk().fieldName('linked_case_id').primary().index(),
    createdAt: p.datetime(),
  }),
});

/**
 * Who sees which case type through which relationship (DOMAIN §3), seeded by migrations from the case-type
 * registry; row-level security reads it, so a new case type adds rows instead of rewriting a function.
 */
export const CaseVisibilitySchema = defineEntity({
  name: 'CaseVisibility',
  tableName: 'case_visibility',
  properties: (p) => ({
    role: p.enum([...UserRoles]).primary(),
    caseType: p.enum([...CaseTypes]).primary(),
    relationship: p.enum([...Relationships]).primary(),
    masked: p.boolean().default(false),
  }),
});

/** A commissioner saw a masked case's adult, with the reason they gave (DOMAIN §7); audited too. */
export const CaseRevealSchema = defineEntity({
  name: 'CaseReveal',
  tableName: 'case_reveals',
  properties: (p) => ({
    id: p.uuid().primary(),
    caseId: p.manyToOne(CaseSchema).mapToPk().fieldName('case_id').index(),
    userId: p.manyToOne(UserSchema).mapToPk().fieldName('user_id'),
    reason: p.text(),
    revealedAt: p.datetime(),
  }),
});
