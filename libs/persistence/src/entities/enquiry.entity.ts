import { defineEntity, type InferEntity } from '@mikro-orm/core';
import {
  CapacityValues,
  EnquiryLeads,
  EnquiryOutcomes,
  MspValues,
  OutcomesMetValues,
  RiskNowValues,
} from '@vigil/contracts';
import { CaseSchema } from './case.entity';

/** Narrative and personal details of a Section 42 enquiry (DOMAIN §4.2, † and ‡): PostgreSQL only. */
export const EnquirySchema = defineEntity({
  name: 'Enquiry',
  tableName: 'enquiries',
  properties: (p) => ({
    caseId: p.oneToOne(CaseSchema).mapToPk().fieldName('case_id').primary().owner(),
    adultName: p.text(),
    adultDateOfBirth: p.date().nullable(),
    summary: p.text(),
    immediateRisk: p.boolean(),
    msp: p.enum([...MspValues]).nullable(),
    desiredOutcomes: p.text().nullable(),
    capacity: p.enum([...CapacityValues]).nullable(),
    advocate: p.boolean().nullable(),
    lead: p.enum([...EnquiryLeads]).nullable(),
    strategy: p.text().nullable(),
    scope: p.text().nullable(),
    questions: p.text().nullable(),
    reportDueOn: p.date().nullable(),
    report: p.text().nullable(),
    outcome: p.enum([...EnquiryOutcomes]).nullable(),
    riskNow: p.enum([...RiskNowValues]).nullable(),
    outcomesMet: p.enum([...OutcomesMetValues]).nullable(),
    plan: p.enum(['agreed', 'none_needed'] as const).nullable(),
    planSummary: p.text().nullable(),
    reviewOn: p.date().nullable(),
    /** Why the officer last returned the provider's report. */
    returnReason: p.text().nullable(),
  }),
});
export type EnquiryRecord = InferEntity<typeof EnquirySchema>;
