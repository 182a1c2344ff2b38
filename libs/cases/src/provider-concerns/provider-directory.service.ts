import type { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import type { CaseType, Principal, ProviderView, ReferralStatus, UserRole } from '@vigil/contracts';
import { forbidden, providerConcernThreshold, VigilError } from '@vigil/domain';
import { CaseAccess, type RequestContext } from '../case-access.service';
import { TimescalePolicyService } from '../timescale-policy.service';
import { latestReferralStatusJoin, ProviderConcernRepository } from './provider-concern.repository';

/** Who may list providers: commissioners and council staff (their area), a provider lead (its own). */
const ProviderReaders: readonly UserRole[] = [
  'commissioner',
  'council_officer',
  'team_manager',
  'head_of_service',
  'provider_lead',
];

const COUNCIL_ROLES: readonly UserRole[] = ['council_officer', 'team_manager', 'head_of_service'];

interface ProviderRow {
  id: string;
  name: string;
  council_id: string;
  referral_status: ReferralStatus | null;
  weekly_cap: number | null;
  open_id: string | null;
  open_reference: string | null;
}

/**
 * Providers as the council sees them (issue 10): each with its referral status (the latest provider
 * concern's), its open cases by type, the last 90 days' concerns, incidents and upheld complaints, and how
 * near the early-warning threshold it is. The referral status and the two early-warning counts are the
 * provider's own, read past row-level security through functions that return only the status and counts
 * (a team manager sees the count the threshold will reach, not their team's share of it); the open cases
 * are those the reader can see, each a case they may open.
 */
@Injectable()
export class ProviderDirectory {
  constructor(
    private readonly access: CaseAccess,
    private readonly concerns: ProviderConcernRepository,
    private readonly policy: TimescalePolicyService,
  ) {}

  /** The SQL that limits providers to the reader's: commissioned, in their council, or their own. */
  private scope(principal: Principal): { sql: string; params: unknown[] } {
    if (principal.role === 'commissioner') {
      return { sql: `o.id = any(?::uuid[])`, params: [`{${principal.commissionedProviderIds.join(',')}}`] };
    }
    if (COUNCIL_ROLES.includes(principal.role))
      return { sql: `o.council_id = ?`, params: [principal.councilId] };
    if (principal.role === 'provider_lead') return { sql: `o.id = ?`, params: [principal.organisationId] };
    return { sql: 'false', params: [] };
  }

  private async rows(em: EntityManager, principal: Principal, id?: string): Promise<ProviderRow[]> {
    const scope = this.scope(principal);
    return em.execute<ProviderRow[]>(
      `select o.id, o.name, o.council_id, latest.referral_status, latest.weekly_cap,
              open_case.id as open_id, open_case.reference as open_reference
         from organisations o
         ${latestReferralStatusJoin('o.id')}
         left join lateral (
           select c.id, c.reference from cases c
            where c.provider_id = o.id and c.type = 'provider_concern' and c.closed_at is null limit 1) open_case on true
        where o.kind = 'provider' and ${scope.sql} ${id ? 'and o.id = ?' : ''}
        order by o.name, o.id`,
      [...scope.params, ...(id ? [id] : [])],
    );
  }

  /** A provider the principal may open a provider concern for, with its council. */
  async visibleProvider(
    em: EntityManager,
    principal: Principal,
    id: string,
  ): Promise<{ id: string; councilId: string } | null> {
    const [row] = await this.rows(em, principal, id);
    return row ? { id: row.id, councilId: row.council_id } : null;
  }

  private async view(em: EntityManager, row: ProviderRow): Promise<ProviderView> {
    const now = new Date();
    const open = await em.execute<{ type: string; n: string }[]>(
      `select type, count(*)::text as n from cases where provider_id = ? and closed_at is null group by type`,
      [row.id],
    );
    const recent = await this.concerns.countsByType(
      em,
      row.id,
      { window: 'P90D', counts: ['concern', 'incident', 'complaint'] },
      now,
    );
    const threshold = providerConcernThreshold(this.policy.policy);
    const inWindow = threshold ? await this.concerns.countsByType(em, row.id, threshold, now) : {};
    const countOf = (t: CaseType) => recent[t] ?? 0;
    return {
      id: row.id,
      name: row.name,
      referralStatus: row.referral_status ?? 'open',
      weeklyCap: row.weekly_cap,
      providerConcern: row.open_id ? { id: row.open_id, reference: String(row.open_reference) } : null,
      openCases: Object.fromEntries(open.map((r) => [r.type, Number(r.n)])),
      last90Days: {
        concern: countOf('concern'),
        incident: countOf('incident'),
        complaint: countOf('complaint'),
      },
      earlyWarning: threshold
        ? {
            count: Object.values(inWindow).reduce((a, n) => a + n, 0),
            threshold: threshold.count,
            window: threshold.window,
          }
        : null,
    };
  }

  /** 403, audited, for a role not among `roles` (a page may narrow the API's readers). */
  async requireRole(
    ctx: RequestContext,
    roles: readonly UserRole[] = ProviderReaders,
    action = 'providers.read',
    message = 'Your role cannot see the providers list',
  ): Promise<void> {
    if (roles.includes(ctx.principal.role)) return;
    await this.access.refuse(ctx, null, action, 'forbidden');
    throw forbidden(message);
  }

  private async refuseRole(ctx: RequestContext): Promise<void> {
    await this.requireRole(ctx);
  }

  async list(ctx: RequestContext): Promise<ProviderView[]> {
    await this.refuseRole(ctx);
    return this.access.transaction(ctx, async (em) => {
      const rows = await this.rows(em, ctx.principal);
      const views: ProviderView[] = [];
      for (const row of rows) views.push(await this.view(em, row));
      await this.access.record(em, ctx, 'providers.read', null, { count: views.length });
      return views;
    });
  }

  /** One provider; 404 for one outside the reader's scope, as for a case. */
  async get(ctx: RequestContext, id: string): Promise<ProviderView> {
    await this.refuseRole(ctx);
    const view = await this.access.transaction(ctx, async (em) => {
      const [row] = /^[0-9a-f-]{36}$/i.test(id) ? await this.rows(em, ctx.principal, id) : [];
      if (!row) return null;
      await this.access.record(em, ctx, 'providers.read', null, { providerId: id });
      return this.view(em, row);
    });
    if (view) return view;
    // Audited after the transaction has ended, on the connection it gave back.
    await this.access.refuse(ctx, null, 'providers.read', 'not_found');
    throw new VigilError('not_found', 'There is no such provider');
  }
}
