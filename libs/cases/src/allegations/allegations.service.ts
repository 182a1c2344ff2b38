import { Injectable } from '@nestjs/common';
import { type CaseView, type NoticeRequest, type RaiseAllegation } from '@vigil/contracts';
import { canSeeCase, VigilError } from '@vigil/domain';
import { CaseLinkRepository, CaseRepository } from '@vigil/persistence';
import type { RequestContext } from '../case-access.service';
import { CaseEngine, type OpenedTask } from '../engine/case-engine.service';
import { CaseCreation } from '../engine/case-creation.service';
import type { OpenTask } from '../engine/case-change';
import { AllegationRepository } from './allegation.repository';

const invalid = (pointer: string, detail: string) =>
  new VigilError('validation', 'Check the fields listed in errors', [{ pointer, detail }]);

/** The commissioner is told at once (specs/003 §7.17), by reference and link only: never the person's name. */
function raiseNotices(opened: readonly OpenedTask[]): NoticeRequest[] {
  const suspension = opened.find((t) => t.type === 'confirm_suspension');
  return [
    {
      stepKey: 'allegation.raised#commissioner',
      template: 'case.opened',
      audience: { kind: 'role', role: 'commissioner' },
      caseType: 'allegation',
      ...(suspension?.dueAt ? { dueAt: suspension.dueAt.toISOString() } : {}),
    },
  ];
}

/** Raising an allegation against staff (DOMAIN §4.3): by the provider's lead, or a council officer. */
@Injectable()
export class AllegationsService {
  constructor(
    private readonly creation: CaseCreation,
    private readonly engine: CaseEngine,
    private readonly cases: CaseRepository,
    private readonly allegations: AllegationRepository,
    private readonly links: CaseLinkRepository,
  ) {}

  async raise(
    ctx: RequestContext,
    rawBody: unknown,
    input: RaiseAllegation,
    idempotencyKey: string,
  ): Promise<{ view: CaseView; created: boolean }> {
    const { principal } = ctx;
    await this.creation.requireRole(
      ctx,
      'allegation.raise',
      'Only a provider’s safeguarding lead or a council officer can raise an allegation',
    );
    return this.creation.create(ctx, idempotencyKey, rawBody, async (em, store) => {
      let providerId = input.providerId;
      if (principal.organisationKind === 'provider') {
        if (providerId && providerId !== principal.organisationId) {
          throw invalid('#/providerId', 'You can raise an allegation only about your own organisation');
        }
        providerId = principal.organisationId;
      } else {
        if (!providerId) throw invalid('#/providerId', 'Choose the provider the allegation is about');
        const [provider] = await em.execute<{ id: string }[]>(
          `select id from organisations where id = ? and kind = 'provider' and council_id = ?`,
          [providerId, principal.councilId],
        );
        if (!provider) throw invalid('#/providerId', 'Choose a provider in your council’s area');
      }
      if (input.concernId) {
        const concern = await this.cases.core(em, input.concernId);
        if (
          !concern ||
          concern.type !== 'concern' ||
          !canSeeCase(principal, concern) ||
          concern.providerId !== providerId
        ) {
          throw invalid(
            '#/concernId',
            'There is no concern about this provider with that ID that you can see',
          );
        }
      }
      await this.creation.checkLinked(em, principal, input.linkedCaseId, providerId);
      const tasks: OpenTask[] = [
        { type: 'confirm_suspension' },
        { type: 'record_employment_outcome' },
        { type: 'resolution_review' },
        ...(input.worksWithChildren ? [{ type: 'lado_referral' as const }] : []),
        ...(input.regulator ? [{ type: 'regulator_referral_decision' as const }] : []),
      ];
      return this.engine.open(em, ctx, {
        type: 'allegation',
        providerId,
        councilId: principal.councilId,
        teamId: principal.teamId ?? (await this.cases.defaultTeam(em, principal.councilId)),
        involvesChildren: input.worksWithChildren,
        facts: {},
        tasks,
        details: async (tx, caseId) => {
          await this.allegations.insert(tx, caseId, input);
          if (input.concernId) await this.links.link(tx, caseId, input.concernId, new Date());
          if (input.linkedCaseId && input.linkedCaseId !== input.concernId) {
            await this.links.link(tx, caseId, input.linkedCaseId, new Date());
          }
        },
        timeline: {
          kind: 'allegation.raised',
          details: {
            worksWithChildren: input.worksWithChildren,
            regulator: input.regulator ?? null,
            ...(input.concernId ? { concernId: input.concernId } : {}),
          },
        },
        notices: raiseNotices,
        beforeAudit: store,
      });
    });
  }
}
