import type { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { AuditWriter } from '@vigil/audit';
import { isUuid, type Principal } from '@vigil/contracts';
import { canSeeCase, caseNotFound, forbidden, roleMay, VigilError, type CaseAction } from '@vigil/domain';
import { CaseRepository, Database, scopeOf, type CaseCore } from '@vigil/persistence';

export interface RequestContext {
  principal: Principal;
  ip: string | null;
  correlationId: string | null;
}

/** Vigil itself acting, with no user (the early warning opening a provider concern). */
export interface SystemContext {
  system: true;
  correlationId: string | null;
}

/** Who is acting: a user's request, or Vigil itself. */
export type ActorContext = RequestContext | SystemContext;

export const isSystem = (ctx: ActorContext): ctx is SystemContext => 'system' in ctx;

export const actorOf = (p: Principal) => ({
  userId: p.userId,
  role: p.role,
  organisationId: p.organisationId,
});

/**
 * A refusal (404 or 403) that is audited once the request's transaction has ended: the audit row is
 * written after the rollback, on the connection the request has just given back, so a refused request
 * never holds one pool connection while it waits for a second (issue 13).
 */
export class RefusedError extends VigilError {
  constructor(
    readonly refusal: { caseId: string | null; action: string; reason: 'not_found' | 'forbidden' },
    cause: VigilError,
  ) {
    super(cause.kind, cause.message, cause.fieldErrors);
    this.name = 'RefusedError';
  }
}

/** The case as a request may use it, with how the user reached it. */
export interface AccessibleCase extends CaseCore {
  /** Seen only through an emergency (break-glass) grant: reading, never changing. */
  viaGrant: boolean;
}

/**
 * Every route of a case goes through here first: out of scope (or missing) → 404, then the wrong role → 403.
 * Use `transaction` for a request's unit of work: it audits refusals after the rollback.
 */
@Injectable()
export class CaseAccess {
  constructor(
    private readonly db: Database,
    private readonly audit: AuditWriter,
    private readonly cases: CaseRepository,
  ) {}

  /** One unit of work under the user's scope; a refusal thrown inside is audited after it ends. */
  async transaction<T>(ctx: RequestContext, work: (em: EntityManager) => Promise<T>): Promise<T> {
    try {
      return await this.db.transaction(scopeOf(ctx.principal), work);
    } catch (error) {
      if (error instanceof RefusedError) {
        await this.refuse(ctx, error.refusal.caseId, error.refusal.action, error.refusal.reason);
      }
      throw error;
    }
  }

  /**
   * The case if the user may see it (by the permission model, or by an unexpired break-glass grant) and
   * their role may do `action` (a named action, or a list of roles such as a task's actors). Changes pass
   * `change: true`: a break-glass grant only lets its holder read.
   */
  async require(
    em: EntityManager,
    ctx: RequestContext,
    caseId: string,
    action: CaseAction | { name: string; roles: readonly string[] },
    options: { lock?: boolean; change?: boolean } = {},
  ): Promise<AccessibleCase> {
    const name = typeof action === 'string' ? action : action.name;
    const c = await this.find(em, ctx, caseId, name, options);
    this.requireRole(ctx, c, action, options);
    return c;
  }

  /** Scope only (404): for routes that must learn more (which task) before they can check the role. */
  async find(
    em: EntityManager,
    ctx: RequestContext,
    caseId: string,
    actionName: string,
    options: { lock?: boolean } = {},
  ): Promise<AccessibleCase> {
    const row = isUuid(caseId) ? await this.cases.core(em, caseId, options) : null;
    const visible = row !== null && canSeeCase(ctx.principal, row);
    const viaGrant = row !== null && !visible && (await this.cases.hasGrant(em, caseId));
    if (!row || !(visible || viaGrant)) {
      throw new RefusedError({ caseId, action: actionName, reason: 'not_found' }, caseNotFound());
    }
    return { ...row, viaGrant };
  }

  /** 403 unless the role may act (and, for a change, the user reached the case by scope, not a grant). */
  requireRole(
    ctx: RequestContext,
    c: AccessibleCase,
    action: CaseAction | { name: string; roles: readonly string[] },
    options: { change?: boolean } = {},
  ): void {
    const name = typeof action === 'string' ? action : action.name;
    const allowed =
      typeof action === 'string'
        ? roleMay(ctx.principal.role, action)
        : action.roles.includes(ctx.principal.role);
    if (!allowed) throw new RefusedError({ caseId: c.id, action: name, reason: 'forbidden' }, forbidden());
    if (options.change && c.viaGrant) {
      throw new RefusedError(
        { caseId: c.id, action: name, reason: 'forbidden' },
        forbidden('Emergency access lets you read this case, not change it'),
      );
    }
  }

  /** Audits a refusal in its own transaction; call it only outside any other (no nested connections). */
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

  /** Audits a read or change of a case in the caller's transaction. */
  async record(
    em: EntityManager,
    ctx: ActorContext,
    action: Parameters<AuditWriter['append']>[1]['action'],
    caseId: string | null,
    details?: Record<string, unknown>,
  ): Promise<void> {
    await this.audit.append(em, {
      actor: isSystem(ctx) ? null : actorOf(ctx.principal),
      action,
      outcome: 'success',
      ...(caseId ? { subjectType: 'case', subjectId: caseId } : {}),
      ip: isSystem(ctx) ? null : ctx.ip,
      correlationId: ctx.correlationId,
      ...(details ? { details } : {}),
    });
  }
}
