import { Injectable } from '@nestjs/common';
import {
  AcceptLearningSchema,
  DutyOfCandourSchema,
  ExternalNoticeSchema,
  InitialReviewSchema,
  InvestigationReportSchema,
  SiMeetingDecisionSchema,
} from '@vigil/contracts';
import {
  stepDone,
  type SchemaInput,
  type CloseHandler,
  type CloseHandlerSet,
  type TaskHandler,
  type TaskHandlerSet,
} from '../engine/task-handler';
import { IncidentRepository } from './incident.repository';

/** How a serious incident's steps complete (DOMAIN §4.4); the decisions and findings are kept on it. */
@Injectable()
export class IncidentTasks implements TaskHandlerSet, CloseHandlerSet {
  constructor(private readonly incidents: IncidentRepository) {}

  readonly handlers = {
    si_meeting_decision: {
      schema: SiMeetingDecisionSchema,
      complete: async (em, _ctx, c, task, input) => {
        await this.incidents.update(em, c.id, { siMeeting: input.meeting });
        return stepDone(task, 'si_meeting_decision', { meeting: input.meeting });
      },
    } satisfies TaskHandler<SchemaInput<typeof SiMeetingDecisionSchema>>,

    initial_review: {
      schema: InitialReviewSchema,
      complete: async (em, _ctx, c, task, input) => {
        await this.incidents.update(em, c.id, { initialReviewFindings: input.findings });
        return stepDone(task, 'initial_review');
      },
    } satisfies TaskHandler<SchemaInput<typeof InitialReviewSchema>>,

    duty_of_candour: {
      schema: DutyOfCandourSchema,
      complete: async (_em, _ctx, _c, task, input) =>
        stepDone(task, 'duty_of_candour', { decision: input.decision }),
    } satisfies TaskHandler<SchemaInput<typeof DutyOfCandourSchema>>,

    cqc_notification: {
      schema: ExternalNoticeSchema,
      complete: async (_em, _ctx, _c, task, input) =>
        stepDone(task, 'cqc_notification', { decision: input.decision }),
    } satisfies TaskHandler<SchemaInput<typeof ExternalNoticeSchema>>,

    ico_notification: {
      schema: ExternalNoticeSchema,
      complete: async (_em, _ctx, _c, task, input) =>
        stepDone(task, 'ico_notification', { decision: input.decision }),
    } satisfies TaskHandler<SchemaInput<typeof ExternalNoticeSchema>>,

    /** The report goes to the commissioner, who then accepts the learning. */
    investigation_report: {
      schema: InvestigationReportSchema,
      complete: async (em, _ctx, c, task, input) => {
        await this.incidents.update(em, c.id, { reportSummary: input.summary });
        return { ...stepDone(task, 'investigation_report'), openTasks: [{ type: 'accept_learning' }] };
      },
    } satisfies TaskHandler<SchemaInput<typeof InvestigationReportSchema>>,

    accept_learning: {
      schema: AcceptLearningSchema,
      complete: async (em, _ctx, c, task) => {
        await this.incidents.update(em, c.id, { learningAcceptedAt: new Date() });
        return stepDone(task, 'accept_learning');
      },
    } satisfies TaskHandler<SchemaInput<typeof AcceptLearningSchema>>,
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
