import { Inject, Injectable } from '@nestjs/common';
import { isUuid, type CaseView, type TaskType } from '@vigil/contracts';
import { conflict, parseOrThrow, CaseDefinitions, taskDefinition, VigilError } from '@vigil/domain';
import { TaskRepository } from '@vigil/persistence';
import { CaseAccess, type RequestContext } from '../case-access.service';
import { CaseEngine } from './case-engine.service';
import { CaseViews } from './case-views.service';
import { CommandDelivery } from './command-delivery.service';
import { TASK_HANDLER_SETS, type TaskHandler, type TaskHandlerSet } from './task-handler';

/** `If-Match: "3"` (or W/"3", or 3) → 3; absent → undefined; anything else is a 400. */
export function parseIfMatch(header: string | undefined): number | undefined {
  if (header === undefined || header.trim() === '') return undefined;
  const match = /^\s*(?:W\/)?"?(\d{1,9})"?\s*$/.exec(header);
  if (!match) {
    throw new VigilError('validation', 'The If-Match header is not valid', [
      { pointer: 'header:If-Match', detail: 'Send the case version from its ETag, like "3"' },
    ]);
  }
  return Number(match[1]);
}

export const staleVersion = (): VigilError =>
  new VigilError('conflict', 'This case has changed since you read it: read it again, then retry');

/**
 * `POST /api/v1/cases/:id/tasks/:taskId/complete` for every task type: scope (404), the task (404), the
 * registry's actors for its type (403; a break-glass grant never completes a task), its payload schema (400),
 * its state and If-Match (409); then the type's handler describes the change and the engine applies it.
 */
@Injectable()
export class TaskCompletionService {
  private readonly handlers: Partial<Record<TaskType, TaskHandler<unknown>>> = {};

  constructor(
    private readonly access: CaseAccess,
    private readonly tasks: TaskRepository,
    private readonly engine: CaseEngine,
    private readonly views: CaseViews,
    private readonly delivery: CommandDelivery,
    @Inject(TASK_HANDLER_SETS) sets: readonly TaskHandlerSet[],
  ) {
    for (const set of sets) Object.assign(this.handlers, set.handlers);
    // Every task the registry names must have a handler: a missing one is a start-up error, not a 500 later.
    const missing = CaseDefinitions.flatMap((d) => d.tasks.map((t) => t.type)).filter(
      (t) => !this.handlers[t],
    );
    if (missing.length > 0) throw new Error(`no completion handler for task types: ${missing.join(', ')}`);
  }

  /** The payload schema of a task type (pages validate with the same one). */
  schemaOf(type: TaskType): TaskHandler<unknown>['schema'] {
    const handler = this.handlers[type];
    if (!handler) throw new Error(`no handler for ${type}`);
    return handler.schema;
  }

  async complete(
    ctx: RequestContext,
    caseId: string,
    taskId: string,
    body: unknown,
    ifMatchHeader: string | undefined,
  ): Promise<CaseView> {
    const commandIds = await this.access.transaction(ctx, async (em) => {
      const c = await this.access.find(em, ctx, caseId, 'task.complete', { lock: true });
      const task = isUuid(taskId) ? await this.tasks.find(em, caseId, taskId) : null;
      if (!task) throw new VigilError('not_found', 'There is no such task on this case');
      this.access.requireRole(
        ctx,
        c,
        { name: `task.complete:${task.type}`, roles: taskDefinition(task.type).actors },
        { change: true },
      );
      const handler = this.handlers[task.type] as TaskHandler<unknown>;
      const input = parseOrThrow(handler.schema, body);
      const ifMatch = parseIfMatch(ifMatchHeader);
      if (task.status !== 'open') throw conflict('This task has already been completed');
      if (ifMatch !== undefined && ifMatch !== c.version) throw staleVersion();
      const change = await handler.complete(em, ctx, c, task, input);
      const applied = await this.engine.apply(em, ctx, c, change, {
        task,
        payload: input as Record<string, unknown>,
      });
      return [...applied.commandIds, ...(change.commandIds ?? [])];
    });
    await this.delivery.deliver(commandIds, ctx.principal);
    return this.access.transaction(ctx, (em) => this.views.load(em, caseId, ctx.principal));
  }
}
