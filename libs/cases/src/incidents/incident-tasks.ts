import { Injectable } from '@nestjs/common';
import {
  AcceptLearningSchema,
  DutyOfCandourSchema,
  ExternalNoticeSchema,
  InitialReviewSchema,
  InvestigationReportSchema,
  SiMeetingDecisionSchema,
} from '@vigil/contracts';
import type { TaskRow } from '@vigil/persistence';
import type { CaseChange } from '../engine/case-change';
import type { CloseHandler, CloseHandlerSet, TaskHandler, TaskHandlerSet } from '../engine/task-handler';
import { IncidentRepository } from './incident.repository';

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

/** How a serious incident's steps complete (DOMAIN §4.4); the decisions and findings are kept on it. */
@Injectable()
export class IncidentTasks implements TaskHandlerSet, CloseHandlerSet {
  constructor(private readonly incidents: IncidentRepository) {}

  readonly handlers = {
    si_meeting_decision: {
      schema: SiMeetingDecisionSchema,
      complete: async (em, _ctx, c, task, input) => {
        await this.incidents.update(em, c.id, { siMeeting: input.meeting });
        return done(task, 'si_meeting_decision', { meeting: input.meeting });
      },
    } satisfies TaskHandler<Input<typeof SiMeetingDecisionSchema>>,

    initial_review: {
      schema: InitialReviewSchema,
      complete: async (em, _ctx, c, task, input) => {
        await this.incidents.update(em, c.id, { initialReviewFindings: input.findings });
        return done(task, 'initial_review');
      },
    } satisfies TaskHandler<Input<typeof InitialReviewSchema>>,

    duty_of_candour: {
      schema: DutyOfCandourSchema,
      complete: async (_em, _ctx, _c, task, input) =>
        done(task, 'duty_of_candour', { decision: input.decision }),
    } satisfies TaskHandler<Input<typeof DutyOfCandourSchema>>,

    cqc_notification: {
      schema: ExternalNoticeSchema,
      complete: async (_em, _ctx, _c, task, input) =>
        done(task, 'cqc_notification', { decision: input.decision }),
    } satisfies TaskHandler<Input<typeof ExternalNoticeSchema>>,

    ico_notification: {
      schema: ExternalNoticeSchema,
      complete: async (_em, _ctx, _c, task, input) =>
        done(task, 'ico_notification', { decision: input.decision }),
    } satisfies TaskHandler<Input<typeof ExternalNoticeSchema>>,

    /** The report goes to the commissioner, who then accepts the learning. */
    investigation_report: {
      schema: InvestigationReportSchema,
      complete: async (em, _ctx, c, task, input) => {
        await this.incidents.update(em, c.id, { reportSummary: input.summary });
        return { ...done(task, 'investigation_report'), openTasks: [{ type: 'accept_learning' }] };
      },
    } satisfies TaskHandler<Input<typeof InvestigationReportSchema>>,

    accept_learning: {
      schema: AcceptLearningSchema,
      complete: async (em, _ctx, c, task) => {
        await this.incidents.update(em, c.id, { learningAcceptedAt: new Date() });
        return done(task, 'accept_learning');
      },
    } satisfies TaskHandler<Input<typeof AcceptLearningSchema>>,
  };

  readonly closers = {
    incident: {
      close: async (em, _ctx, c, input) => {
        await this.incidents.update(em, c.id, { closingRationale: input.rationale });
        return {
          event: 'close',
          timeline: { kind: 'incident.closed', details: {} },
          audit: { action: 'case.transitioned', details: { event: 'close' } },
        };
      },
    } satisfies CloseHandler,
  };
}
