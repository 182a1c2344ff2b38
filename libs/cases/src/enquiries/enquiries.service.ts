import { Injectable } from '@nestjs/common';
import { isUuid, ReturnProviderReportSchema, type CaseView, type OpenEnquiry } from '@vigil/contracts';
import {
  canSeeCase,
  conflict,
  forbidden,
  parseOrThrow,
  roleMay,
  taskDefinition,
  VigilError,
} from '@vigil/domain';
import { CaseRepository, TaskRepository } from '@vigil/persistence';
import { CaseAccess, type RequestContext } from '../case-access.service';
import { CaseEngine } from '../engine/case-engine.service';
import { CaseCreation } from '../engine/case-creation.service';
import { CaseViews } from '../engine/case-views.service';
import { CommandDelivery } from '../engine/command-delivery.service';
import { parseIfMatch, staleVersion } from '../engine/task-completion.service';
import { EnquiryOpener } from './enquiry-opener.service';
import { EnquiryRepository } from './enquiry.repository';

const invalid = (pointer: string, detail: string) =>
  new VigilError('validation', 'Check the fields listed in errors', [{ pointer, detail }]);

/** Section 42 enquiries opened directly by an officer, and the return of a provider's report (DOMAIN §4.2). */
@Injectable()
export class EnquiriesService {
  constructor(
    private readonly access: CaseAccess,
    private readonly opener: EnquiryOpener,
    private readonly cases: CaseRepository,
    private readonly tasks: TaskRepository,
    private readonly enquiries: EnquiryRepository,
    private readonly engine: CaseEngine,
    private readonly creation: CaseCreation,
    private readonly views: CaseViews,
    private readonly delivery: CommandDelivery,
  ) {}

  async open(
    ctx: RequestContext,
    rawBody: unknown,
    input: OpenEnquiry,
    idempotencyKey: string,
  ): Promise<{ view: CaseView; created: boolean }> {
    const { principal } = ctx;
    if (!roleMay(principal.role, 'enquiry.open') || principal.organisationKind !== 'council') {
      await this.access.refuse(ctx, null, 'enquiry.open', 'forbidden');
      throw forbidden('Only council officers and team managers can open an enquiry');
    }
    return this.creation.create(ctx, idempotencyKey, rawBody, async (em, store) => {
      const [provider] = await em.execute<{ id: string }[]>(
        `select id from organisations where id = ? and kind = 'provider' and council_id = ?`,
        [input.providerId, principal.councilId],
      );
      if (!provider) throw invalid('#/providerId', 'Choose a provider in your council’s area');
      if (input.concernId) {
        const concern = await this.cases.core(em, input.concernId);
        if (!concern || concern.type !== 'concern' || !canSeeCase(principal, concern)) {
          throw invalid('#/concernId', 'There is no concern with that ID that you can see');
        }
        if (concern.providerId !== input.providerId) {
          throw invalid('#/concernId', 'The concern is about another provider');
        }
      }
      return this.opener.open(
        em,
        ctx,
        {
          adultName: input.adultAtRisk.name,
          dateOfBirth: input.adultAtRisk.dateOfBirth ?? null,
          summary: input.summary,
          immediateRisk: input.immediateRisk,
          providerId: input.providerId,
          councilId: principal.councilId,
          teamId: principal.teamId ?? (await this.cases.defaultTeam(em, principal.councilId)),
          ...(input.concernId ? { concernId: input.concernId } : {}),
        },
        store,
      );
    });
  }

  /**
   * `POST /cases/:id/tasks/:taskId/return`: the officer sends the provider's report back with a reason and
   * a new due date; a new report task opens on `s42.provider_report`.
   */
  async returnReport(
    ctx: RequestContext,
    caseId: string,
    taskId: string,
    body: unknown,
    ifMatchHeader?: string,
  ): Promise<CaseView> {
    const commandIds = await this.access.transaction(ctx, async (em) => {
      const c = await this.access.find(em, ctx, caseId, 'task.return', { lock: true });
      const task = isUuid(taskId) ? await this.tasks.find(em, caseId, taskId) : null;
      if (!task || task.type !== 'submit_provider_report') {
        throw new VigilError('not_found', 'There is no provider report with that ID on this case');
      }
      this.access.requireRole(
        ctx,
        c,
        { name: 'task.return:submit_provider_report', roles: taskDefinition('decide_enquiry_lead').actors },
        { change: true },
      );
      const input = parseOrThrow(ReturnProviderReportSchema, body);
      const ifMatch = parseIfMatch(ifMatchHeader);
      const latest = await this.tasks.latestCompleted(em, caseId, 'submit_provider_report');
      if (task.status !== 'completed' || latest?.id !== task.id) {
        throw conflict('Only the latest submitted report can be returned');
      }
      if (ifMatch !== undefined && ifMatch !== c.version) throw staleVersion();
      await this.enquiries.update(em, caseId, { returnReason: input.reason, reportDueOn: input.reportDueOn });
      const details = { taskType: task.type, taskId: task.id };
      const applied = await this.engine.apply(em, ctx, c, {
        event: 'return_report',
        timeline: { kind: 'task.returned', details },
        audit: { action: 'task.returned', details },
        openTasks: [{ type: 'submit_provider_report', dueOn: input.reportDueOn }],
      });
      return applied.commandIds;
    });
    await this.delivery.deliver(commandIds, ctx.principal);
    return this.access.transaction(ctx, (em) => this.views.load(em, caseId, ctx.principal));
  }
}
