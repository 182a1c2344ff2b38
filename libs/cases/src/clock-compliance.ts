/**
 * Clocks that fell due, counted the one way the dashboard and the returns both count them (DOMAIN §6):
 * an extended task's clock (cancelled, its task replaced; `TaskExtension` leaves the replacement's ID in
 * the submission's `replacedBy`) counts by its original due time, met only if met by then; the
 * replacement's clock is not counted again, but says whether the extension was kept (`met_ext`).
 *
 * Written for a million cases (docs/benchmarks.md): the replacement is looked up per extended clock only
 * (`offset 0` keeps the lateral subquery a per-row index lookup on `clocks (task_id)`, where the planner
 * would otherwise merge with every clock), and the replaced task IDs are read once per statement (an
 * InitPlan over the partial index on `replacedBy`), not once per clock.
 *
 * `k` is the clock and `c` its case; `columns`, `where` and `groupBy` may use both.
 */
export function clockComplianceSql(parts: { columns: string; where: string; groupBy: string }): string {
  return `select ${parts.columns}, count(*)::text as due,
     count(*) filter (where coalesce(r.met_at, k.met_at) <= k.due_at
                        and (k.state = 'met' or r.state = 'met'))::text as met,
     count(*) filter (where r.state = 'met' and r.met_at > k.due_at and r.met_at <= r.due_at)::text as met_ext
   from clocks k
   join cases c on c.id = k.case_id
   left join task_submissions s on s.task_id = k.task_id and s.payload->>'replacedBy' is not null
   left join lateral (select r.state, r.met_at, r.due_at from clocks r
                       where r.task_id = (s.payload->>'replacedBy')::uuid and r.name = k.name offset 0) r on true
   where (${parts.where})
     and (k.state <> 'cancelled' or s.task_id is not null)
     and coalesce(k.task_id::text, '') <> all (array(select x.payload->>'replacedBy' from task_submissions x
                                                      where x.payload->>'replacedBy' is not null))
   group by ${parts.groupBy}`;
}
