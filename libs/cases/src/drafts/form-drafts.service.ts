import { Injectable } from '@nestjs/common';
import { FormDraftRepository, type FormDraft } from '@vigil/persistence';
import { randomUUID } from 'node:crypto';
import { CaseAccess, type RequestContext } from '../case-access.service';

/**
 * A signed-in user's forms in progress (one question per page). Each call is its own short transaction
 * under the user's scope, so row-level security holds every draft to its author.
 */
@Injectable()
export class FormDrafts {
  constructor(
    private readonly access: CaseAccess,
    private readonly drafts: FormDraftRepository,
  ) {}

  find(ctx: RequestContext, flow: string): Promise<FormDraft | null> {
    return this.access.transaction(ctx, (em) => this.drafts.find(em, ctx.principal.userId, flow, new Date()));
  }

  /** A fresh draft with a new Idempotency-Key. */
  async start(ctx: RequestContext, flow: string): Promise<FormDraft> {
    const key = randomUUID();
    const now = new Date();
    await this.access.transaction(ctx, (em) => this.drafts.start(em, ctx.principal.userId, flow, key, now));
    return { key, answers: {}, caseId: null, updatedAt: now };
  }

  save(ctx: RequestContext, flow: string, answers: Record<string, string>): Promise<void> {
    return this.access.transaction(ctx, (em) =>
      this.drafts.saveAnswers(em, ctx.principal.userId, flow, answers, new Date()),
    );
  }

  submitted(ctx: RequestContext, flow: string, caseId: string): Promise<void> {
    return this.access.transaction(ctx, (em) =>
      this.drafts.markSubmitted(em, ctx.principal.userId, flow, caseId, new Date()),
    );
  }
}
