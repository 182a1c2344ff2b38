import { defineEntity, type InferEntity } from '@mikro-orm/core';
import {
  AllegationOutcomes,
  EmploymentOutcomes,
  LadoDecisions,
  Regulators,
  StaffTypes,
} from '@vigil/contracts';
import { CaseSchema } from './case.entity';

/** An allegation against staff (DOMAIN §4.3, ‡: special-category, criminal allegation): PostgreSQL only. */
export const AllegationSchema = defineEntity({
  name: 'Allegation',
  tableName: 'allegations',
  properties: (p) => ({
    caseId: p.oneToOne(CaseSchema).mapToPk().fieldName('case_id').primary().owner(),
    staffName: p.text(),
    jobTitle: p.text(),
    staffType: p.enum([...StaffTypes]).nullable(),
    worksWithChildren: p.boolean(),
    regulatedActivityProvider: p.boolean().nullable(),
    regulator: p.enum([...Regulators]).nullable(),
    summary: p.text(),
    suspendedAt: p.datetime().nullable(),
    suspensionLiftedAt: p.datetime().nullable(),
    liftRationale: p.text().nullable(),
    ladoDecision: p.enum([...LadoDecisions]).nullable(),
    employmentOutcome: p.enum([...EmploymentOutcomes]).nullable(),
    outcome: p.enum([...AllegationOutcomes]).nullable(),
    closingRationale: p.text().nullable(),
  }),
});
export type AllegationRecord = InferEntity<typeof AllegationSchema>;
