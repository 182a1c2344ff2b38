import { defineEntity, type InferEntity } from '@mikro-orm/core';
import { ComplaintOutcomes, NoticeMethods } from '@vigil/contracts';
import { CaseSchema } from './case.entity';

/** A complaint (DOMAIN §4.5; †: the complainant's words): PostgreSQL only. */
export const ComplaintSchema = defineEntity({
  name: 'Complaint',
  tableName: 'complaints',
  properties: (p) => ({
    caseId: p.oneToOne(CaseSchema).mapToPk().fieldName('case_id').primary().owner(),
    receivedAt: p.datetime(),
    affectsCare: p.boolean(),
    complainantRelationship: p.text(),
    summary: p.text(),
    acknowledgedOn: p.date().nullable(),
    socialWorkerNotifiedAt: p.datetime().nullable(),
    socialWorkerMethod: p.enum([...NoticeMethods]).nullable(),
    respondedOn: p.date().nullable(),
    outcome: p.enum([...ComplaintOutcomes]).nullable(),
    sharedOn: p.date().nullable(),
    resolvedAtProviderStage: p.boolean().nullable(),
    closingRationale: p.text().nullable(),
  }),
});
export type ComplaintRecord = InferEntity<typeof ComplaintSchema>;
