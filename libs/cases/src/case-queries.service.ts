import { Injectable } from '@nestjs/common';
import {
  RevealCaseSchema,
  type CaseListQuery,
  type CaseSummary,
  type CaseType,
  type CaseView,
  type Principal,
  type TaskType,
  type TaskView,
  type WorkItem,
} from '@vigil/contracts';
import { caseScopeFor, parseOrThrow, taskTypesFor } from '@vigil/domain';
import { CaseRepository, TimelineRepository } from '@vigil/persistence';
import { CaseAccess, type RequestContext } from './case-access.service';
import { CaseViews, initialsOf } from './engine/case-views.service';
import { scopeWhere } from './scope-sql';

export interface Page<T> {
  items: T[];
  total: number;
}

const iso = (d: Date | null): string | null => (d ? new Date(d).toISOString() : null);

/** Read models for the API and pages. Every read is audited before the answer leaves. */
/** One open case on a provider's home page. */
export interface ProviderHomeItem {
  id: string;
  type: CaseType;
  reference: string;
  status: string;
  createdAt: string;
  adultInitials: string | null;
  councilNext: { taskType: TaskType; dueAt: string | null } | null;
  providerNext: { taskType: TaskType; dueAt: string | null } | null;
}

@Injectable()
export class CaseQueries {
  constructor(
    private readonly access: CaseAccess,
    private readonly views: CaseViews,
    private readonly timeline: TimelineRepository,
    private readonly cases: CaseRepository,
  ) {}

  async getCase(ctx: RequestContext, caseId: string): Promise<CaseView> {
    return this.access.transaction(ctx, async (em) => {
      await this.access.require(em, ctx, caseId, 'case.read');
      const view = await this.views.load(em, caseId, ctx.principal);
      await this.access.record(em, ctx, 'case.viewed', caseId);
      return view;
    });
  }

  /**
   * A masked case shown with the adult's identity, for a commissioner with a specific safeguarding reason
   * (DOMAIN §7): the reason is kept in the audit trail, and the timeline says it happened.
   */
  async reveal(ctx: RequestContext, caseId: string, body: unknown): Promise<CaseView> {
    return this.access.transaction(ctx, async (em) => {
      await this.access.require(em, ctx, caseId, 'case.reveal', { change: true });
      const { reason } = parseOrThrow(RevealCaseSchema, body);
      const { principal } = ctx;
      await this.timeline.append(em, {
        caseId,
        kind: 'case.revealed',
        at: new Date(),
        actor: { userId: principal.userId, role: principal.role },
      });
      const view = await this.views.load(em, caseId, ctx.principal, { reveal: true });
      await this.cases.recordReveal(em, caseId, principal.userId, reason);
      await this.access.record(em, ctx, 'case.revealed', caseId);
      return view;
    });
  }

  /** The providers a user may raise a case about: their own organisation, or those in their council's area. */
  async providerChoices(ctx: RequestContext): Promise<{ id: string; name: string }[]> {
    const { principal } = ctx;
    return this.access.transaction(ctx, (em) =>
      principal.organisationKind === 'provider'
        ? em.execute<{ id: string; name: string }[]>(`select id, name from organisations where id = ?`, [
            principal.organisationId,
          ])
        : em.execute<{ id: string; name: string }[]>(
            `select id, name from organisations where kind = 'provider' and council_id = ? order by name, id`,
            [principal.councilId],
          ),
    );
  }

