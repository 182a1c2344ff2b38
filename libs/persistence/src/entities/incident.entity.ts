import { defineEntity, type InferEntity } from '@mikro-orm/core';
import { IncidentCategories } from '@vigil/contracts';
import { CaseSchema } from './case.entity';

/** A serious incident (DOMAIN §4.4; †: what happened and what was found): PostgreSQL only. */
export const IncidentSchema = defineEntity({
  name: 'Incident',
  tableName: 'incidents',
  properties: (p) => ({
    caseId: p.oneToOne(CaseSchema).mapToPk().fieldName('case_id').primary().owner(),
    category: p.enum([...IncidentCategories]),
    occurredAt: p.datetime(),
    awareAt: p.datetime(),
    summary: p.text(),
    personalDataBreach: p.boolean(),
    /** A threat to continuity of service: whether people's care was interrupted (the 4-hour report clock). */
    careInterrupted: p.boolean().nullable(),
    siMeeting: p.boolean().nullable(),
    initialReviewFindings: p.text().nullable(),
    reportSummary: p.text().nullable(),
    learningAcceptedAt: p.datetime().nullable(),
    closingRationale: p.text().nullable(),
  }),
});
export type IncidentRecord = InferEntity<typeof IncidentSchema>;
