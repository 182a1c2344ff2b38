import { defineEntity, type InferEntity } from '@mikro-orm/core';
import { CaseSchema } from './case.entity';
import { UserSchema } from './user.entity';

/**
 * One row per email: `(workflow_id, step_key, recipient_user_id)` is unique, so a retried or
 * replayed step finds its row and never sends twice (HOUSE_STYLE 3.8).
 */
export const NotificationSchema = defineEntity({
  name: 'Notification',
  tableName: 'notification_outbox',
  uniques: [{ properties: ['workflowId', 'stepKey', 'recipientUserId'] }],
  properties: (p) => ({
    id: p.uuid().primary(),
    workflowId: p.text(),
    caseId: p.manyToOne(CaseSchema).mapToPk().fieldName('case_id').index(),
    stepKey: p.text(),
    template: p.text(),
    recipientUserId: p.manyToOne(UserSchema).mapToPk().fieldName('recipient_user_id'),
    status: p.enum(['pending', 'sent', 'cancelled'] as const),
    messageId: p.text().unique(),
    attempts: p.integer().default(0),
    lastError: p.text().nullable(),
    smtpResponse: p.text().nullable(),
    createdAt: p.datetime(),
    sentAt: p.datetime().nullable(),
  }),
});
export type NotificationRecord = InferEntity<typeof NotificationSchema>;

/**
 * Workflow starts and signals requested in the same transaction as the change that needs them.
 * Delivered straight after commit; the worker's relay delivers whatever a crash left behind.
 */
export const WorkflowCommandSchema = defineEntity({
  name: 'WorkflowCommand',
  tableName: 'workflow_commands',
  indexes: [{ properties: ['dispatchedAt', 'createdAt'] }],
  properties: (p) => ({
    id: p.bigint('number').primary().autoincrement(),
    caseId: p.manyToOne(CaseSchema).mapToPk().fieldName('case_id').index(),
    workflowId: p.text(),
    kind: p.enum(['start', 'signal'] as const),
    /** Workflow type for a start, signal name for a signal. */
    name: p.text(),
    /** IDs, enums and ISO instants only: this becomes a Temporal payload. */
    payload: p.json<Record<string, unknown>>(),
    createdAt: p.datetime(),
    dispatchedAt: p.datetime().nullable(),
    attempts: p.integer().default(0),
    lastError: p.text().nullable(),
  }),
});
export type WorkflowCommandRecord = InferEntity<typeof WorkflowCommandSchema>;

/** `(user, Idempotency-Key)` → the stored response of a create, kept 24 hours. */
export const IdempotencyKeySchema = defineEntity({
  name: 'IdempotencyKey',
  tableName: 'idempotency_keys',
  properties: (p) => ({
    userId: p.manyToOne(UserSchema).mapToPk().fieldName('user_id').primary(),
    key: p.text().primary(),
    requestHash: p.text(),
    state: p.enum(['in_flight', 'done'] as const),
    responseStatus: p.integer().nullable(),
    responseBody: p.json<unknown>().nullable(),
    location: p.text().nullable(),
    createdAt: p.datetime(),
    expiresAt: p.datetime().index(),
  }),
});
export type IdempotencyKeyRecord = InferEntity<typeof IdempotencyKeySchema>;
