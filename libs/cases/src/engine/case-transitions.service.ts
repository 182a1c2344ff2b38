import { Inject, Injectable } from '@nestjs/common';
import { CaseTransitionRequestSchema, type CaseView } from '@vigil/contracts';
import { caseDefinition, conflict, parseOrThrow, VigilError } from '@vigil/domain';
import { CaseAccess, type RequestContext } from '../case-access.service';
import { CaseEngine } from './case-engine.service';
import { CaseViews } from './case-views.service';
import { CommandDelivery } from './command-delivery.service';
import { TRANSITION_HANDLER_SETS, type TransitionHandler, type TransitionHandlerSet } from './task-handler';
import { staleVersion, parseIfMatch } from './task-completion.service';

/**
 * `POST /api/v1/cases/:id/transitions` `{ event, ... }`: a manual transition of the case's type (withdraw,
 * merge), with who may make it from the registry and its fields from the type's handler.
 */
@Injectable()
export class CaseTransitionService {
  private readonly handlers: Record<string, TransitionHandler<unknown>> = {};

  constructor(
    private readonly access: CaseAccess,
    private readonly engine: CaseEngine,
    private readonly views: CaseViews,
    private readonly delivery: CommandDelivery,
    @Inject(TRANSITION_HANDLER_SETS) sets: readonly TransitionHandlerSet[],
  ) {
    for (const set of sets) Object.assign(this.handlers, set.transitions);
  }

  async transition(
    ctx: RequestContext,
    caseId: string,
    body: unknown,
    ifMatchHeader?: string,
  ): Promise<CaseView> {
    const commandIds = await this.access.transaction(ctx, async (em) => {
      const c = await this.access.find(em, ctx, caseId, 'case.transition', { lock: true });
      const { event } = parseOrThrow(CaseTransitionRequestSchema, body);
      // An event that keeps the status is one entry per status it may happen in.
      const candidates = caseDefinition(c.type).transitions.filter((t) => t.manual && t.event === event);
      const definition = candidates.find((t) => t.from.includes(c.status)) ?? candidates[0];
      const handler = this.handlers[`${c.type}:${event}`];
      if (!definition || !handler) {
        throw new VigilError('validation', 'This case has no such event', [
          { pointer: '#/event', detail: 'Choose an event this type of case allows' },
        ]);
      }
      this.access.requireRole(
        ctx,
        c,
        { name: `case.transition:${event}`, roles: definition.actors },
        { change: true },
      );
      const input = parseOrThrow(handler.schema, body);
      const ifMatch = parseIfMatch(ifMatchHeader);
      if (!definition.from.includes(c.status))
        throw conflict('This cannot be done in the case’s current state');
      if (ifMatch !== undefined && ifMatch !== c.version) throw staleVersion();
      const change = await handler.apply(em, ctx, c, input);
      const applied = await this.engine.apply(em, ctx, c, change);
      return [...applied.commandIds, ...(change.commandIds ?? [])];
    });
    await this.delivery.deliver(commandIds, ctx.principal);
    return this.access.transaction(ctx, (em) => this.views.load(em, caseId, ctx.principal));
  }
}
