import { defineEntity, type InferEntity } from '@mikro-orm/core';
import { ProviderConcernSources, ProviderNoticeKinds, ReferralStatuses } from '@vigil/contracts';
import { CaseSchema, TaskSchema } from './case.entity';

/**
 * A provider concern (DOMAIN §4.7): why it was opened and the provider's referral status, which the case's
 * decisions set (PostgreSQL only).
 */
export const ProviderConcernSchema = defineEntity({
  name: 'ProviderConcern',
  tableName: 'provider_concerns',
  properties: (p) => ({
    caseId: p.oneToOne(CaseSchema).mapToPk().fieldName('case_id').primary().owner(),
    source: p.enum([...ProviderConcernSources]),
    reason: p.text(),
    referralStatus: p.enum([...ReferralStatuses]),
    weeklyCap: p.integer().nullable(),
    lseActive: p.boolean().default(false),
    actionPlanSummary: p.text().nullable(),
    actionPlanSubmittedAt: p.datetime().nullable(),
    closingRationale: p.text().nullable(),
  }),
});
export type ProviderConcernRecord = InferEntity<typeof ProviderConcernSchema>;

/** An Improvement or Default Notice: what it requires and by when; lifted when complied with. */
export const ProviderNoticeSchema = defineEntity({
  name: 'ProviderNotice',
  tableName: 'provider_notices',
  properties: (p) => ({
    id: p.uuid().primary(),
    caseId: p.manyToOne(CaseSchema).mapToPk().fieldName('case_id').index(),
    kind: p.enum([...ProviderNoticeKinds]),
    requirements: p.text(),
    complianceDate: p.date(),
    issuedAt: p.datetime(),
    liftedAt: p.datetime().nullable(),
  }),
});

/** One item of a service improvement action plan; its task carries the due date and the clock. */
export const ProviderActionItemSchema = defineEntity({
  name: 'ProviderActionItem',
  tableName: 'provider_action_items',
  properties: (p) => ({
    taskId: p.oneToOne(TaskSchema).mapToPk().fieldName('task_id').primary().owner(),
    caseId: p.manyToOne(CaseSchema).mapToPk().fieldName('case_id').index(),
    action: p.text(),
    owner: p.text(),
    evidence: p.text().nullable(),
    createdAt: p.datetime(),
  }),
});

/** Someone a failing provider supports, who must move (†: PostgreSQL only). */
export const ProviderAffectedPersonSchema = defineEntity({
  name: 'ProviderAffectedPerson',
  tableName: 'provider_affected_people',
  properties: (p) => ({
    id: p.uuid().primary(),
    caseId: p.manyToOne(CaseSchema).mapToPk().fieldName('case_id').index(),
    name: p.text(),
    movedTo: p.text().nullable(),
    movedOn: p.date().nullable(),
    createdAt: p.datetime(),
  }),
});
