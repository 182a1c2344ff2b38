import { Inject, Injectable } from '@nestjs/common';
import { CloseCaseSchema, type CaseView } from '@vigil/contracts';
import {
  caseDefinition,
  conflict,
  parseOrThrow,
  TaskLabels,
  taskDefinition,
  VigilError,
} from '@vigil/domain';
import { TaskRepository } from '@vigil/persistence';
import { CaseAccess, type RequestContext } from '../case-access.service';
import { CaseEngine } from './case-engine.service';
import { CaseViews } from './case-views.service';
import { CommandDelivery } from './command-delivery.service';
import { parseIfMatch, staleVersion } from './task-completion.service';
import { CLOSE_HANDLER_SETS, type CloseHandler, type CloseHandlerSet } from './task-handler';

/**
 * `POST /api/v1/cases/:id/close` `{ rationale, outcome? }` for every type, with the registry's rules:
 * who may close it, the outcomes it allows, whether every task must be done first (409 naming the open
 * ones). A type that closes through its own steps (a concern's triage, an enquiry's sign-off) answers 409.
 */
@Injectable()
export class CaseCloseService {
  private readonly closers: Partial<Record<string, CloseHandler>> = {};

  constructor(
    private readonly access: CaseAccess,
    private readonly tasks: TaskRepository,
    private readonly engine: CaseEngine,
    private readonly views: CaseViews,
    private readonly delivery: CommandDelivery,
    @Inject(CLOSE_HANDLER_SETS) sets: readonly CloseHandlerSet[],
  ) {
    for (const set of sets) Object.assign(this.closers, set.closers);
  }

  async close(ctx: RequestContext, caseId: string, body: unknown, ifMatchHeader?: string): Promise<CaseView> {
    const commandIds = await this.access.transaction(ctx, async (em) => {
      const c = await this.access.find(em, ctx, caseId, 'case.close', { lock: true });
      const rules = caseDefinition(c.type).close;
      const closer = this.closers[c.type];
      if (!rules || !closer) throw conflict('This type of case closes through its own steps, not here');
      this.access.requireRole(ctx, c, { name: 'case.close', roles: rules.actors }, { change: true });
      const input = parseOrThrow(CloseCaseSchema, body);
      if (rules.outcomes && !rules.outcomes.includes(input.outcome ?? '')) {
        throw new VigilError('validation', 'Check the fields listed in errors', [
          { pointer: '#/outcome', detail: `Choose the outcome: ${rules.outcomes.join(', ')}` },
        ]);
      }
      const ifMatch = parseIfMatch(ifMatchHeader);
      if (caseDefinition(c.type).closedStatuses.includes(c.status))
        throw conflict('This case is already closed');
      if (ifMatch !== undefined && ifMatch !== c.version) throw staleVersion();
      // A watch over the case (`endsWithCase`, an allegation's resolution review) ends with it.
      const openTasks = await this.tasks.openTasks(em, c.id);
      const watches = openTasks.map((t) => t.type).filter((type) => taskDefinition(type).endsWithCase);
      if (rules.requiresTasksDone) {
        const open = openTasks.filter((t) => !watches.includes(t.type));
        if (open.length > 0) {
          // One entry per open task (its ID and what it is), so a client can list them.
          throw new VigilError(
            'conflict',
            `Finish these first: ${open.map((t) => TaskLabels[t.type] ?? t.type).join('; ')}`,
            open.map((t) => ({
              pointer: `#/tasks/${t.id}`,
              detail: `${TaskLabels[t.type] ?? t.type} is open`,
            })),
          );
        }
      }
      const closing = await closer.close(em, ctx, c, input);
      const change = watches.length
        ? { ...closing, cancelTasks: [...(closing.cancelTasks ?? []), ...watches] }
        : closing;
      const applied = await this.engine.apply(em, ctx, c, change);
      return [...applied.commandIds, ...(change.commandIds ?? [])];
    });
    await this.delivery.deliver(commandIds, ctx.principal);
    return this.access.transaction(ctx, (em) => this.views.load(em, caseId, ctx.principal));
  }
}
