import type { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import {
  CaseTypes,
  TaskQuerySchema,
  TaskTypes,
  type Principal,
  type TaskFilter,
  type TaskQuery,
  type TaskSortKey,
  type TaskView,
  type TaskWindow,
  type WorkItem,
} from '@vigil/contracts';
import {
  AssigneeRoles,
  CaseTypeLabels,
  caseScopeFor,
  forbidden,
  label,
  parseOrThrow,
  roleMay,
  TaskLabels,
  taskTypesFor,
} from '@vigil/domain';
import { CaseAccess, type RequestContext } from './case-access.service';
import type { Page } from './case-queries.service';
import { scopeWhere, type Sql } from './scope-sql';
import { TimescalePolicyService } from './timescale-policy.service';

export type TaskWindowCounts = Record<TaskWindow, number>;

/** What the queue's filters offer the user: the providers, teams and officers of their council. */
export interface TaskFilterChoices {
  providers: { id: string; name: string }[];
  teams: { id: string; name: string }[];
  officers: { id: string; name: string }[];
}

/** Midnight at the start of London's next day, and of London's next Monday (ISO weeks end on Sunday). */
const LONDON_TOMORROW = `((date_trunc('day', now() at time zone 'Europe/London') + interval '1 day') at time zone 'Europe/London')`;
const LONDON_NEXT_WEEK = `((date_trunc('week', now() at time zone 'Europe/London') + interval '7 days') at time zone 'Europe/London')`;

/**
 * Each window as SQL on `t.due_at`, against the transaction's `now()`. The bounds are calendar days on the
 * London wall clock (end of today, end of Sunday), not working days: a task due on Saturday is due "this
 * week". Pages put working days into words (`Overdue by 3 working days`) in TypeScript, with the calendar.
 * "Today" and "this week" start now, so an overdue task is in neither; "this week" includes today.
 * An undated task is only in "all".
 */
const TaskWindows: Record<TaskWindow, string> = {
  overdue: `(t.due_at < now())`,
  today: `(t.due_at >= now() and t.due_at < ${LONDON_TOMORROW})`,
  week: `(t.due_at >= now() and t.due_at < ${LONDON_NEXT_WEEK})`,
  all: 'true',
};

/** A PostgreSQL array literal of keys in the order of their labels, for `array_position` sorting. */
const byLabel = (keys: readonly string[], labels: Record<string, string>): string =>
  `{${[...keys].sort((a, b) => label(labels, a).localeCompare(label(labels, b), 'en-GB')).join(',')}}`;

/** Each sortable column as an SQL expression; type and task sort by their words, not their keys. */
const SortColumns: Record<TaskSortKey, Sql> = {
  due: { sql: 't.due_at', params: [] },
  reference: { sql: 'c.reference', params: [] },
  type: { sql: 'array_position(?::text[], c.type)', params: [byLabel(CaseTypes, CaseTypeLabels)] },
  task: { sql: 'array_position(?::text[], t.type)', params: [byLabel(TaskTypes, TaskLabels)] },
  provider: { sql: 'o.name', params: [] },
  assigned: { sql: 'u.display_name', params: [] },
};

/**
 * The tasks that are the principal's to do: on cases in their scope, of the types their role may complete
 * (from the case-type registry). A task held by the council team belongs to the assigned officer, or to the
 * team's officers while the case is unassigned; a team manager's are their team's. `team` is every open
 * task on the cases they see, whoever holds it (managers and commissioners watching others' work).
 */
function whose(principal: Principal, who: TaskFilter['who']): Sql {
  const scope = scopeWhere(caseScopeFor(principal));
  if (who === 'team') return { sql: `(${scope.sql})`, params: scope.params };
  const types = taskTypesFor(principal.role);
  const mine: Sql =
    principal.role === 'council_officer'
      ? {
          sql: `(c.assignee_user_id = ? or (c.assignee_user_id is null and c.team_id = ?))`,
          params: [principal.userId, principal.teamId],
        }
      : principal.role === 'team_manager'
        ? { sql: '(c.team_id = ?)', params: [principal.teamId] }
        : { sql: 'true', params: [] };
  return {
    sql: `(t.type in (${types.map(() => '?').join(', ') || 'null'}) and (${scope.sql}) and ${mine.sql})`,
    params: [...types, ...scope.params, ...mine.params],
  };
}

/** A concern's facts, for a concern or an enquiry (its own, or the concern linked to it). */
const CONCERN_OF_CASE = `(n.case_id = c.id
  or n.case_id in (select l.linked_case_id from case_links l where l.case_id = c.id)
  or n.case_id in (select l.case_id from case_links l where l.linked_case_id = c.id))`;

/** The filter as SQL over `tasks t join cases c`: open tasks only, then each chosen filter. */
function filterSql(principal: Principal, filter: TaskFilter, until: Date | null): Sql {
  const parts: Sql[] = [{ sql: `t.status = 'open'`, params: [] }, whose(principal, filter.who)];
  if (until) parts.push({ sql: 't.due_at >= now() and t.due_at <= ?', params: [until] });
  if (filter.type) parts.push({ sql: 'c.type = ?', params: [filter.type] });
  if (filter.task) parts.push({ sql: 't.type = ?', params: [filter.task] });
  if (filter.provider) parts.push({ sql: 'c.provider_id = ?', params: [filter.provider] });
  if (filter.team) parts.push({ sql: 'c.team_id = ?', params: [filter.team] });
  if (filter.assigned === 'unassigned') parts.push({ sql: 'c.assignee_user_id is null', params: [] });
  else if (filter.assigned)
    parts.push({
      sql: 'c.assignee_user_id = ?',
      params: [filter.assigned === 'me' ? principal.userId : filter.assigned],
    });
  if (filter.holder)
    parts.push({
      sql:
        filter.holder === 'provider'
          ? `t.assigned_role = 'provider_manager'`
          : `t.assigned_role <> 'provider_manager'`,
      params: [],
    });
  if (filter.abuse)
    parts.push({
      sql: `exists (select 1 from concerns n where n.category = ? and ${CONCERN_OF_CASE})`,
      params: [filter.abuse],
    });
  if (filter.risk) {
    const immediate = filter.risk === 'immediate';
    parts.push({
      sql: `(exists (select 1 from concerns n where n.case_id = c.id and n.immediate_risk = ?)
          or exists (select 1 from enquiries e where e.case_id = c.id and e.immediate_risk = ?))`,
      params: [immediate, immediate],
    });
  }
  return { sql: parts.map((p) => `(${p.sql})`).join(' and '), params: parts.flatMap((p) => p.params) };
}

const iso = (d: Date | null): string | null => (d ? new Date(d).toISOString() : null);

/**
 * The work queue (issue 11): open tasks across every case type, filtered, sorted and counted by due window
 * on the server, for `GET /api/v1/tasks` and the `/queue` page. Listing is audited with the case IDs shown.
 */
@Injectable()
export class WorkQueue {
  constructor(
    private readonly access: CaseAccess,
    private readonly timescales: TimescalePolicyService,
  ) {}

  /** Reads a query (API or page), refusing `who=team` to roles that watch only their own work. */
  parse(principal: Principal, query: unknown): TaskQuery {
    const parsed = parseOrThrow(TaskQuerySchema, query ?? {});
    if (parsed.who === 'team' && !roleMay(principal.role, 'queue.team')) {
      throw forbidden('Only managers and commissioners can list every task on their cases');
    }
    return parsed;
  }

  /** Whether this role may choose `who=team`. */
  seesTeam(principal: Principal): boolean {
    return roleMay(principal.role, 'queue.team');
  }

  private where(principal: Principal, filter: TaskFilter): Sql {
    const until = filter.within ? this.timescales.calendar.addWorkingDays(new Date(), filter.within) : null;
    return filterSql(principal, filter, until);
  }

  /**
   * One page of the query's window. `knownTotal`: the window's count when the caller already has it (the
   * page reads `counts` first), so the same count is not run twice.
   */
  async list(ctx: RequestContext, query: TaskQuery, knownTotal?: number): Promise<Page<WorkItem>> {
    return this.access.transaction(ctx, async (em) => {
      const filtered = this.where(ctx.principal, query);
      const where = `${filtered.sql} and ${TaskWindows[query.window]}`;
      const total =
        knownTotal ??
        (
          await em.execute<{ total: string }[]>(
            `select count(*)::text as total from tasks t join cases c on c.id = t.case_id where ${where}`,
            filtered.params,
          )
        )[0].total;
      const sort = SortColumns[query.sort];
      const dir = query.order === 'desc' ? 'desc' : 'asc';
      const rows = await em.execute<
        {
          case_id: string;
          reference: string;
          case_type: WorkItem['caseType'];
          provider_id: string;
          provider_name: string;
          assignee_id: string | null;
          assignee_name: string | null;
          id: string;
          type: TaskView['type'];
          status: TaskView['status'];
          due_at: Date | null;
          assigned_role: TaskView['assignedRole'];
          created_at: Date;
          completed_at: Date | null;
        }[]
      >(
        `select t.case_id, c.reference, c.type as case_type, c.provider_id, o.name as provider_name,
                c.assignee_user_id as assignee_id, u.display_name as assignee_name,
                t.id, t.type, t.status, t.due_at, t.assigned_role, t.created_at, t.completed_at
           from tasks t join cases c on c.id = t.case_id
           join organisations o on o.id = c.provider_id
           left join users u on u.id = c.assignee_user_id
          where ${where}
          order by ${sort.sql} ${dir} nulls last, t.due_at nulls last, t.id
          limit ? offset ?`,
        [...filtered.params, ...sort.params, query.limit, query.offset],
      );
      const items = rows.map((r): WorkItem => ({
        caseId: r.case_id,
        reference: r.reference,
        caseType: r.case_type,
        provider: { id: r.provider_id, name: r.provider_name },
        assignee: r.assignee_id ? { id: r.assignee_id, name: r.assignee_name ?? '' } : null,
        task: {
          id: r.id,
          type: r.type,
          status: r.status,
          dueAt: iso(r.due_at),
          assignedRole: r.assigned_role,
          createdAt: new Date(r.created_at).toISOString(),
          completedAt: iso(r.completed_at),
          submission: null,
        },
      }));
      await this.access.record(em, ctx, 'task.listed', null, {
        caseIds: items.map((i) => i.caseId),
        total: Number(total),
        ...(query.who === 'team' ? { who: 'team' } : {}),
      });
      return { items, total: Number(total) };
    });
  }

  /**
   * How many of the filtered tasks fall in each due window, in one grouped query: for the queue's tabs.
   * Counts only, no case IDs, so nothing is recorded.
   */
  async counts(ctx: RequestContext, filter: TaskFilter): Promise<TaskWindowCounts> {
    return this.access.transaction(ctx, async (em) => {
      const filtered = this.where(ctx.principal, filter);
      const [row] = await em.execute<Record<TaskWindow, string>[]>(
        `select count(*) filter (where ${TaskWindows.overdue})::text as overdue,
                count(*) filter (where ${TaskWindows.today})::text as today,
                count(*) filter (where ${TaskWindows.week})::text as week,
                count(*)::text as "all"
           from tasks t join cases c on c.id = t.case_id
          where ${filtered.sql}`,
        filtered.params,
      );
      return {
        overdue: Number(row.overdue),
        today: Number(row.today),
        week: Number(row.week),
        all: Number(row.all),
      };
    });
  }

  /**
   * The choices the queue's filters offer: providers of the user's council (a provider's users have only
   * their own), its teams, and its officers who can hold a case. Names of organisations and staff only.
   */
  async choices(ctx: RequestContext): Promise<TaskFilterChoices> {
    const { principal } = ctx;
    if (principal.organisationKind === 'provider') return { providers: [], teams: [], officers: [] };
    return this.access.transaction(ctx, async (em) => {
      const providers = await em.execute<{ id: string; name: string }[]>(
        `select id, name from organisations where kind = 'provider' and council_id = ? order by name, id`,
        [principal.councilId],
      );
      const teams = await em.execute<{ id: string; name: string }[]>(
        `select id, name from teams where council_id = ? order by name, id`,
        [principal.councilId],
      );
      const officers = await assignableOfficers(em, principal.councilId);
      return { providers, teams, officers };
    });
  }
}

/** The council's active officers and team managers: who a case may be assigned to. */
export function assignableOfficers(
  em: EntityManager,
  councilId: string,
  userId?: string,
): Promise<{ id: string; name: string }[]> {
  return em.execute<{ id: string; name: string }[]>(
    `select id, display_name as name from users
      where active and organisation_id = ? and role = any(?::text[])${userId ? ' and id = ?' : ''}
      order by display_name, id`,
    [councilId, `{${AssigneeRoles.join(',')}}`, ...(userId ? [userId] : [])],
  );
}
