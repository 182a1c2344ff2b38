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
