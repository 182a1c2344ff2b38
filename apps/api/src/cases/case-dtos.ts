import {
  CasePageSchema,
  CaseViewSchema,
  OpenEnquirySchema,
  RaiseAllegationSchema,
  RaiseConcernSchema,
  RecordComplaintSchema,
  RecordNotificationSchema,
  RecordIncidentSchema,
  OpenProviderConcernSchema,
  ProviderViewSchema,
  ProviderListSchema,
  WorkItemPageSchema,
} from '@vigil/contracts';
import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';

/* OpenAPI shapes of the API's bodies and responses, from the contracts' zod schemas. */
/** A union (one shape per case type): a DTO value rather than a class, which cannot extend a union. */
export const CaseDto = createZodDto(CaseViewSchema);
Object.defineProperty(CaseDto, 'name', { value: 'CaseDto' });
export class CasePageDto extends createZodDto(CasePageSchema) {}
export class WorkItemPageDto extends createZodDto(WorkItemPageSchema) {}
export class RaiseConcernDto extends createZodDto(RaiseConcernSchema) {}
export class OpenEnquiryDto extends createZodDto(OpenEnquirySchema) {}
export class RaiseAllegationDto extends createZodDto(RaiseAllegationSchema) {}
export class RecordComplaintDto extends createZodDto(RecordComplaintSchema) {}
export class RecordNotificationDto extends createZodDto(RecordNotificationSchema) {}
export class RecordIncidentDto extends createZodDto(RecordIncidentSchema) {}
export class OpenProviderConcernDto extends createZodDto(OpenProviderConcernSchema) {}
export class ProviderDto extends createZodDto(ProviderViewSchema) {}
export class ProviderListDto extends createZodDto(ProviderListSchema) {}

/** One row of a case's audit trail (IDs, enums and reason codes only). */
const AuditItemSchema = z.object({
  id: z.string(),
  seq: z.string(),
  at: z.iso.datetime(),
  action: z.string(),
  outcome: z.string(),
  actor: z.object({
    userId: z.uuid().nullable(),
    role: z.string().nullable(),
    organisationId: z.uuid().nullable(),
  }),
  ip: z.string().nullable(),
  correlationId: z.string().nullable(),
  details: z.record(z.string(), z.unknown()),
});
export class AuditTrailDto extends createZodDto(
  z.object({ items: z.array(AuditItemSchema), total: z.number().int() }),
) {}
export class AccessGrantDto extends createZodDto(
  z.object({
    id: z.uuid(),
    caseId: z.uuid(),
    userId: z.uuid(),
    grantedAt: z.iso.datetime(),
    expiresAt: z.iso.datetime(),
  }),
) {}
