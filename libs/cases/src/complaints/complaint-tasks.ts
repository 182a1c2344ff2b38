import { Injectable } from '@nestjs/common';
import {
  AcknowledgeComplaintSchema,
  NotifySocialWorkerSchema,
  RespondToComplaintSchema,
  ShareComplaintOutcomeSchema,
  type CaseOutcome,
} from '@vigil/contracts';
import { VigilError } from '@vigil/domain';
import type { TaskRow } from '@vigil/persistence';
import type { CaseChange } from '../engine/case-change';
import type { CloseHandler, CloseHandlerSet, TaskHandler, TaskHandlerSet } from '../engine/task-handler';
import { ComplaintRepository } from './complaint.repository';

type Input<S> = S extends { safeParse(v: unknown): { success: true; data: infer T } | { success: false } }
  ? T
  : never;

function done(task: TaskRow, event: string, extra: Record<string, unknown> = {}): CaseChange {
  const details = { taskType: task.type, taskId: task.id, ...extra };
  return {
    event,
    timeline: { kind: 'task.completed', details },
    audit: { action: 'task.completed', details },
  };
}

/** How a complaint's steps complete (DOMAIN §4.5); each is kept on the complaint. */
@Injectable()
export class ComplaintTasks implements TaskHandlerSet, CloseHandlerSet {
  constructor(private readonly complaints: ComplaintRepository) {}

  readonly handlers = {
    acknowledge: {
      schema: AcknowledgeComplaintSchema,
      complete: async (em, _ctx, c, task, input) => {
        await this.complaints.update(em, c.id, { acknowledgedOn: input.acknowledgedOn });
        return done(task, 'acknowledge');
      },
    } satisfies TaskHandler<Input<typeof AcknowledgeComplaintSchema>>,

    /** Std 15.8: the social worker told, when and how. */
    notify_social_worker: {
      schema: NotifySocialWorkerSchema,
      complete: async (em, _ctx, c, task, input) => {
        await this.complaints.update(em, c.id, {
          socialWorkerNotifiedAt: input.notifiedAt,
          socialWorkerMethod: input.method,
        });
        return done(task, 'notify_social_worker', { method: input.method });
      },
    } satisfies TaskHandler<Input<typeof NotifySocialWorkerSchema>>,

    /** The written response: the council is then owed the outcome. */
    respond: {
      schema: RespondToComplaintSchema,
      complete: async (em, _ctx, c, task, input) => {
        await this.complaints.update(em, c.id, { respondedOn: input.respondedOn, outcome: input.outcome });
        return {
          ...done(task, 'respond', { outcome: input.outcome }),
          openTasks: [{ type: 'share_outcome' }],
        };
      },
    } satisfies TaskHandler<Input<typeof RespondToComplaintSchema>>,

    share_outcome: {
      schema: ShareComplaintOutcomeSchema,
      complete: async (em, _ctx, c, task, input) => {
        await this.complaints.update(em, c.id, { sharedOn: input.sharedOn });
        return done(task, 'share_outcome');
      },
    } satisfies TaskHandler<Input<typeof ShareComplaintOutcomeSchema>>,
  };

  readonly closers = {
    /** Closed with its outcome and whether it was resolved at the provider's stage. */
    complaint: {
      close: async (em, _ctx, c, input) => {
        const resolved = input.resolvedAtProviderStage;
        if (resolved === undefined) {
          throw new VigilError('validation', 'Check the fields listed in errors', [
            {
              pointer: '#/resolvedAtProviderStage',
              detail: 'Say whether it was resolved at the provider’s stage (true or false)',
            },
          ]);
        }
        await this.complaints.update(em, c.id, {
          outcome: input.outcome,
          resolvedAtProviderStage: resolved,
          closingRationale: input.rationale,
        });
        return {
          event: 'close',
          timeline: {
            kind: 'case.closed_with_outcome',
            details: { outcome: input.outcome, resolvedAtProviderStage: resolved },
          },
          audit: { action: 'case.transitioned', details: { event: 'close', outcome: input.outcome } },
          outcome: input.outcome as CaseOutcome,
        };
      },
    } satisfies CloseHandler,
  };
}
