import { CaseStatuses, CaseTypes } from '@vigil/contracts';
import { z } from 'zod';

/**
 * The case list's GET filter: a status (the tabs, or a dashboard's link), a case type, and a page number;
 * anything unexpected falls back quietly.
 */
export const CaseFilterSchema = z.object({
  status: z
    .enum(CaseStatuses as unknown as readonly [string, ...string[]])
    .optional()
    .catch(undefined),
  type: z.enum(CaseTypes).optional().catch(undefined),
  /** A team of the council (the dashboard's links). */
  team: z.uuid().optional().catch(undefined),
  /** Open cases only (the dashboard's links). */
  open: z.literal('true').optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(100_000).catch(1),
});
export type CaseFilter = z.infer<typeof CaseFilterSchema>;

export function readCaseFilter(query: unknown): CaseFilter {
  return CaseFilterSchema.parse(query ?? {});
}
