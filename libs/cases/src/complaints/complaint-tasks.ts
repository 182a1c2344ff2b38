import { Injectable } from '@nestjs/common';
import {
  AcknowledgeComplaintSchema,
  NotifySocialWorkerSchema,
  RespondToComplaintSchema,
  ShareComplaintOutcomeSchema,
  type CaseOutcome,
} from '@vigil/contracts';
import { VigilError } from '@vigil/domain';
import {
  stepDone,
  type SchemaInput,
  type CloseHandler,
  type CloseHandlerSet,
  type TaskHandler,
  type TaskHandlerSet,
} from '../engine/task-handler';
import { ComplaintRepository } from './complaint.repository';

/** How a complaint's steps complete (DOMAIN §4.5); each is kept on the complaint. */
@Injectable()
export class ComplaintTasks implements TaskHandlerSet, CloseHandlerSet {
  constructor(private readonly complaints: ComplaintRepository) {}

  readonly handlers = {
    acknowledge: {
      schema: AcknowledgeComplaintSchema,
      complete: async (em, _ctx, c, task, input) => {
        await this.complaints.update(em, c.id, { acknowledgedOn: input.acknowledgedOn });
        return stepDone(task, 'acknowledge');
      },
    } satisfies TaskHandler<SchemaInput<typeof AcknowledgeComplaintSchema>>,

    /** Std 15.8: the social worker told, when and how. */
    notify_social_worker: {
      schema: NotifySocialWorkerSchema,
      complete: async (em, _ctx, c, task, input) => {
        await this.complaints.update(em, c.id, {
          socialWorkerNotifiedAt: input.notifiedAt,
          socialWorkerMethod: input.method,
        });
        return stepDone(task, 'notify_social_worker', { method: input.method });
      },
    } satisfies TaskHandler<SchemaInput<typeof NotifySocialWorkerSchema>>,

    /** The written response: the council is then owed the outcome. */
    respond: {
      schema: RespondToComplaintSchema,
      complete: async (em, _ctx, c, task, input) => {
        await this.complaints.update(em, c.id, { respondedOn: input.respondedOn, outcome: input.outcome });
        return {
          ...stepDone(task, 'respond', { outcome: input.outcome }),
          openTasks: [{ type: 'share_outcome' }],
        };
      },
    } satisfies TaskHandler<SchemaInput<typeof RespondToComplaintSchema>>,

    share_outcome: {
      schema: ShareComplaintOutcomeSchema,
      complete: async (em, _ctx, c, task, input) => {
        await this.complaints.update(em, c.id, { sharedOn: input.sharedOn });
        return stepDone(task, 'share_outcome');
      },
    } satisfies TaskHandler<SchemaInput<typeof ShareComplaintOutcomeSchema>>,
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
