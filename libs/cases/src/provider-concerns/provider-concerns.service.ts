import type { EntityManager } from '@mikro-orm/postgresql';
import { Injectable, Logger } from '@nestjs/common';
import type {
  CaseView,
  NoticeRequest,
  OpenProviderConcern,
  ProviderConcernSource,
  ProviderWatchResult,
} from '@vigil/contracts';
import { conflict, providerConcernThreshold, VigilError } from '@vigil/domain';
import {
  CaseLinkRepository,
  CaseRepository,
  Database,
  SystemScope,
  TimelineRepository,
} from '@vigil/persistence';
import { CaseAccess, type ActorContext, type RequestContext } from '../case-access.service';
import { CaseCreation } from '../engine/case-creation.service';
import { CaseEngine } from '../engine/case-engine.service';
import { TimescalePolicyService } from '../timescale-policy.service';
import { ProviderDirectory } from './provider-directory.service';
import { ProviderConcernRepository, type CountedCase } from './provider-concern.repository';

/** The commissioner and the head of service are told at once, by reference and link only. */
const openingNotices = (): NoticeRequest[] =>
  (['commissioner', 'head_of_service'] as const).map((role) => ({
    stepKey: `provider_concern.opened#${role}`,
    template: 'case.opened',
    audience: { kind: 'role', role },
    caseType: 'provider_concern',
  }));

const isOneOpenViolation = (error: unknown): boolean =>
  typeof error === 'object' &&
  error !== null &&
  (error as { code?: string }).code === '23505' &&
  String((error as { constraint?: string }).constraint ?? (error as Error).message).includes(
    'cases_one_open_provider_concern',
  );

/**
 * Opening a provider concern (DOMAIN §4.7): by a commissioner for a provider they commission, or a council
 * manager for a provider in their council; or by Vigil itself when the early-warning threshold is crossed
 * (decision 8). A provider has at most one open provider concern: a unique index holds it, and the early
 * warning takes a per-provider lock before it counts.
 */
@Injectable()
export class ProviderConcernsService {
  private readonly logger = new Logger(ProviderConcernsService.name);

  constructor(
    private readonly db: Database,
    private readonly creation: CaseCreation,
    private readonly engine: CaseEngine,
    private readonly access: CaseAccess,
    private readonly cases: CaseRepository,
    private readonly concerns: ProviderConcernRepository,
    private readonly links: CaseLinkRepository,
    private readonly timeline: TimelineRepository,
    private readonly directory: ProviderDirectory,
    private readonly policy: TimescalePolicyService,
  ) {}

  async open(
    ctx: RequestContext,
    rawBody: unknown,
    input: OpenProviderConcern,
    idempotencyKey: string,
  ): Promise<{ view: CaseView; created: boolean }> {
    await this.creation.requireRole(
      ctx,
      'provider_concern.open',
      'Only a commissioner, a team manager or a head of service can open a provider concern',
    );
    return this.creation.create(ctx, idempotencyKey, rawBody, async (em, store) => {
      const provider = await this.directory.visibleProvider(em, ctx.principal, input.providerId);
      if (!provider) {
        throw new VigilError('validation', 'Check the fields listed in errors', [
          {
            pointer: '#/providerId',
            detail: 'There is no provider with that ID that you commission or oversee',
          },
        ]);
      }
      const existing = await this.concerns.openFor(em, input.providerId);
      if (existing)
        throw conflict(`This provider already has an open provider concern: ${existing.reference}`);
      try {
        return await this.openCase(em, ctx, {
          providerId: provider.id,
          councilId: provider.councilId,
          source: 'manual',
          reason: input.reason,
          counted: [],
          store,
        });
      } catch (error) {
        if (isOneOpenViolation(error)) throw conflict('This provider already has an open provider concern');
        throw error;
      }
    });
  }