  async listCases(ctx: RequestContext, query: CaseListQuery): Promise<Page<CaseSummary>> {
    return this.access.transaction(ctx, async (em) => {
      const scope = scopeWhere(caseScopeFor(ctx.principal));
      const filters: string[] = [scope.sql];
      const params: unknown[] = [...scope.params];
      if (query.type) {
        filters.push('c.type = ?');
        params.push(query.type);
      }
      if (query.status) {
        filters.push('c.status = ?');
        params.push(query.status);
      }
      const where = filters.map((f) => `(${f})`).join(' and ');
      const [{ total }] = await em.execute<{ total: string }[]>(
        `select count(*)::text as total from cases c where ${where}`,
        params,
      );
      const rows = await em.execute<
        {
          id: string;
          type: CaseSummary['type'];
          reference: string;
          status: CaseSummary['status'];
          created_at: Date;
          next_due: Date | null;
          provider_id: string;
          provider_name: string;
        }[]
      >(
        `select c.id, c.type, c.reference, c.status, c.created_at, c.provider_id, o.name as provider_name,
                (select min(t.due_at) from tasks t where t.case_id = c.id and t.status = 'open') as next_due
           from cases c join organisations o on o.id = c.provider_id
          where ${where}
          order by c.created_at desc, c.id limit ? offset ?`,
        [...params, query.limit, query.offset],
      );
      const items = rows.map((r) => ({
        id: r.id,
        type: r.type,
        reference: r.reference,
        status: r.status,
        createdAt: new Date(r.created_at).toISOString(),
        nextDueAt: iso(r.next_due),
        provider: { id: r.provider_id, name: r.provider_name },
      }));
      await this.access.record(em, ctx, 'case.listed', null, {
        caseIds: items.map((i) => i.id),
        total: Number(total),
      });
      return { items, total: Number(total) };
    });
  }

  /**
   * A provider's home (issue 11): its open cases, newest first, each with the adult's initials (concerns
   * and enquiries), what the council owes next (its earliest open task not held by the provider) and what
   * the provider owes next. Audited as a list read.
   */
  async providerHome(
    ctx: RequestContext,
    limit = 50,
  ): Promise<{ organisation: string; items: ProviderHomeItem[] }> {
    return this.access.transaction(ctx, async (em) => {
      const scope = scopeWhere(caseScopeFor(ctx.principal));
      const rows = await em.execute<
        {
          id: string;
          type: ProviderHomeItem['type'];
          reference: string;
          status: string;
          created_at: Date;
          adult_name: string | null;
          council_task: TaskType | null;
          council_due: Date | null;
          provider_task: TaskType | null;
          provider_due: Date | null;
        }[]
      >(
        `select c.id, c.type, c.reference, c.status, c.created_at,
                coalesce(n.adult_name, e.adult_name) as adult_name,
                ct.type as council_task, ct.due_at as council_due,
                pt.type as provider_task, pt.due_at as provider_due
           from cases c
           left join concerns n on n.case_id = c.id
           left join enquiries e on e.case_id = c.id
           left join lateral (select t.type, t.due_at from tasks t
                               where t.case_id = c.id and t.status = 'open' and t.assigned_role <> 'provider_manager'
                               order by t.due_at nulls last, t.id limit 1) ct on true
           left join lateral (select t.type, t.due_at from tasks t
                               where t.case_id = c.id and t.status = 'open' and t.assigned_role = 'provider_manager'
                               order by t.due_at nulls last, t.id limit 1) pt on true
          where (${scope.sql}) and c.closed_at is null
          order by c.created_at desc, c.id limit ?`,
        [...scope.params, limit],
      );
      const items = rows.map((r) => ({
        id: r.id,
        type: r.type,
        reference: r.reference,
        status: r.status,
        createdAt: new Date(r.created_at).toISOString(),
        adultInitials: r.adult_name ? initialsOf(r.adult_name) : null,
        councilNext: r.council_task ? { taskType: r.council_task, dueAt: iso(r.council_due) } : null,
        providerNext: r.provider_task ? { taskType: r.provider_task, dueAt: iso(r.provider_due) } : null,
      }));
      await this.access.record(em, ctx, 'case.listed', null, {
        caseIds: items.map((i) => i.id),
        total: items.length,
        via: 'provider_home',
      });
      const [org] = await em.execute<{ name: string }[]>(`select name from organisations where id = ?`, [
        ctx.principal.organisationId,
      ]);
      return { organisation: org?.name ?? '', items };
    });
  }

