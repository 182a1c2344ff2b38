import type { Sql } from './scope-sql';

/**
 * The London week an instant falls in, cut where a quarter starts (the tallies' `due_week`, as
 * Migration20261204153513_clock_tallies computes it).
 */
const dueWeek = (t: string): string =>
  `greatest(date_trunc('week', ${t} at time zone 'Europe/London'), date_trunc('quarter', ${t} at time zone 'Europe/London'))::date`;
/** The current such week, as a date and as the instant it starts. */
const THIS_WEEK = `(${dueWeek('now()')})`;
const THIS_WEEK_STARTS = `(${THIS_WEEK}::timestamp at time zone 'Europe/London')`;

/**
 * Clocks that fell due in a range of London days and by now, counted the one way the dashboard and the
 * returns both count them (DOMAIN §6): an extended task's clock (cancelled, its task replaced) counts by its
 * original due time, met only if met by then; the replacement's clock (`replaces` names the original) is
 * not counted again, but says whether the extension was kept (`met_ext`).
 *
 * Weeks before the current one come from `clock_tallies` (kept by the trigger on `clocks`, ADR 0018, which
 * applies the same rule); the current week's clocks, some not yet due, are read live. `from` and `to` must
 * fall where a tally's week starts: a Monday or the first day of a quarter. Both parts are filtered by `scope`, SQL over
 * alias `c` using only the scope columns a tally shares with its cases (`type`, `council_id`, `team_id`,
 * `provider_id`, `involves_children`). The rows have `due_week`, `name`, `provider_id`, `due`, `met` and
 * `met_ext`, for `select` and `groupBy` to shape; `from` and `to` (exclusive) are SQL dates.
 */
export function clockComplianceSql(parts: {
  select: string;
  groupBy: string;
  from: Sql;
  to: Sql | null;
  scope: Sql;
}): Sql {
  const to = parts.to ?? { sql: `(${THIS_WEEK} + 7)`, params: [] };
  const sql = `select ${parts.select}, sum(x.due)::text as due, sum(x.met)::text as met, sum(x.met_ext)::text as met_ext
    from (
      select c.due_week, c.name, c.provider_id, c.due, c.met, c.met_ext
        from clock_tallies c
       where c.due_week >= ${parts.from.sql} and c.due_week < least(${to.sql}, ${THIS_WEEK}) and (${parts.scope.sql})
      union all
      select ${dueWeek('k.due_at')}, k.name, c.provider_id, 1,
             coalesce(coalesce(r.met_at, k.met_at) <= k.due_at and (k.state = 'met' or r.state = 'met'), false)::int,
             coalesce(r.state = 'met' and r.met_at > k.due_at and r.met_at <= r.due_at, false)::int
        from clocks k
        join cases c on c.id = k.case_id
        left join clocks r on r.replaces = k.id
       where k.due_at >= ${THIS_WEEK_STARTS} and k.due_at <= now()
         and k.due_at >= (${parts.from.sql}::timestamp at time zone 'Europe/London')
         and k.due_at < (${to.sql}::timestamp at time zone 'Europe/London')
         and k.replaces is null and (k.state <> 'cancelled' or r.id is not null)
         and (${parts.scope.sql})
    ) x
    group by ${parts.groupBy}`;
  return {
    sql,
    params: [
      ...parts.from.params,
      ...to.params,
      ...parts.scope.params,
      ...parts.from.params,
      ...to.params,
      ...parts.scope.params,
    ],
  };
}
