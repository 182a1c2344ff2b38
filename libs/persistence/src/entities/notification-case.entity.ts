import { defineEntity, type InferEntity } from '@mikro-orm/core';
import { NotificationTriggers } from '@vigil/contracts';
import { CaseSchema } from './case.entity';

/** A notification to the commissioner (DOMAIN §4.6; †: the details of what happened): PostgreSQL only. */
export const CommissionerNotificationSchema = defineEntity({
  name: 'CommissionerNotification',
  tableName: 'commissioner_notifications',
  /** Notifications sent in a period (the returns). */
  indexes: [{ properties: ['sentAt'] }],
  properties: (p) => ({
    caseId: p.oneToOne(CaseSchema).mapToPk().fieldName('case_id').primary().owner(),
    trigger: p.enum([...NotificationTriggers]),
    occurredAt: p.datetime(),
    awareAt: p.datetime(),
    dueAt: p.datetime(),
    sentAt: p.datetime(),
    late: p.boolean(),
    lateReason: p.text().nullable(),
    summary: p.text(),
    acknowledgedAt: p.datetime().nullable(),
  }),
});
export type CommissionerNotificationRecord = InferEntity<typeof CommissionerNotificationSchema>;
