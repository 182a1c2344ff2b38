import type { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import type { NoticeRequest } from '@vigil/contracts';
import { CaseLinkRepository, type CaseCore } from '@vigil/persistence';
import type { RequestContext } from '../case-access.service';
import { CaseEngine, type OpenedTask } from '../engine/case-engine.service';
import { NotificationsService } from '../notifications/notifications.service';
import { EnquiryRepository, type NewEnquiry } from './enquiry.repository';

/** The notices a new enquiry's workflow sends: the commissioning team (DOMAIN §4.2) and the council team. */
function openingNotices(opened: readonly OpenedTask[]): NoticeRequest[] {
  const strategy = opened.find((t) => t.type === 'decide_enquiry_lead');
  return [
    {
      stepKey: 'enquiry.opened#commissioner',
      template: 'case.opened',
      audience: { kind: 'role', role: 'commissioner' },
      caseType: 's42_enquiry',
    },
    {
      stepKey: 'enquiry.opened#assignee',
      template: 'case.opened',
      audience: { kind: 'role', role: 'assignee' },
      caseType: 's42_enquiry',
      ...(strategy?.dueAt ? { dueAt: strategy.dueAt.toISOString() } : {}),
    },
  ];
}

/**
 * Opens a Section 42 enquiry in the caller's transaction: from a concern's triage decision, or directly by
 * an officer. Its first tasks (the adult's views, the lead decision, the outcome) open with it.
 */
@Injectable()
export class EnquiryOpener {
  constructor(
    private readonly engine: CaseEngine,
    private readonly enquiries: EnquiryRepository,
    private readonly links: CaseLinkRepository,
    private readonly notifications: NotificationsService,
  ) {}

  async open(
    em: EntityManager,
    ctx: RequestContext,
    spec: NewEnquiry & { providerId: string; councilId: string; teamId: string | null; concernId?: string },
    beforeAudit?: (caseId: string) => Promise<void>,
  ): Promise<{ caseId: string; commandIds: string[] }> {
    const { concernId } = spec;
    const opened = await this.engine.open(em, ctx, {
      type: 's42_enquiry',
      providerId: spec.providerId,
      councilId: spec.councilId,
      teamId: spec.teamId,
      facts: { immediateRisk: spec.immediateRisk },
      tasks: [{ type: 'record_adult_views' }, { type: 'decide_enquiry_lead' }, { type: 'record_outcome' }],
      details: async (tx, caseId) => {
        await this.enquiries.insert(tx, caseId, spec);
        if (concernId) await this.links.link(tx, caseId, concernId, new Date());
      },
      timeline: { kind: 'enquiry.opened', details: concernId ? { concernId } : {} },
      notices: openingNotices,
      beforeAudit,
    });
    // A safeguarding investigation is one of the ten events the commissioner is notified of (specs/004
    // §16.1 (9)): the enquiry raises that notice itself, linked to it, within its window by construction.
    const now = new Date();
    const notice = await this.notifications.open(em, ctx, {
      trigger: 'safeguarding_investigation',
      occurredAt: now,
      awareAt: now,
      summary: 'A Section 42 safeguarding enquiry has opened about this service.',
      lateReason: null,
      providerId: spec.providerId,
      councilId: spec.councilId,
      teamId: spec.teamId,
      linkedCaseId: opened.caseId,
    });
    return { caseId: opened.caseId, commandIds: [...opened.commandIds, ...notice.commandIds] };
  }

  /** The enquiry a triage decision opens: the concern's adult, provider, council and team. */
  async openFromConcern(
    em: EntityManager,
    ctx: RequestContext,
    concern: CaseCore,
    adult: NewEnquiry,
  ): Promise<{ caseId: string; commandIds: string[] }> {
    return this.open(em, ctx, {
      ...adult,
      providerId: concern.providerId,
      councilId: concern.councilId,
      teamId: concern.teamId,
      concernId: concern.id,
    });
  }
}
