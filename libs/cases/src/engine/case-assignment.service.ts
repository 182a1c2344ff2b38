import { Injectable } from '@nestjs/common';
import { AssignCaseSchema, SendNoticeInputSchema, workflowIds, type CaseView } from '@vigil/contracts';
import { caseDefinition, conflict, forbidden, parseOrThrow, VigilError } from '@vigil/domain';
import { CaseRepository, TimelineRepository, WorkflowCommandRepository } from '@vigil/persistence';
import { randomUUID } from 'node:crypto';
import { CaseAccess, type RequestContext } from '../case-access.service';
import { assignableOfficers } from '../work-queue.service';
import { CaseViews } from './case-views.service';
import { CommandDelivery } from './command-delivery.service';

/**
 * Assigning an open case to one of its council's officers (issue 11), or taking it back to the team. The
 * ladder's `assignee` rung reads `cases.assignee_user_id` when it sends, so the next reminder reaches the
 * new officer; the workflow needs no signal. Team managers and heads of service assign anyone; an officer
 * may take a case for themselves, or give back one that is theirs. On the timeline and audited. An officer
 * given a case by someone else is emailed (reference and link only; the notice workflow sends it).
 */
@Injectable()
export class CaseAssignments {
  constructor(
    private readonly access: CaseAccess,
    private readonly cases: CaseRepository,
    private readonly timeline: TimelineRepository,
    private readonly views: CaseViews,
    private readonly commands: WorkflowCommandRepository,
    private readonly delivery: CommandDelivery,
  ) {}

  async assign(ctx: RequestContext, caseId: string, body: unknown): Promise<CaseView> {
    const { principal } = ctx;
    const commandIds = await this.access.transaction(ctx, async (em): Promise<string[]> => {
      const c = await this.access.require(em, ctx, caseId, 'case.assign', { lock: true, change: true });
      const { userId } = parseOrThrow(AssignCaseSchema, body);
      if (caseDefinition(c.type).closedStatuses.includes(c.status)) {
        throw conflict('This case is closed: only an open case can be assigned');
      }
      if (
        principal.role === 'council_officer' &&
        !(userId === principal.userId || (userId === null && c.assigneeUserId === principal.userId))
      ) {
        throw forbidden('An officer can assign a case only to themselves, or give back one assigned to them');
      }
      if (userId === c.assigneeUserId) return []; // already so: nothing changes, nothing recorded
      const [officer] = userId ? await assignableOfficers(em, c.councilId, userId) : [null];
      if (officer === undefined) {
        throw new VigilError('validation', 'Check the fields listed in errors', [
          { pointer: '#/userId', detail: 'Choose an officer of this council from the list' },
        ]);
      }
      const now = new Date();
      await this.cases.assign(em, caseId, userId, now);
      await this.timeline.append(em, {
        caseId,
        kind: 'case.assigned',
        at: now,
        actor: { userId: principal.userId, role: principal.role },
        details: officer
          ? { assigneeUserId: officer.id, assigneeName: officer.name }
          : { assigneeUserId: null, previousUserId: c.assigneeUserId },
      });
      await this.access.record(em, ctx, 'case.assigned', caseId, { assigneeUserId: userId });
      if (!userId || userId === principal.userId) return [];
      // Told at once (the notice's `assignee` audience reads the case when it sends).
      const notice = SendNoticeInputSchema.parse({
        workflowId: workflowIds.notice(randomUUID()),
        caseId,
        stepKey: `case.assigned#${now.getTime()}`,
        template: 'case.assigned',
        audience: { kind: 'role', role: 'assignee' },
        caseType: c.type,
      });
      return [await this.commands.requestNotice(em, notice)];
    });
    await this.delivery.deliver(commandIds, principal);
    return this.access.transaction(ctx, (em) => this.views.load(em, caseId, principal));
  }
}