  /**
   * The signed-in user's work queue: open tasks, on cases in their scope, of the types their role may
   * complete (from the case-type registry). A task held by the council team belongs to the assigned officer,
   * or to the team's officers and manager while the case is unassigned; a provider's task to its leads.
   * `window` narrows it to a due window (see `TaskWindows`); without it every open task is listed. Ordered
   * by due instant with undated tasks last, so overdue tasks come first.
   */
  async listTasks(
    ctx: RequestContext,
    query: { limit: number; offset: number; window?: TaskWindow },
  ): Promise<Page<WorkItem>> {
    const { principal } = ctx;
    return this.access.transaction(ctx, async (em) => {
      const mine = myOpenTasks(principal);
      const window = TaskWindows[query.window ?? 'all'];
      const where = `${mine.sql} and ${window}`;
      const params = mine.params;
      const [{ total }] = await em.execute<{ total: string }[]>(
        `select count(*)::text as total from tasks t join cases c on c.id = t.case_id where ${where}`,
        params,
      );
      const rows = await em.execute<
        {
          case_id: string;
          reference: string;
          case_type: WorkItem['caseType'];
          id: string;
          type: TaskView['type'];
          status: TaskView['status'];
          due_at: Date | null;
          assigned_role: TaskView['assignedRole'];
          created_at: Date;
          completed_at: Date | null;
        }[]
      >(
        `select t.case_id, c.reference, c.type as case_type, t.id, t.type, t.status, t.due_at, t.assigned_role,
                t.created_at, t.completed_at
           from tasks t join cases c on c.id = t.case_id
          where ${where} order by t.due_at nulls last, t.id limit ? offset ?`,
        [...params, query.limit, query.offset],
      );
      const items = rows.map((r) => ({
        caseId: r.case_id,
        reference: r.reference,
        caseType: r.case_type,
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
      });
      return { items, total: Number(total) };
    });
  }

  /**
   * How many of the user's open tasks (the same ones `listTasks` lists) fall in each due window, in one
   * grouped query: for the work queue's tabs. Counts only, no case IDs, so nothing is recorded.
   */
  async countsByWindow(ctx: RequestContext): Promise<TaskWindowCounts> {
    return this.access.transaction(ctx, async (em) => {
      const mine = myOpenTasks(ctx.principal);
      const [row] = await em.execute<Record<TaskWindow, string>[]>(
        `select count(*) filter (where ${TaskWindows.overdue})::text as overdue,
                count(*) filter (where ${TaskWindows.today})::text as today,
                count(*) filter (where ${TaskWindows.week})::text as week,
                count(*)::text as "all"
           from tasks t join cases c on c.id = t.case_id
          where ${mine.sql}`,
        mine.params,
      );
      return {
        overdue: Number(row.overdue),
        today: Number(row.today),
        week: Number(row.week),
        all: Number(row.all),
      };
    });
  }
}

/** The work queue's due windows (tabs). */
export const TaskWindowNames = ['overdue', 'today', 'week', 'all'] as const;
export type TaskWindow = (typeof TaskWindowNames)[number];
export type TaskWindowCounts = Record<TaskWindow, number>;

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

/** The open tasks that are the principal's to do (see `listTasks`), as SQL over `tasks t join cases c`. */
function myOpenTasks(principal: Principal): { sql: string; params: unknown[] } {
  const types = taskTypesFor(principal.role);
  const scope = scopeWhere(caseScopeFor(principal));
  const mine =
    principal.role === 'council_officer'
      ? {
          sql: `(c.assignee_user_id = ? or (c.assignee_user_id is null and c.team_id = ?))`,
          params: [principal.userId, principal.teamId],
        }
      : principal.role === 'team_manager'
        ? { sql: '(c.team_id = ?)', params: [principal.teamId] }
        : { sql: 'true', params: [] };
  return {
    sql: `(t.status = 'open' and t.type in (${types.map(() => '?').join(', ') || 'null'}) and (${scope.sql}) and ${mine.sql})`,
    params: [...types, ...scope.params, ...mine.params],
  };
}
