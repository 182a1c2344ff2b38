import { AuditCheckpointSchema, AuditEventSchema } from './audit.entity';
import {
  AccessGrantSchema,
  CaseEventSchema,
  CaseLinkSchema,
  CaseNoteSchema,
  CaseRevealSchema,
  CaseSchema,
  CaseVisibilitySchema,
  ClockSchema,
  ConcernSchema,
  TaskSchema,
  TaskSubmissionSchema,
} from './case.entity';
import { EnquirySchema } from './enquiry.entity';
import { AllegationSchema } from './allegation.entity';
import { ComplaintSchema } from './complaint.entity';
import { CommissionerNotificationSchema } from './notification-case.entity';
import { IncidentSchema } from './incident.entity';
import {
  ProviderActionItemSchema,
  ProviderAffectedPersonSchema,
  ProviderConcernSchema,
  ProviderNoticeSchema,
} from './provider-concern.entity';
import { OrganisationSchema, TeamSchema } from './organisation.entity';
import { ClockTallySchema, OpenWorkSchema, ReturnSubmissionSchema } from './returns.entity';
import { IdempotencyKeySchema, NotificationSchema, WorkflowCommandSchema } from './outbox.entity';
import {
  ApiTokenSchema,
  CommissioningSchema,
  FormDraftSchema,
  SessionSchema,
  UserSchema,
} from './user.entity';

export * from './audit.entity';
export * from './case.entity';
export * from './enquiry.entity';
export * from './allegation.entity';
export * from './complaint.entity';
export * from './notification-case.entity';
export * from './incident.entity';
export * from './provider-concern.entity';
export * from './organisation.entity';
export * from './outbox.entity';
export * from './user.entity';
export * from './returns.entity';

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
  CaseNoteSchema,
  ReturnSubmissionSchema,
  ClockTallySchema,
  OpenWorkSchema,
  TaskSubmissionSchema,
  CaseLinkSchema,
  CaseRevealSchema,
  CaseVisibilitySchema,
  EnquirySchema,
  AllegationSchema,
  ComplaintSchema,
  CommissionerNotificationSchema,
  IncidentSchema,
  ProviderConcernSchema,
  ProviderNoticeSchema,
  ProviderActionItemSchema,
  ProviderAffectedPersonSchema,
  NotificationSchema,
  WorkflowCommandSchema,
  IdempotencyKeySchema,
  AuditEventSchema,
  AuditCheckpointSchema,
  AccessGrantSchema,
  SessionSchema,
  FormDraftSchema,
];
