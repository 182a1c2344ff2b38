import { defineEntity, type InferEntity } from '@mikro-orm/core';

export const OrganisationSchema = defineEntity({
  name: 'Organisation',
  tableName: 'organisations',
  properties: (p) => ({
    id: p.uuid().primary(),
    name: p.text(),
    kind: p.enum(['council', 'provider'] as const),
    /** A provider's commissioning council, or the council's own id (a council is its own area). */
    councilId: p.uuid().index(),
    createdAt: p.datetime().onCreate(() => new Date()),
  }),
});
export type Organisation = InferEntity<typeof OrganisationSchema>;

export const TeamSchema = defineEntity({
  name: 'Team',
  tableName: 'teams',
  properties: (p) => ({
    id: p.uuid().primary(),
    councilId: p.manyToOne(OrganisationSchema).mapToPk().fieldName('council_id'),
    name: p.text(),
    createdAt: p.datetime().onCreate(() => new Date()),
  }),
});
export type Team = InferEntity<typeof TeamSchema>;
