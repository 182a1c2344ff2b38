import { Injectable } from '@nestjs/common';
import { CqcCategories, type CaseView, type NoticeRequest, type RecordIncident } from '@vigil/contracts';
import { CaseLinkRepository, CaseRepository } from '@vigil/persistence';
import type { RequestContext } from '../case-access.service';
import type { OpenTask } from '../engine/case-change';
import { CaseEngine } from '../engine/case-engine.service';
import { CaseCreation } from '../engine/case-creation.service';
import { NotificationsService } from '../notifications/notifications.service';
import { IncidentRepository } from './incident.repository';

/** The council's safeguarding team and the commissioner are told at once, by reference and link only. */
const reportNotices = (): NoticeRequest[] => [
  {
    stepKey: 'incident.reported#council',
    template: 'case.opened',
    audience: { kind: 'role', role: 'assignee' },
    caseType: 'incident',
  },
  {
    stepKey: 'incident.reported#commissioner',
    template: 'case.opened',
    audience: { kind: 'role', role: 'commissioner' },
    caseType: 'incident',
  },
];

/**
 * Reporting a serious incident (DOMAIN §4.4): by the provider's lead, about their own service. Its steps
 * open at once; the CQC's only for the categories the CQC must hear of, the ICO's only for a personal-data
 * breach. A threat to continuity of service is also the provider's continuity report (DOMAIN §4.7): its own
 * clock (`provider.continuity`, 1 working day from awareness, or `provider.continuity_interrupted`, 4 hours
 * when care is interrupted) is recorded met or late, and it opens or joins a provider concern.
 */
@Injectable()
export class IncidentsService {
  constructor(
    private readonly creation: CaseCreation,
    private readonly engine: CaseEngine,
    private readonly cases: CaseRepository,
    private readonly incidents: IncidentRepository,
    private readonly links: CaseLinkRepository,
    private readonly notifications: NotificationsService,
  ) {}

  async record(
    ctx: RequestContext,
    rawBody: unknown,
    input: RecordIncident,
    idempotencyKey: string,
  ): Promise<{ view: CaseView; created: boolean }> {
    const { principal } = ctx;
    await this.creation.requireRole(
      ctx,
      'incident.record',
      'Only a provider’s safeguarding lead can report a serious incident',
      {
        providersOnly: true,
      },
    );
    return this.creation.create(ctx, idempotencyKey, rawBody, async (em, store) => {
      await this.creation.checkLinked(em, principal, input.linkedCaseId, principal.organisationId);
      const breach = input.category === 'information_security_breach' || input.personalDataBreach === true;
      const awareAt = new Date(input.awareAt ?? new Date().toISOString());
      // A threat to continuity of service (DOMAIN §4.7): reporting it is itself a duty with a deadline, and
      // it opens (or joins) the provider's continuity case through the provider watch.
      const continuity = input.category === 'service_continuity';
      const interrupted = input.careInterrupted === true;
      const tasks: OpenTask[] = [
        { type: 'si_meeting_decision' },
        { type: 'initial_review' },
        { type: 'duty_of_candour' },
        // The CQC's and the ICO's windows run from awareness (DOMAIN §4.4), not from when Vigil heard:
        // an incident reported a day after the provider knew has a day less.
        ...(CqcCategories.includes(input.category)
          ? [{ type: 'cqc_notification' as const, from: awareAt }]
          : []),
        ...(breach ? [{ type: 'ico_notification' as const, from: awareAt }] : []),
        { type: 'investigation_report' },
      ];
      const teamId = principal.teamId ?? (await this.cases.defaultTeam(em, principal.councilId));
      const opened = await this.engine.open(em, ctx, {
        type: 'incident',
        providerId: principal.organisationId,
        councilId: principal.councilId,
        teamId,
        facts: {},
        tasks,
        details: async (tx, caseId) => {
          await this.incidents.insert(tx, caseId, input, awareAt);
          if (input.linkedCaseId) await this.links.link(tx, caseId, input.linkedCaseId, new Date());
        },
        timeline: {
          kind: 'incident.reported',
          details: {
            category: input.category,
            personalDataBreach: breach,
            ...(continuity ? { careInterrupted: interrupted } : {}),
          },
        },
        notices: reportNotices,
        beforeAudit: store,
        ...(continuity
          ? {
              doneClocks: [
                {
                  name: interrupted ? 'provider.continuity_interrupted' : 'provider.continuity',
                  startedAt: awareAt,
                },
              ],
              watchProvider: true,
            }
          : {}),
      });
      if (input.category !== 'unexpected_death') return opened;
      // An unexpected death is also one of the ten events the commissioner is notified of (DOMAIN §4.4
      // route 1, §4.6 trigger 3): the incident sends that notice itself, linked to it, timed from awareness.
      const notice = await this.notifications.open(em, ctx, {
        trigger: 'death',
        occurredAt: new Date(input.occurredAt),
        awareAt,
        summary: 'A death reported as a serious incident about this service.',
        // Past its window only when the incident itself was reported late: that is the reason.
        lateReason: 'The death was reported as a serious incident after the notice window',
        providerId: principal.organisationId,
        councilId: principal.councilId,
        teamId,
        linkedCaseId: opened.caseId,
      });
      return { caseId: opened.caseId, commandIds: [...opened.commandIds, ...notice.commandIds] };
    });
  }
}
