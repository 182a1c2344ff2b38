import type { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import type { CaseView, Principal } from '@vigil/contracts';
import { canSeeCase, forbidden, roleMay, VigilError, type CaseAction } from '@vigil/domain';
import { CaseRepository } from '@vigil/persistence';
import { CaseAccess, type RequestContext } from '../case-access.service';
import { IdempotentCreates } from '../idempotency';
import { CaseViews } from './case-views.service';
import { CommandDelivery } from './command-delivery.service';

/**
 * What every "raise a case" use case does around opening it: the role check (403, audited), a linked case
 * checked against the raiser's scope and provider (400), the idempotent create (Idempotency-Key), the
 * workflow start delivered in the background, and the answer — the case as its raiser now sees it (a replay
 * is audited as a read).
 */
@Injectable()
export class CaseCreation {
  constructor(
    private readonly access: CaseAccess,
    private readonly idempotent: IdempotentCreates,
    private readonly views: CaseViews,
    private readonly delivery: CommandDelivery,
    private readonly cases: CaseRepository,
  ) {}

  /** Refuses, audited, a principal whose role may not take `action` (or who is not a provider's, when asked). */
  async requireRole(
    ctx: RequestContext,
    action: CaseAction,
    message: string,
    options: { providersOnly?: boolean } = {},
  ): Promise<void> {
    const { principal } = ctx;
    if (
      roleMay(principal.role, action) &&
      (!options.providersOnly || principal.organisationKind === 'provider')
    ) {
      return;
    }
    await this.access.refuse(ctx, null, action, 'forbidden');
    throw forbidden(message);
  }

  /** A case the new one links to must be one the raiser sees, about the same provider. */
  async checkLinked(
    em: EntityManager,
    principal: Principal,
    linkedCaseId: string | undefined,
    providerId: string,
  ): Promise<void> {
    if (!linkedCaseId) return;
    const linked = await this.cases.core(em, linkedCaseId);
    if (!linked || !canSeeCase(principal, linked) || linked.providerId !== providerId) {
      throw new VigilError('validation', 'Check the fields listed in errors', [
        {
          pointer: '#/linkedCaseId',
          detail: 'There is no case about this provider with that ID that you can see',
        },
      ]);
    }
  }

  /**
   * The case as its raiser now sees it is read in a second transaction, after the create has committed,
   * with the workflow commands to deliver (so that needs no transaction of its own). Read inside the
   * create, it would hold the open-work counts' rows (ADR 0019) and the audit chain's lock while it read,
   * and concurrent creates queue on those (bench:intake accepted 13.3 concerns/s with the read inside,
   * 16.0 without: docs/benchmarks.md).
   */
  async create(
    ctx: RequestContext,
    idempotencyKey: string,
    rawBody: unknown,
    open: (
      em: EntityManager,
      store: (caseId: string) => Promise<void>,
    ) => Promise<{ caseId: string; commandIds: string[] }>,
  ): Promise<{ view: CaseView; created: boolean }> {
    const outcome = await this.idempotent.create(ctx, idempotencyKey, rawBody, open);
    const { view, commands } = await this.access.transaction(ctx, async (em) => {
      const read = await this.views.load(em, outcome.caseId, ctx.principal);
      // The workflow start is read here too, and delivered after this commit without the response waiting.
      const pending = await this.delivery.pending(em, outcome.commandIds);
      // A replay answers with the stored case: that is a read of it, audited like any other (last, as ever).
      if (!outcome.created) {
        await this.access.record(em, ctx, 'case.viewed', outcome.caseId, { via: 'idempotent_replay' });
      }
      return { view: read, commands: pending };
    });
    this.delivery.deliverRead(commands, ctx.principal);
    return { view, created: outcome.created };
  }
}
