import { defineEntity, type InferEntity } from '@mikro-orm/core';

/**
 * Append-only, hash-chained audit trail (HOUSE_STYLE 3.8). Triggers refuse UPDATE, DELETE and
 * TRUNCATE; the application role may only SELECT and call `vigil_audit_append`, which draws the sequence
 * and computes the hash itself. No narrative, ever.
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
    /** 1: hashed by the application (canonical JSON); 2: hashed by `vigil_audit_append` (length-prefixed fields). */
    hashVersion: p.smallint().default(1),
  }),
});
export type AuditEventRecord = InferEntity<typeof AuditEventSchema>;

/**
 * A chain's head as it stood at a moment, under an HMAC whose key the database does not hold: deleting
 * rows up to it, or recomputing every hash as the owner, no longer verifies.
 */
export const AuditCheckpointSchema = defineEntity({
  name: 'AuditCheckpoint',
  tableName: 'audit_checkpoints',
  properties: (p) => ({
    id: p.bigint('string').primary().autoincrement(),
    chain: p.text().index(),
    seq: p.bigint('string'),
    hash: p.text(),
    at: p.datetime(),
    mac: p.text(),
  }),
});
