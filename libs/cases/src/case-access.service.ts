import type { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { AuditWriter } from '@vigil/audit';
import { isUuid, type CaseScopeFacts, type Principal } from '@vigil/contracts';
import { canSeeCase, caseNotFound, forbidden, roleMay, type CaseAction } from '@vigil/domain';
import { Database, scopeOf } from '@vigil/persistence';

export interface RequestContext {
  principal: Principal;
  ip: string | null;
  correlationId: string | null;
}

export const actorOf = (p: Principal) => ({
  userId: p.userId,
  role: p.role,
  organisationId: p.organisationId,
});

/** The columns of `cases` the permission model reads, named as `CaseScopeFacts`. */
export const CASE_SCOPE_COLUMNS = `type, provider_id as "providerId", council_id as "councilId", team_id as "teamId",
  raised_by as "raisedBy", assignee_user_id as "assigneeUserId"`;

/**
 * Every route of a case goes through here first: out of scope (or missing) → 404, then the wrong
 * role → 403. Both refusals are audited in their own transaction, so they survive the rollback.
 */
@Injectable()
export class CaseAccess {
  constructor(
    private readonly db: Database,
    private readonly audit: AuditWriter,
  ) {}

  async require(
    em: EntityManager,
    ctx: RequestContext,
    caseId: string,
    action: CaseAction,
    options: { lock?: boolean } = {},
  ): Promise<CaseScopeFacts & { id: string; status: string; version: number }> {
    const [row] = isUuid(caseId)
      ? await em.execute<
          (CaseScopeFacts & { id: string; status: string; version: number; hasGrant: boolean })[]
        >(
          `select id, status, version, ${CASE_SCOPE_COLUMNS}, vigil_has_grant(id) as "hasGrant"
             from cases where id = ?${options.lock ? ' for update' : ''}`,
          [caseId],
        )
      : [];
    // In scope by the permission model, or by an unexpired break-glass grant of this user.
    if (!row || !(canSeeCase(ctx.principal, row) || row.hasGrant)) {
      await this.refuse(ctx, caseId, action, 'not_found');
      throw caseNotFound();
    }
    if (!roleMay(ctx.principal.role, action)) {
      await this.refuse(ctx, caseId, action, 'forbidden');
      throw forbidden();
    }
    return row;
  }

  /** Audits a refusal; `caseId` is null for an action on no case yet (a create). */
  async refuse(
    ctx: RequestContext,
    caseId: string | null,
    action: string,
    reason: 'not_found' | 'forbidden',
  ): Promise<void> {
    await this.db.transaction(scopeOf(ctx.principal), (em) =>
      this.audit.append(em, {
        actor: actorOf(ctx.principal),
        action: 'case.access_refused',
        outcome: 'refused',
        subjectType: 'case',
        subjectId: caseId !== null && isUuid(caseId) ? caseId : undefined,
        ip: ctx.ip,
        correlationId: ctx.correlationId,
        details: { attempted: action, reason },
      }),
    );
  }
}