  private async openCase(
    em: EntityManager,
    ctx: ActorContext,
    spec: {
      providerId: string;
      councilId: string;
      source: ProviderConcernSource;
      reason: string;
      counted: readonly CountedCase[];
      window?: string;
      store?: (caseId: string) => Promise<void>;
    },
  ) {
    return this.engine.open(em, ctx, {
      type: 'provider_concern',
      providerId: spec.providerId,
      councilId: spec.councilId,
      teamId: await this.cases.defaultTeam(em, spec.councilId),
      facts: {},
      tasks: [{ type: 'decide_referral_suspension' }, { type: 'decide_lse' }],
      details: async (tx, caseId) => {
        await this.concerns.insert(tx, caseId, { source: spec.source, reason: spec.reason });
        for (const c of spec.counted) await this.links.link(tx, caseId, c.id, new Date());
      },
      timeline: {
        kind: 'provider_concern.opened',
        details:
          spec.source === 'early_warning'
            ? { source: spec.source, count: spec.counted.length, window: spec.window }
            : spec.source === 'continuity'
              ? { source: spec.source, linkedCaseId: spec.counted[0]?.id }
              : { source: spec.source },
      },
      notices: openingNotices,
      beforeAudit: spec.store,
    });
  }

  /**
   * The early-warning check for one counted case (run by the worker, as the owner, for any provider), and
   * the provider's continuity report (DOMAIN §4.7), which opens a provider concern by itself whatever the
   * threshold. Safe to repeat: under the provider's lock, an open provider concern is found and the case
   * linked to it rather than a second one opened.
   */
  async watch(caseId: string): Promise<ProviderWatchResult> {
    const threshold = providerConcernThreshold(this.policy.policy);
    const none: ProviderWatchResult = { opened: null, linked: null };
    const result = await this.db.transaction(SystemScope, async (em) => {
      const c = await this.cases.core(em, caseId);
      if (!c || c.type === 'provider_concern') return none;
      const continuity = c.type === 'incident' ? await this.concerns.continuityReport(em, caseId) : null;
      const countsTowardThreshold = !!threshold && threshold.counts.includes(c.type);
      if (!continuity && !countsTowardThreshold) return none;
      await em.execute(`select pg_advisory_xact_lock(hashtextextended(?, 0))`, [
        `provider-watch:${c.providerId}`,
      ]);
      const now = new Date();
      const counted =
        threshold && countsTowardThreshold
          ? await this.concerns.counted(em, c.providerId, threshold, now)
          : [];
      const open = await this.concerns.openFor(em, c.providerId);
      if (open) {
        if (!continuity && !counted.some((x) => x.id === caseId)) return none;
        // A repeated check (its activity retried) finds the link made: it records nothing twice.
        if (!(await this.links.link(em, open.id, caseId, now))) return { opened: null, linked: open.id };
        await this.timeline.append(em, {
          caseId: open.id,
          kind: 'provider_concern.case_linked',
          at: now,
          stepKey: `early_warning.link#${caseId}`,
          details: {
            linkedType: c.type,
            linkedCaseId: caseId,
            via: continuity ? 'continuity' : 'early_warning',
          },
        });
        await this.access.record(em, { system: true, correlationId: null }, 'case.transitioned', open.id, {
          event: 'early_warning_link',
          linkedCaseId: caseId,
        });
        return { opened: null, linked: open.id };
      }
      if (continuity) {
        const opened = await this.openCase(
          em,
          { system: true, correlationId: null },
          {
            providerId: c.providerId,
            councilId: c.councilId,
            source: 'continuity',
            reason: continuity.careInterrupted
              ? 'The provider reported a threat to the continuity of its service, and people’s care was interrupted.'
              : 'The provider reported a threat to the continuity of its service.',
            counted: [{ id: c.id, type: c.type, reference: c.reference }],
          },
        );
        return { opened: opened.caseId, linked: null, commandIds: opened.commandIds };
      }
      if (!threshold || counted.length < threshold.count) return none;
      const opened = await this.openCase(
        em,
        { system: true, correlationId: null },
        {
          providerId: c.providerId,
          councilId: c.councilId,
          source: 'early_warning',
          reason: `${counted.length} cases about this provider were raised within ${threshold.window} (the early-warning threshold is ${threshold.count}).`,
          counted,
          window: threshold.window,
        },
      );
      return { opened: opened.caseId, linked: null, commandIds: opened.commandIds };
    });
    if (result.opened) this.logger.log({ caseId: result.opened }, 'early warning opened a provider concern');
    return { opened: result.opened, linked: result.linked };
  }
}
