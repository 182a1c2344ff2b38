import { DashboardPeriods, DEFAULT_DASHBOARD_PERIOD, type DashboardQuery } from '@vigil/cases';
import { z } from 'zod';

/**
 * The dashboard's GET filter: the period (the last 4, 13, 26 or 52 London weeks) and a team (its ID, or
 * `all`). Anything unexpected falls back quietly: the period to 13 weeks, the team to the reader's default
 * (the service also falls back when the team is not one they may choose).
 */
export const DashboardFilterSchema = z.object({
  weeks: z.preprocess(
    (v) => (typeof v === 'string' && /^\d{1,3}$/.test(v) ? Number(v) : v),
    z.literal(DashboardPeriods).catch(DEFAULT_DASHBOARD_PERIOD),
  ),
  team: z
    .union([z.literal('all'), z.uuid()])
    .optional()
    .catch(undefined),
});

export function readDashboardFilter(query: unknown): DashboardQuery {
  const parsed = DashboardFilterSchema.parse(query ?? {});
  return parsed.team ? { weeks: parsed.weeks, team: parsed.team } : { weeks: parsed.weeks };
}
