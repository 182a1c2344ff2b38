import { Injectable } from '@nestjs/common';
import { AuditWriter } from '@vigil/audit';
import { AppConfig } from '@vigil/config';
import {
  isUuid,
  requiredText,
  SendNoticeInputSchema,
  workflowIds,
  type CaseScopeFacts,
} from '@vigil/contracts';
import { canSeeCase, caseNotFound, conflict, forbidden, parseOrThrow, roleMay } from '@vigil/domain';
import {
  CASE_SCOPE_COLUMNS,
  CaseRepository,
  TimelineRepository,
  WorkflowCommandRepository,
} from '@vigil/persistence';
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { actorOf, CaseAccess, RefusedError, type RequestContext } from './case-access.service';
import { CommandDelivery } from './engine/command-delivery.service';

export const BreakGlassRequestSchema = z.object({
  // The shared text field (no NUL byte: PostgreSQL would refuse it with a 500), at least 10 characters.
  reason: requiredText('why you need emergency access to this case', 2_000, 'The reason').min(10, {
    error: 'Give a reason of at least 10 characters',
  }),
});

export interface AccessGrantView {
  id: string;
  caseId: string;
  userId: string;
  grantedAt: string;
  expiresAt: string;
}

/**
 * Break-glass (DOMAIN §3): a team manager or head of service opens a case outside their scope (another
 * team's, or another council's when an adult moves into their area) by giving a reason. The access is
 * time-limited, shown on the case, audited, and emailed to their line manager (through a durable notice
 * workflow). Every other role meets the usual order: a case outside their scope is 404, one inside it 403.
 */
@Injectable()
export class BreakGlassService {
  constructor(
    private readonly access: CaseAccess,
    private readonly audit: AuditWriter,
    private readonly cases: CaseRepository,
    private readonly timeline: TimelineRepository,
    private readonly commands: WorkflowCommandRepository,
    private readonly delivery: CommandDelivery,
    private readonly config: AppConfig,
  ) {}

  /** Whether the user may ask for emergency access to this case at all (404, then 403; both audited). */
  async assertMayRequest(ctx: RequestContext, caseId: string): Promise<void> {
    const { principal } = ctx;
    await this.access.transaction(ctx, async (em) => {
      if (!roleMay(principal.role, 'case.break_glass')) {
        // Always refuses: 404 outside the user's scope, else 403.
        await this.access.require(em, ctx, caseId, 'case.break_glass');
        throw forbidden('Only team managers and heads of service can use emergency access');
      }
      if (!isUuid(caseId) || !(await this.cases.exists(em, caseId))) {
        throw new RefusedError({ caseId, action: 'case.break_glass', reason: 'not_found' }, caseNotFound());
      }
    });
  }

  async open(ctx: RequestContext, caseId: string, body: unknown): Promise<AccessGrantView> {
    const { principal } = ctx;
    await this.assertMayRequest(ctx, caseId);
    const { reason } = parseOrThrow(BreakGlassRequestSchema, body);
    const outcome = await this.access.transaction(ctx, async (em) => {
      const [visible] = await em.execute<CaseScopeFacts[]>(
        `select ${CASE_SCOPE_COLUMNS} from cases where id = ?`,
        [caseId],
      );
      if (visible && canSeeCase(principal, visible)) {
        throw conflict('You can already see this case: emergency access is not needed');
      }
      const id = randomUUID();
      const now = new Date();
      const expiresAt = new Date(now.getTime() + this.config.auth.breakGlassMinutes * 60_000);
      await em.execute(
        'insert into access_grants (id, case_id, user_id, reason, granted_at, expires_at) values (?, ?, ?, ?, ?, ?)',
        [id, caseId, principal.userId, reason, now, expiresAt],
      );
      await this.timeline.append(em, {
        caseId,
        kind: 'case.break_glass',
        at: now,
        actor: { userId: principal.userId, role: principal.role },
        details: { grantId: id, expiresAt: expiresAt.toISOString() },
      });
      const notice = SendNoticeInputSchema.parse({
        workflowId: workflowIds.notice(id),
        caseId,
        stepKey: 'case.break_glass#line-manager',
        template: 'case.break_glass',
        audience: { kind: 'line_manager', userId: principal.userId },
        dueAt: expiresAt.toISOString(),
      });
      const commandIds = [await this.commands.requestNotice(em, notice)];
      // A case of another council (an adult who moved into the area): that council's head of service is told.
      const otherCouncil = (await this.cases.councilOf(em, caseId)) !== principal.councilId;
      if (otherCouncil) {
        const told = SendNoticeInputSchema.parse({
          workflowId: workflowIds.notice(randomUUID()),
          caseId,
          stepKey: 'case.break_glass#case-council-head',
          template: 'case.break_glass.other_council',
          audience: { kind: 'role', role: 'head_of_service' },
          dueAt: expiresAt.toISOString(),
        });
        commandIds.push(await this.commands.requestNotice(em, told));
      }
      await this.audit.append(em, {
        actor: actorOf(principal),
        action: 'case.break_glass',
        outcome: 'success',
        subjectType: 'case',
        subjectId: caseId,
        ip: ctx.ip,
        correlationId: ctx.correlationId,
        details: {
          grantId: id,
          expiresAt: expiresAt.toISOString(),
          minutes: this.config.auth.breakGlassMinutes,
          otherCouncil,
        },
      });
      return {
        view: {
          id,
          caseId,
          userId: principal.userId,
          grantedAt: now.toISOString(),
          expiresAt: expiresAt.toISOString(),
        },
        commandIds,
      };
    });
    await this.delivery.deliver(outcome.commandIds, principal);
    return outcome.view;
  }
}
