import { Injectable } from '@nestjs/common';
import { ExtendTaskSchema, isUuid, type CaseView } from '@vigil/contracts';
import { conflict, parseOrThrow, taskDefinition, VigilError } from '@vigil/domain';
import { ClockRepository, TaskRepository } from '@vigil/persistence';
import { CaseAccess, type RequestContext } from '../case-access.service';
import { CaseEngine } from './case-engine.service';
import { CaseViews } from './case-views.service';
import { CommandDelivery } from './command-delivery.service';
import { parseIfMatch, staleVersion } from './task-completion.service';

/**
 * `POST /api/v1/cases/:id/tasks/:taskId/extend` `{ dueOn, reason }` for any task its definition lets be
 * extended (a complaint's response, to the date agreed with the complainant): scope (404), the task (404),
 * who may extend it (403; a type that cannot be extended answers 409), the body (400). The open task is
 * replaced by one due at the end of `dueOn`, its clocks stopped and new ones started; the replaced task keeps
 * its original due date, and the new date and the reason as its record; the timeline and the audit say so.
 */
@Injectable()
export class TaskExtensionService {
  constructor(
    private readonly access: CaseAccess,
    private readonly tasks: TaskRepository,
    private readonly clocks: ClockRepository,
    private readonly engine: CaseEngine,
    private readonly views: CaseViews,
    private readonly delivery: CommandDelivery,
  ) {}

  async extend(
    ctx: RequestContext,
    caseId: string,
    taskId: string,
    body: unknown,
    ifMatchHeader?: string,
  ): Promise<CaseView> {
    const commandIds = await this.access.transaction(ctx, async (em) => {
      const c = await this.access.find(em, ctx, caseId, 'task.extend', { lock: true });
      const task = isUuid(taskId) ? await this.tasks.find(em, caseId, taskId) : null;
      if (!task) throw new VigilError('not_found', 'There is no such task on this case');
      const def = taskDefinition(task.type);
      if (!def.extendableBy) throw conflict('The due date of this task cannot be moved');
      this.access.requireRole(
        ctx,
        c,
        { name: `task.extend:${task.type}`, roles: def.extendableBy },
        { change: true },
      );
      const input = parseOrThrow(ExtendTaskSchema, body);
      const ifMatch = parseIfMatch(ifMatchHeader);
      if (task.status !== 'open') throw conflict('This task is no longer open');
      if (ifMatch !== undefined && ifMatch !== c.version) throw staleVersion();
      const details = {
        taskType: task.type,
        taskId: task.id,
        fromDueAt: task.dueAt ? new Date(task.dueAt).toISOString() : null,
        toDueOn: input.dueOn,
      };
      const applied = await this.engine.apply(em, ctx, c, {
        event: 'extend',
        timeline: { kind: 'task.extended', details },
        audit: { action: 'task.extended', details },
        cancelTasks: [task.type],
        openTasks: [{ type: task.type, dueOn: input.dueOn }],
      });
      const replacedBy = applied.opened[0]?.taskId ?? null;
      await this.tasks.supersede(
        em,
        task,
        ctx.principal.userId,
        { extendedTo: input.dueOn, reason: input.reason, replacedBy },
        new Date(),
      );
      if (replacedBy) await this.clocks.linkReplacements(em, task.id, replacedBy);
      return applied.commandIds;
    });
    await this.delivery.deliver(commandIds, ctx.principal);
    return this.access.transaction(ctx, (em) => this.views.load(em, caseId, ctx.principal));
  }
}
