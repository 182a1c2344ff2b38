import { Injectable } from '@nestjs/common';
import { CaseTypes, type CaseType, type UserRole } from '@vigil/contracts';
import { caseScopeFor, forbidden } from '@vigil/domain';
import { CaseAccess, type RequestContext } from './case-access.service';
import { scopeWhere } from './scope-sql';

/** Who reads the dashboard (issue 11): managers of the council's teams, and commissioners for their providers. */
export const DashboardRoles: readonly UserRole[] = ['team_manager', 'head_of_service', 'commissioner'];

export interface DashboardWeek {
  /** The Monday (London) the week starts on, `YYYY-MM-DD`. */
  weekStart: string;
  raised: number;
  closed: number;
  /** Clocks that fell due in the week, and of them those met by their due time. */
  clocksDue: number;
  clocksMet: number;
}

export interface DashboardFigures {
  openByType: { type: CaseType; count: number }[];
  overdueTasks: number;
  dueSoon: number;
  triageOverdue: number;
  openEnquiries: number;
  suspensionsInPlace: number;
  weeks: DashboardWeek[];
}

const WEEKS = 13;

/**
 * The manager's dashboard (issue 11): what is open and late across every case type in the reader's scope
 * (the same scope SQL as the case list, under row-level security), and a 13-week trend of cases raised and
 * closed and of clock compliance (met by the due time ÷ fell due), by London week. Reading it is audited.
 */
@Injectable()
export class DashboardQueries {
  constructor(private readonly access: CaseAccess) {}

  async figures(ctx: RequestContext, dueSoonUntil: Date): Promise<DashboardFigures> {
    if (!DashboardRoles.includes(ctx.principal.role)) {
      await this.access.refuse(ctx, null, 'dashboard.read', 'forbidden');
      throw forbidden('The dashboard is for team managers, heads of service and commissioners');
    }
    return this.access.transaction(ctx, async (em) => {
      const scope = scopeWhere(caseScopeFor(ctx.principal));
      const open = `c.closed_at is null and (${scope.sql})`;
      const byType = await em.execute<{ type: CaseType; n: string }[]>(
        `select c.type, count(*)::text as n from cases c where ${open} group by c.type`,
        scope.params,
      );
      const [counts] = await em.execute<Record<string, string>[]>(
        `select
           (select count(*) from tasks t join cases c on c.id = t.case_id
             where t.status = 'open' and t.due_at < now() and ${open})::text as overdue,
           (select count(*) from tasks t join cases c on c.id = t.case_id
             where t.status = 'open' and t.due_at >= now() and t.due_at <= ? and ${open})::text as soon,
           (select count(distinct c.id) from clocks k join cases c on c.id = k.case_id
             where c.status = 'awaiting_triage' and k.name in ('concern.triage', 'concern.urgent_triage')
               and k.state = 'breached' and ${open})::text as triage,
           (select count(*) from cases c where c.type = 's42_enquiry' and ${open})::text as enquiries,
           (select count(*) from cases c where c.status = 'suspension_in_place' and ${open})::text as suspensions`,
        [...scope.params, dueSoonUntil, ...scope.params, ...scope.params, ...scope.params, ...scope.params],
      );
      const weeks = await em.execute<
        { week_start: string; raised: string; closed: string; clocks_due: string; clocks_met: string }[]
      >(
        `with weeks as (
           select generate_series(
             date_trunc('week', now() at time zone 'Europe/London') - interval '${WEEKS - 1} weeks',
             date_trunc('week', now() at time zone 'Europe/London'),
             interval '1 week') as local_start)
         select to_char(w.local_start, 'YYYY-MM-DD') as week_start,
           (select count(*) from cases c where (${scope.sql})
              and c.created_at >= (w.local_start at time zone 'Europe/London')
              and c.created_at < ((w.local_start + interval '1 week') at time zone 'Europe/London'))::text as raised,
           (select count(*) from cases c where (${scope.sql})
              and c.closed_at >= (w.local_start at time zone 'Europe/London')
              and c.closed_at < ((w.local_start + interval '1 week') at time zone 'Europe/London'))::text as closed,
           (select count(*) from clocks k join cases c on c.id = k.case_id where (${scope.sql})
              and k.state <> 'cancelled' and k.due_at <= now()
              and k.due_at >= (w.local_start at time zone 'Europe/London')
              and k.due_at < ((w.local_start + interval '1 week') at time zone 'Europe/London'))::text as clocks_due,
           (select count(*) from clocks k join cases c on c.id = k.case_id where (${scope.sql})
              and k.state = 'met' and k.met_at <= k.due_at and k.due_at <= now()
              and k.due_at >= (w.local_start at time zone 'Europe/London')
              and k.due_at < ((w.local_start + interval '1 week') at time zone 'Europe/London'))::text as clocks_met
         from weeks w order by w.local_start`,
        [...scope.params, ...scope.params, ...scope.params, ...scope.params],
      );
      await this.access.record(em, ctx, 'dashboard.read', null, {});
      const n = (v: string | undefined) => Number(v ?? 0);
      return {
        openByType: CaseTypes.map((type) => ({
          type,
          count: n(byType.find((r) => r.type === type)?.n),
        })),
        overdueTasks: n(counts.overdue),
        dueSoon: n(counts.soon),
        triageOverdue: n(counts.triage),
        openEnquiries: n(counts.enquiries),
        suspensionsInPlace: n(counts.suspensions),
        weeks: weeks.map((w) => ({
          weekStart: w.week_start,
          raised: n(w.raised),
          closed: n(w.closed),
          clocksDue: n(w.clocks_due),
          clocksMet: n(w.clocks_met),
        })),
      };
    });
  }
}
