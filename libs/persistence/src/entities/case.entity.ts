import { defineEntity, type InferEntity } from '@mikro-orm/core';
import {
  CaseTypes,
  ClockStates,
  ConcernCategories,
  ConcernStatuses,
  ConsentValues,
  LadderRoles,
  TaskStatuses,
  TaskTypes,
  TriageDecisions,
} from '@vigil/contracts';
import { OrganisationSchema, TeamSchema } from './organisation.entity';
import { UserSchema } from './user.entity';

/** The case aggregate root: scope columns, status and the policy it runs under. No narrative here. */
export const CaseSchema = defineEntity({
  name: 'Case',
  tableName: 'cases',
  properties: (p) => ({
    id: p.uuid().primary(),
    type: p.enum([...CaseTypes]),
    reference: p.text().unique(),
    status: p.enum([...ConcernStatuses]),
    providerId: p.manyToOne(OrganisationSchema).mapToPk().fieldName('provider_id').index(),
    councilId: p.uuid().index(),
    teamId: p.manyToOne(TeamSchema).mapToPk().fieldName('team_id').nullable(),
    raisedBy: p.manyToOne(UserSchema).mapToPk().fieldName('raised_by'),
    assigneeUserId: p.manyToOne(UserSchema).mapToPk().fieldName('assignee_user_id').nullable(),
    policyName: p.text(),
    policyVersion: p.text(),
    version: p.integer().version(),
    createdAt: p.datetime(),
    updatedAt: p.datetime(),
    closedAt: p.datetime().nullable(),
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
    consent: p.enum([...ConsentValues]).nullable(),
    desiredOutcomes: p.text().nullable(),
    decision: p.enum([...TriageDecisions]).nullable(),
    decisionRationale: p.text().nullable(),
    decidedBy: p.manyToOne(UserSchema).mapToPk().fieldName('decided_by').nullable(),
    decidedAt: p.datetime().nullable(),
  }),
});
export type ConcernRecord = InferEntity<typeof ConcernSchema>;

export const TaskSchema = defineEntity({
  name: 'Task',
  tableName: 'tasks',
  properties: (p) => ({
    id: p.uuid().primary(),
    caseId: p.manyToOne(CaseSchema).mapToPk().fieldName('case_id').index(),
    type: p.enum([...TaskTypes]),
    status: p.enum([...TaskStatuses]),
    assignedRole: p.enum([...LadderRoles]),
    dueAt: p.datetime(),
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
