import type { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { CaseTypes, LadderRoles, type CaseType, type LadderRole, type UserRole } from '@vigil/contracts';
import { AssigneeRoles, caseScopeFor, forbidden, type CaseScope } from '@vigil/domain';
import { CaseAccess, type RequestContext } from './case-access.service';
import { clockComplianceSql } from './clock-compliance';
import { aggregateScope, scopeWhere, type Sql } from './scope-sql';

/** Who reads the dashboard (issue 11): managers of the council's teams, and commissioners for their providers. */
export const DashboardRoles: readonly UserRole[] = ['team_manager', 'head_of_service', 'commissioner'];

/** The periods the dashboard offers, in weeks ending with the current London week. */
export const DashboardPeriods = [4, 13, 26, 52] as const;
export type DashboardPeriod = (typeof DashboardPeriods)[number];
export const DEFAULT_DASHBOARD_PERIOD: DashboardPeriod = 13;

/**
 * Who holds a task for the council (DOMAIN §3): every ladder role but the provider's. A council-held task on a
 * case belongs to the officer the case is assigned to (`cases.assignee_user_id`), or to nobody yet.
 */
export const CouncilHolders: readonly LadderRole[] = LadderRoles.filter((r) => r !== 'provider_manager');

/** What the reader asked for; anything they may not choose falls back to their default. */
export interface DashboardQuery {
  weeks: DashboardPeriod;
  /** A team's ID, `all` (every team in scope), or undefined for the role's default. */
  team?: string;
}

export interface DashboardWeek {
  /** The Monday (London) the week starts on, `YYYY-MM-DD`. */
  weekStart: string;
  raised: number;
  closed: number;
  /** Clocks that fell due in the week (by their original due time), and of them those met by it. */
  clocksDue: number;
  clocksMet: number;
}

/** One clock's compliance over the period: fell due, met by the (original) due time, met within an extension. */
export interface DashboardClock {
  name: string;
  due: number;
  met: number;
  metWithinExtension: number;
}

/** One person's (or nobody's) council-held open tasks: overdue, and due within the next working days. */
export interface DashboardMember {
  /** Null: cases nobody is assigned to. */
  userId: string | null;
  name: string | null;
  overdue: number;
  dueSoon: number;
}

export interface DashboardFilterApplied {
  weeks: DashboardPeriod;
  /** The team the figures are for, or null for every case in the reader's scope. */
  teamId: string | null;
  /** The first London Monday of the period, `YYYY-MM-DD`. */
  from: string;
}

export interface DashboardFigures {
  filter: DashboardFilterApplied;
  /** The teams the reader may choose; empty when there is no team filter (a commissioner). */
  teams: { id: string; name: string }[];
  /** Whether "all teams" may be chosen (the reader sees the whole council's cases). */
  allTeams: boolean;
  openByType: { type: CaseType; count: number }[];
  overdueTasks: number;
  dueSoon: number;
  triageOverdue: number;
  openEnquiries: number;
  suspensionsInPlace: number;
  members: DashboardMember[];
  weeks: DashboardWeek[];
  clocks: DashboardClock[];
}

const n = (v: string | number | null | undefined): number => Number(v ?? 0);

/** The London date of the Monday starting the first week of the period. */
const periodStartDay = (weeks: number): string =>
  `(date_trunc('week', now() at time zone 'Europe/London') - interval '${weeks - 1} weeks')::date`;
/** Midnight (London) of that Monday: a constant for the statement, so indexes apply. */
const periodStart = (weeks: number): string =>
  `(${periodStartDay(weeks)}::timestamp at time zone 'Europe/London')`;
/** The scope SQL, narrowed to one team when the manager chose one. */
const withTeam = (scope: Sql, teamId: string | null): Sql =>
  teamId
    ? { sql: `(${scope.sql}) and c.team_id = ?`, params: [...scope.params, teamId] }
    : { sql: `(${scope.sql})`, params: scope.params };
/** Today's date on the London calendar, and the instant a London date starts. */
const LONDON_TODAY = `(now() at time zone 'Europe/London')::date`;
const dayStarts = (date: string): string => `((${date})::timestamp at time zone 'Europe/London')`;
/** The London Monday a timestamp falls in, `YYYY-MM-DD`. */
const weekOf = (column: string): string =>
  `to_char(date_trunc('week', ${column} at time zone 'Europe/London'), 'YYYY-MM-DD')`;

/**
 * The manager's dashboard (issue 11): what is open and late across every case type in the reader's scope
 * (the same scope SQL as the case list, under row-level security), optionally for one team; overdue and
 * soon-due council work by the officer the case is assigned to; and, over a period of 4 to 52 London weeks,
 * cases raised and closed and clock compliance (met by the due time ÷ fell due), by week and by clock.
 *
 * The SQL is a handful of statements, each one pass over a bounded range: open cases and tasks from the
 * counts kept by triggers (ADR 0019; today's and the window's last day's tasks live), cases created or
 * closed since the period began, clocks that fell due since then (tallies, ADR 0018, and the current week
 * live); each grouped by week (or person, or clock) rather than a subquery per week. Reading it is audited,
 * with the filters.
 */
@Injectable()
export class DashboardQueries {
  constructor(private readonly access: CaseAccess) {}

  async figures(ctx: RequestContext, query: DashboardQuery, dueSoonUntil: Date): Promise<DashboardFigures> {
    const { principal } = ctx;
    if (!DashboardRoles.includes(principal.role)) {
      await this.access.refuse(ctx, null, 'dashboard.read', 'forbidden');
      throw forbidden('The dashboard is for team managers, heads of service and commissioners');
    }
    const weeks = (DashboardPeriods as readonly number[]).includes(query.weeks)
      ? query.weeks
      : DEFAULT_DASHBOARD_PERIOD;
    const caseScope = caseScopeFor(principal);
    return this.access.transaction(ctx, async (em) => {
      const { teams, allTeams, teamId } = await this.teamFilter(em, ctx, caseScope, query.team);
      const where = withTeam(scopeWhere(caseScope), teamId);

      // Counts of open work come from `open_work` (kept by triggers, ADR 0019), in the scope a count shares
      // with its cases (the team's, the council's, the commissioned providers'; not per raiser or grant).
      const counted = withTeam(scopeWhere(aggregateScope(caseScope), 'c'), teamId);

      // Open cases by type and status: the type table, open enquiries and suspensions in one pass.
      const open = await em.execute<{ type: CaseType; status: string; n: string }[]>(
        `select c.type, c.status, sum(c.n)::text as n from open_work c
          where c.task_type is null and ${counted.sql}
          group by c.type, c.status`,
        counted.params,
      );

      // Open tasks due before the end of the window, by assignee and by who holds them: the panels and the
      // table by team member. Whole London days from the counts (before today: overdue; after today and
      // before the window's last day: due soon); today and the last day, split by the time, read live.
      const holders = `{${CouncilHolders.join(',')}}`;
      const lastDay = `(?::timestamptz at time zone 'Europe/London')::date`;
      const tasks = await em.execute<
        { assignee: string | null; council: boolean; overdue: string; soon: string; triage: string }[]
      >(
        `select assignee, council, sum(overdue)::text as overdue, sum(soon)::text as soon,
                sum(triage)::text as triage
           from (select c.assignee_user_id as assignee, (c.assigned_role = any(?::text[])) as council,
                        sum(c.n) filter (where c.due_day < ${LONDON_TODAY}) as overdue,
                        sum(c.n) filter (where c.due_day > ${LONDON_TODAY}) as soon,
                        sum(c.n) filter (where c.due_day < ${LONDON_TODAY} and c.task_type = 'triage_decision'
                                           and c.type = 'concern') as triage
                   from open_work c
                  where c.task_type is not null and c.due_day <> ${LONDON_TODAY} and c.due_day < ${lastDay}
                    and ${counted.sql}
                  group by 1, 2
                 union all
                 select c.assignee_user_id, (t.assigned_role = any(?::text[])),
                        count(*) filter (where t.due_at < now()),
                        count(*) filter (where t.due_at >= now()),
                        count(*) filter (where t.due_at < now() and t.type = 'triage_decision' and c.type = 'concern')
                   from tasks t join cases c on c.id = t.case_id
                  where t.status = 'open' and c.closed_at is null
                    and ((t.due_at >= ${dayStarts(LONDON_TODAY)} and t.due_at < ${dayStarts(`${LONDON_TODAY} + 1`)})
                         or (t.due_at >= ${dayStarts(lastDay)} and t.due_at <= ?))
                    and ${counted.sql}
                  group by 1, 2) x
          group by 1, 2`,
        [holders, dueSoonUntil, ...counted.params, holders, dueSoonUntil, dueSoonUntil, ...counted.params],
      );

      const periodWeeks = await em.execute<{ week_start: string }[]>(
        `select to_char(w, 'YYYY-MM-DD') as week_start
           from generate_series(
             date_trunc('week', now() at time zone 'Europe/London') - interval '${weeks - 1} weeks',
             date_trunc('week', now() at time zone 'Europe/London'),
             interval '1 week') as w
          order by w`,
      );

      // Cases raised and closed since the period began, by London week: two range scans, one statement.
      const flow = await em.execute<{ week_start: string; raised: string; closed: string }[]>(
        `select week_start, count(*) filter (where kind = 'raised')::text as raised,
                count(*) filter (where kind = 'closed')::text as closed
           from (select ${weekOf('c.created_at')} as week_start, 'raised' as kind from cases c
                  where c.created_at >= ${periodStart(weeks)} and ${where.sql}
                 union all
                 select ${weekOf('c.closed_at')}, 'closed' from cases c
                  where c.closed_at >= ${periodStart(weeks)} and ${where.sql}) e
          group by week_start`,
        [...where.params, ...where.params],
      );

      // Clocks that fell due since the period began (and by now), by week and name, as on /returns.
      const compliance = clockComplianceSql({
        select: `to_char(date_trunc('week', x.due_week), 'YYYY-MM-DD') as week_start, x.name`,
        groupBy: '1, 2',
        from: { sql: periodStartDay(weeks), params: [] },
        to: null,
        scope: withTeam(scopeWhere(aggregateScope(caseScope)), teamId),
      });
      const clocks = await em.execute<
        { week_start: string; name: string; due: string; met: string; met_ext: string }[]
      >(compliance.sql, compliance.params);

      const members = await this.members(em, ctx, caseScope, teamId, allTeams, tasks);

      await this.access.record(em, ctx, 'dashboard.read', null, { weeks, team: teamId ?? 'all' });

      const sum = <T>(rows: readonly T[], pick: (r: T) => string | number) =>
        rows.reduce((total, r) => total + n(pick(r)), 0);
      const byName = new Map<string, DashboardClock>();
      for (const r of clocks) {
        const c = byName.get(r.name) ?? { name: r.name, due: 0, met: 0, metWithinExtension: 0 };
        c.due += n(r.due);
        c.met += n(r.met);
        c.metWithinExtension += n(r.met_ext);
        byName.set(r.name, c);
      }
      return {
        filter: { weeks, teamId, from: periodWeeks[0]?.week_start ?? '' },
        teams,
        allTeams,
        openByType: CaseTypes.map((type) => ({
          type,
          count: sum(
            open.filter((r) => r.type === type),
            (r) => r.n,
          ),
        })),
        overdueTasks: sum(tasks, (r) => r.overdue),
        dueSoon: sum(tasks, (r) => r.soon),
        triageOverdue: sum(tasks, (r) => r.triage),
        openEnquiries: sum(
          open.filter((r) => r.type === 's42_enquiry'),
          (r) => r.n,
        ),
        suspensionsInPlace: sum(
          open.filter((r) => r.status === 'suspension_in_place'),
          (r) => r.n,
        ),
        members,
        weeks: periodWeeks.map(({ week_start }) => {
          const f = flow.find((r) => r.week_start === week_start);
          const k = clocks.filter((r) => r.week_start === week_start);
          return {
            weekStart: week_start,
            raised: n(f?.raised),
            closed: n(f?.closed),
            clocksDue: sum(k, (r) => r.due),
            clocksMet: sum(k, (r) => r.met),
          };
        }),
        clocks: [...byName.values()],
      };
    });
  }

  /**
   * The team filter: a commissioner has none (their providers' cases); a reader who sees the whole council
   * (head of service) may choose any of its teams or all, by default all; a team manager sees their team's
   * cases, so their team is the default and, unless their scope reaches further, the only choice.
   */
  private async teamFilter(
    em: EntityManager,
    ctx: RequestContext,
    scope: CaseScope,
    requested: string | undefined,
  ): Promise<{ teams: { id: string; name: string }[]; allTeams: boolean; teamId: string | null }> {
    const { principal } = ctx;
    if (principal.role === 'commissioner' || scope.kind === 'none') {
      return { teams: [], allTeams: false, teamId: null };
    }
    const councilWide = scope.clauses.some((c) => c.relationship === 'council');
    const scoped = scope.clauses.flatMap((c) => (c.relationship === 'team' ? [c.teamId] : []));
    const teams = councilWide
      ? await em.execute<{ id: string; name: string }[]>(
          `select id, name from teams where council_id = ? order by name, id`,
          [principal.councilId],
        )
      : scoped.length > 0
        ? await em.execute<{ id: string; name: string }[]>(
            `select id, name from teams where council_id = ? and id in (${scoped.map(() => '?').join(', ')})
              order by name, id`,
            [principal.councilId, ...scoped],
          )
        : [];
    const own = teams.find((t) => t.id === principal.teamId)?.id ?? null;
    const fallback = principal.role === 'team_manager' || !councilWide ? (own ?? teams[0]?.id ?? null) : null;
    const teamId =
      requested === 'all' && councilWide
        ? null
        : requested && teams.some((t) => t.id === requested)
          ? requested
          : fallback;
    return { teams, allTeams: councilWide, teamId };
  }

  /**
   * The table by team member: the team's officers and team managers (or the council's, for all teams), each
   * with their council-held overdue and soon-due tasks, then anyone else a counted case is assigned to, and
   * "Unassigned" for cases with nobody. A commissioner sees only those their providers' cases are assigned to.
   */
  private async members(
    em: EntityManager,
    ctx: RequestContext,
    scope: CaseScope,
    teamId: string | null,
    allTeams: boolean,
    tasks: readonly { assignee: string | null; council: boolean; overdue: string; soon: string }[],
  ): Promise<DashboardMember[]> {
    const { principal } = ctx;
    const held = tasks.filter((t) => t.council);
    const counted = [...new Set(held.flatMap((t) => (t.assignee ? [t.assignee] : [])))];
    const roles = `{${AssigneeRoles.join(',')}}`;
    const staff =
      principal.role === 'commissioner' || scope.kind === 'none'
        ? []
        : teamId
          ? await em.execute<{ id: string; name: string }[]>(
              `select id, display_name as name from users
                where active and organisation_id = ? and team_id = ? and role = any(?::text[])`,
              [principal.councilId, teamId, roles],
            )
          : allTeams
            ? await em.execute<{ id: string; name: string }[]>(
                `select id, display_name as name from users
                  where active and organisation_id = ? and role = any(?::text[])`,
                [principal.councilId, roles],
              )
            : [];
    const others = counted.filter((id) => !staff.some((s) => s.id === id));
    const named = others.length
      ? await em.execute<{ id: string; name: string }[]>(
          `select id, display_name as name from users where id in (${others.map(() => '?').join(', ')})`,
          others,
        )
      : [];
    const count = (userId: string | null) => ({
      overdue: held.filter((t) => t.assignee === userId).reduce((s, t) => s + n(t.overdue), 0),
      dueSoon: held.filter((t) => t.assignee === userId).reduce((s, t) => s + n(t.soon), 0),
    });
    const people = [
      ...staff,
      ...others.map((id) => ({ id, name: named.find((u) => u.id === id)?.name ?? 'Unknown officer' })),
    ]
      .map((p) => ({ userId: p.id, name: p.name, ...count(p.id) }))
      .sort((a, b) => a.name.localeCompare(b.name, 'en-GB') || a.userId.localeCompare(b.userId));
    return [...people, { userId: null, name: null, ...count(null) }];
  }
}
