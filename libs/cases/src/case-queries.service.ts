import { Injectable } from '@nestjs/common';
import { AuditWriter } from '@vigil/audit';
import type { CaseListQuery, CaseSummary, CaseView, TaskView, WorkItem } from '@vigil/contracts';
import { caseScopeFor } from '@vigil/domain';
import { Database, scopeOf } from '@vigil/persistence';
import { actorOf, CaseAccess, type RequestContext } from './case-access.service';
import { loadCaseView } from './case-views';
import { scopeWhere } from './scope-sql';

export interface Page<T> {
  items: T[];
  total: number;
}

const iso = (d: Date | null): string | null => (d ? new Date(d).toISOString() : null);

/** Read models for the API and pages. Every read is audited before the answer leaves. */
@Injectable()
export class CaseQueries {
  constructor(
    private readonly db: Database,
    private readonly access: CaseAccess,
    private readonly audit: AuditWriter,
  ) {}

  async getCase(ctx: RequestContext, caseId: string): Promise<CaseView> {
    return this.db.transaction(scopeOf(ctx.principal), async (em) => {
      await this.access.require(em, ctx, caseId, 'case.read');
      const view = await loadCaseView(em, caseId, {
        includeAccessGrants: ctx.principal.organisationKind === 'council',
      });
      await this.audit.append(em, {
        actor: actorOf(ctx.principal),
        action: 'case.viewed',
        outcome: 'success',
        subjectType: 'case',
        subjectId: caseId,
        ip: ctx.ip,
        correlationId: ctx.correlationId,
      });
      return view;
    });
  }

  async listCases(ctx: RequestContext, query: CaseListQuery): Promise<Page<CaseSummary>> {
    return this.db.transaction(scopeOf(ctx.principal), async (em) => {
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
          type: 'concern';
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
      await this.audit.append(em, {
        actor: actorOf(ctx.principal),
        action: 'case.listed',
        outcome: 'success',
        ip: ctx.ip,
        correlationId: ctx.correlationId,
        details: { caseIds: items.map((i) => i.id), total: Number(total) },
      });
      return { items, total: Number(total) };
    });
  }

  /**
   * The signed-in user's work queue: open tasks on cases in scope that their role may complete.
   * A triage decision belongs to the assigned officer, or to the team's officers and manager while
   * the case is unassigned.
   */
  async listTasks(ctx: RequestContext, query: { limit: number; offset: number }): Promise<Page<WorkItem>> {
    const { principal } = ctx;
    return this.db.transaction(scopeOf(principal), async (em) => {
      if (!['council_officer', 'team_manager'].includes(principal.role)) {
        await this.audit.append(em, {
          actor: actorOf(principal),
          action: 'task.listed',
          outcome: 'success',
          ip: ctx.ip,
          correlationId: ctx.correlationId,
          details: { caseIds: [], total: 0 },
        });
        return { items: [], total: 0 };
      }
      const scope = scopeWhere(caseScopeFor(principal));
      const mine =
        principal.role === 'council_officer'
          ? `(c.assignee_user_id = ? or (c.assignee_user_id is null and c.team_id = ?))`
          : `(c.team_id = ?)`;
      const mineParams =
        principal.role === 'council_officer' ? [principal.userId, principal.teamId] : [principal.teamId];
      const where = `t.status = 'open' and t.type = 'triage_decision' and (${scope.sql}) and ${mine}`;
      const params = [...scope.params, ...mineParams];
      const [{ total }] = await em.execute<{ total: string }[]>(
        `select count(*)::text as total from tasks t join cases c on c.id = t.case_id where ${where}`,
        params,
      );
      const rows = await em.execute<
        {
          case_id: string;
          reference: string;
          case_type: 'concern';
          id: string;
          type: TaskView['type'];
          status: TaskView['status'];
          due_at: Date;
          assigned_role: TaskView['assignedRole'];
          completed_at: Date | null;
        }[]
      >(
        `select t.case_id, c.reference, c.type as case_type, t.id, t.type, t.status, t.due_at, t.assigned_role, t.completed_at
           from tasks t join cases c on c.id = t.case_id
          where ${where} order by t.due_at, t.id limit ? offset ?`,
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
          dueAt: new Date(r.due_at).toISOString(),
          assignedRole: r.assigned_role,
          completedAt: iso(r.completed_at),
        },
      }));
      await this.audit.append(em, {
        actor: actorOf(principal),
        action: 'task.listed',
        outcome: 'success',
        ip: ctx.ip,
        correlationId: ctx.correlationId,
        details: { caseIds: items.map((i) => i.caseId), total: Number(total) },
      });
      return { items, total: Number(total) };
    });
  }
}
