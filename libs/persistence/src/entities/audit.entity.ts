import { defineEntity, type InferEntity } from '@mikro-orm/core';

/**
 * Append-only, hash-chained audit trail (HOUSE_STYLE 3.8). Triggers refuse UPDATE, DELETE and
 * TRUNCATE; the application role has INSERT and SELECT only. No narrative, ever.
 */
export const AuditEventSchema = defineEntity({
  name: 'AuditEvent',
  tableName: 'audit_events',
  uniques: [{ properties: ['chain', 'seq'] }],
  indexes: [{ properties: ['subjectId', 'id'] }],
  properties: (p) => ({
    id: p.bigint('string').primary().autoincrement(),
    /** One chain per organisation (the actor's), or `global` for anonymous events. */
    chain: p.text(),
    seq: p.bigint('string'),
    at: p.datetime(),
    actorUserId: p.uuid().nullable(),
    actorRole: p.text().nullable(),
    actorOrganisationId: p.uuid().nullable(),
    action: p.text(),
    outcome: p.enum(['success', 'refused', 'failed'] as const),
    subjectType: p.text().nullable(),
    subjectId: p.uuid().nullable(),
    ip: p.text().nullable(),
    correlationId: p.text().nullable(),
    details: p.json<Record<string, unknown>>(),
    prevHash: p.text(),
    hash: p.text().unique(),
  }),
});
export type AuditEventRecord = InferEntity<typeof AuditEventSchema>;
