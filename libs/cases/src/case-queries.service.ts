import { Injectable } from '@nestjs/common';
import {
  RevealCaseSchema,
  type CaseListQuery,
  type CaseSummary,
  type CaseType,
  type CaseView,
  type TaskType,
} from '@vigil/contracts';
import { caseScopeFor, forbidden, parseOrThrow } from '@vigil/domain';
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
   * A page's form refused to a viewer of the case who may not act on it (the assign, information, close,
   * step, extend, return and event pages): the refusal is audited like the use case's own, after the read's
   * transaction has ended, then answered 403.
   */
  async refuseForm(ctx: RequestContext, caseId: string, action: string, message: string): Promise<never> {
    await this.access.refuse(ctx, caseId, action, 'forbidden');
    throw forbidden(message);
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
      if (query.team) {
        filters.push('c.team_id = ?');
        params.push(query.team);
      }
      if (query.open !== undefined)
        filters.push(query.open ? 'c.closed_at is null' : 'c.closed_at is not null');
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
}
