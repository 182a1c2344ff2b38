import {
  CasePageSchema,
  CaseViewSchema,
  OpenEnquirySchema,
  RaiseConcernSchema,
  WorkItemPageSchema,
} from '@vigil/contracts';
import { createZodDto } from 'nestjs-zod';

/* OpenAPI shapes of the API's bodies and responses, from the contracts' zod schemas. */
/** A union (one shape per case type): a DTO value rather than a class, which cannot extend a union. */
export const CaseDto = createZodDto(CaseViewSchema);
Object.defineProperty(CaseDto, 'name', { value: 'CaseDto' });
export class CasePageDto extends createZodDto(CasePageSchema) {}
export class WorkItemPageDto extends createZodDto(WorkItemPageSchema) {}
export class RaiseConcernDto extends createZodDto(RaiseConcernSchema) {}
export class OpenEnquiryDto extends createZodDto(OpenEnquirySchema) {}
