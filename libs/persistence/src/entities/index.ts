import { AuditEventSchema } from './audit.entity';
import {
  AccessGrantSchema,
  CaseEventSchema,
  CaseSchema,
  ClockSchema,
  ConcernSchema,
  TaskSchema,
} from './case.entity';
import { OrganisationSchema, TeamSchema } from './organisation.entity';
import { IdempotencyKeySchema, NotificationSchema, WorkflowCommandSchema } from './outbox.entity';
import { ApiTokenSchema, CommissioningSchema, SessionSchema, UserSchema } from './user.entity';

export * from './audit.entity';
export * from './case.entity';
export * from './organisation.entity';
export * from './outbox.entity';
export * from './user.entity';

export const AllEntities = [
  OrganisationSchema,
  TeamSchema,
  UserSchema,
  CommissioningSchema,
  ApiTokenSchema,
  CaseSchema,
  ConcernSchema,
  TaskSchema,
  ClockSchema,
  CaseEventSchema,
  NotificationSchema,
  WorkflowCommandSchema,
  IdempotencyKeySchema,
  AuditEventSchema,
  AccessGrantSchema,
  SessionSchema,
];
