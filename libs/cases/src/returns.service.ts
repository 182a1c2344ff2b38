import { Injectable } from '@nestjs/common';
import { CaseTypes, type CaseType, type UserRole } from '@vigil/contracts';
import { caseScopeFor, conflict, forbidden } from '@vigil/domain';
import { CaseAccess, type RequestContext } from './case-access.service';
import { clockComplianceSql } from './clock-compliance';
import { aggregateScope, scopeWhere } from './scope-sql';

/** Who reads the returns (issue 11): managers, heads of service, auditors, commissioners for their providers. */
export const ReturnsRoles: readonly UserRole[] = [
  'team_manager',
  'head_of_service',
  'auditor',
  'commissioner',
];

/** Who records that the council submitted a return: its managers. */
export const ReturnSubmitterRoles: readonly UserRole[] = ['team_manager', 'head_of_service'];

/** That the council submitted a return for a period (`2026-Q3`), when and by whom, against its deadline. */
export interface ReturnSubmission {
  period: string;
  dueAt: string;
  submittedAt: string;
  submittedBy: string;
}

/** A period as London dates: from the first day, up to but not including `to`. */
export interface ReturnsPeriod {
  from: string;
  to: string;
}

/** Clocks of one name at one provider that fell due in the period (and are no longer inside their window). */
export interface ClockCount {
  name: string;
  providerId: string;
  /** Fell due in the period, by their original due time (an extended task keeps its original clock). */
  due: number;
  /** Met by the original due time. */
  met: number;
  /** Not met by the original due time, but met by the extended one. */
  metWithinExtension: number;
}

export interface RatioCount {
  providerId: string;
  numerator: number;
  denominator: number;
}

export interface ReturnsFigures {
  providers: { id: string; name: string }[];
  /** Whether the reader's scope holds any case of each type, ever: a KPI whose type has none waits for it. */
  typesRecorded: Record<CaseType, boolean>;
  clocks: ClockCount[];
  /** Notifications to the commissioner sent in the period: not late ÷ all. */
  notifications: RatioCount[];
  /** S42 enquiries closed in the period: MSP asked and outcomes met recorded ÷ all closed. */
  msp: RatioCount[];
  /**
   * Complaints closed in the period: acknowledged within 3 working days, answered by the date due (or the
   * date agreed with the complainant) and the outcome shared ÷ all closed.
   */
  complaintCompliance: RatioCount[];
  /** Complaints closed in the period: resolved at the provider's stage (no escalation) ÷ all closed. */
  complaintResolution: RatioCount[];
  /** Serious incidents closed in the period: report submitted and learning accepted ÷ all closed. */
  incidentLearning: RatioCount[];
}

/** One cell of the annual SAC-style export: a measure, its breakdown, a count. */
export interface SacCount {
  measure: string;
  breakdown: string;
  count: number;
}

/**
 * The provider reports (DOMAIN §6): `mash`, the quarterly "DCC MASH report" of concerns and allegations about
 * each provider by type and outcome (specs/001 App A "Adult Safeguarding"); `periodic`, the yearly Periodic
 * Performance Report's parts that Vigil holds (specs/004 §7a.1: reportable incidents, contract breaches,
 * safeguarding issues, complaints, notifications).
 */
export const ProviderReports = ['mash', 'periodic'] as const;
export type ProviderReport = (typeof ProviderReports)[number];

/** One cell of a provider report: a provider, a measure, its breakdown, a count. */
export interface ProviderCount {
  providerId: string;
  providerName: string;
  measure: string;
  breakdown: string;
  count: number;
}

/**
 * Each report's parts: a select of (provider_id, measure, breakdown, n) whose `where` is the reader's scope
 * (`{scope}`) and then the period (`{from}`, `{to}`), counted by the event's own date.
 */
const ProviderReportParts: Record<ProviderReport, readonly string[]> = {
  mash: [
    `select c.provider_id, 'concerns' as measure,
            x.category || ' x ' || coalesce(x.closure_kind, x.decision,
              case when c.closed_at is null then 'awaiting_decision' else 'closed' end) as breakdown,
            count(*) as n
       from concerns x join cases c on c.id = x.case_id
      where ({scope}) and c.created_at >= {from} and c.created_at < {to}
      group by 1, 3`,
    `select c.provider_id, 'allegations',
            coalesce(a.staff_type, 'not_recorded') || ' x ' ||
              coalesce(a.outcome, case when c.closed_at is null then 'open' else 'closed' end),
            count(*)
       from allegations a join cases c on c.id = a.case_id
      where ({scope}) and c.created_at >= {from} and c.created_at < {to}
      group by 1, 3`,
    `select c.provider_id, 'allegations_suspension',
            case when a.suspended_at is null then 'not_suspended'
                 when a.suspension_lifted_at is null then 'suspended' else 'suspended_then_lifted' end,
            count(*)
       from allegations a join cases c on c.id = a.case_id
      where ({scope}) and c.created_at >= {from} and c.created_at < {to}
      group by 1, 3`,
  ],
  periodic: [
    `select c.provider_id, 'serious_incidents' as measure, i.category as breakdown, count(*) as n
       from incidents i join cases c on c.id = i.case_id
      where ({scope}) and c.created_at >= {from} and c.created_at < {to}
      group by 1, 3`,
    `select c.provider_id, 'contract_breaches', x.kind, count(*)
       from provider_notices x join cases c on c.id = x.case_id
      where ({scope}) and x.issued_at >= {from} and x.issued_at < {to}
      group by 1, 3`,
    `select c.provider_id, 'safeguarding_issues', c.type, count(*)
       from cases c
      where ({scope}) and c.type in ('concern', 'allegation') and c.created_at >= {from} and c.created_at < {to}
      group by 1, 3`,
    `select c.provider_id, 'complaints', coalesce(x.outcome, 'not_yet_answered'), count(*)
       from complaints x join cases c on c.id = x.case_id
      where ({scope}) and x.received_at >= {from} and x.received_at < {to}
      group by 1, 3`,
    `select c.provider_id, 'notifications', x.trigger, count(*)
       from commissioner_notifications x join cases c on c.id = x.case_id
      where ({scope}) and x.sent_at >= {from} and x.sent_at < {to}
      group by 1, 3`,
  ],
};

const n = (v: string | number | null | undefined): number => Number(v ?? 0);
const submission = (r: {
  period: string;
  due_at: Date;
  submitted_at: Date;
  submitted_by: string;
}): ReturnSubmission => ({
  period: r.period,
  dueAt: new Date(r.due_at).toISOString(),
  submittedAt: new Date(r.submitted_at).toISOString(),
  submittedBy: r.submitted_by,
});
const LONDON = (p: string) => `(${p}::timestamp at time zone 'Europe/London')`;

/**
 * The KPI returns (issue 11, DOMAIN §6): counted from case data in the reader's scope (the same scope SQL as
 * the case list, under row-level security) by event date in a London period; work still inside its window
 * (a clock not yet due) is not counted. Reading them is audited, and refused (audited) for other roles.
 */
@Injectable()
export class ReturnsQueries {
  constructor(private readonly access: CaseAccess) {}

  private async allow(ctx: RequestContext): Promise<void> {
    if (!ReturnsRoles.includes(ctx.principal.role)) {
      await this.access.refuse(ctx, null, 'returns.read', 'forbidden');
      throw forbidden('The returns are for team managers, heads of service, auditors and commissioners');
    }
  }

  async figures(ctx: RequestContext, period: ReturnsPeriod): Promise<ReturnsFigures> {
    await this.allow(ctx);
    return this.access.transaction(ctx, async (em) => {
      const scope = scopeWhere(caseScopeFor(ctx.principal));
      const from = LONDON('?::date');
      const to = LONDON('?::date');
      // One index probe per type (`cases (type, council_id, team_id)`), not a count of every case in scope.
      const recorded = await em.execute<{ type: CaseType; recorded: boolean }[]>(
        `select t.type, exists (select 1 from cases c where c.type = t.type and ${scope.sql}) as recorded
           from unnest(?::text[]) as t(type)`,
        [...scope.params, `{${CaseTypes.join(',')}}`],
      );
      // Clocks due in the quarter (and by now), per name and provider, as on the dashboard.
      const compliance = clockComplianceSql({
        select: 'x.name, x.provider_id',
        groupBy: 'x.name, x.provider_id',
        from: { sql: '?::date', params: [period.from] },
        to: { sql: '?::date', params: [period.to] },
        scope: scopeWhere(aggregateScope(caseScopeFor(ctx.principal))),
      });
      const clocks = await em.execute<
        { name: string; provider_id: string; due: string; met: string; met_ext: string }[]
      >(compliance.sql, compliance.params);
      const notifications = await em.execute<{ provider_id: string; num: string; den: string }[]>(
        `select c.provider_id, count(*) filter (where not x.late)::text as num, count(*)::text as den
         from commissioner_notifications x join cases c on c.id = x.case_id
         where (${scope.sql}) and x.sent_at >= ${from} and x.sent_at < ${to}
         group by c.provider_id`,
        [...scope.params, period.from, period.to],
      );
      const msp = await em.execute<{ provider_id: string; num: string; den: string }[]>(
        `select c.provider_id,
           count(*) filter (where e.msp in ('outcomes_expressed', 'none_expressed')
                              and e.outcomes_met is not null)::text as num,
           count(*)::text as den
         from enquiries e join cases c on c.id = e.case_id
         where (${scope.sql}) and c.closed_at >= ${from} and c.closed_at < ${to}
         group by c.provider_id`,
        [...scope.params, period.from, period.to],
      );
      // Ratios over cases of one type closed in the period, each counted by its own condition.
      const closedRatio = (type: CaseType, numerator: string) =>
        em.execute<{ provider_id: string; num: string; den: string }[]>(
          `select c.provider_id, count(*) filter (where ${numerator})::text as num, count(*)::text as den
             from cases c
             left join complaints x on x.case_id = c.id
             left join incidents i on i.case_id = c.id
            where (${scope.sql}) and c.type = ? and c.closed_at >= ${from} and c.closed_at < ${to}
            group by c.provider_id`,
          [...scope.params, type, period.from, period.to],
        );
      const metClock = (name: string) =>
        `exists (select 1 from clocks k where k.case_id = c.id and k.name = '${name}' and k.met_at <= k.due_at)`;
      const complaintCompliance = await closedRatio(
        'complaint',
        `${metClock('complaint.acknowledge')} and ${metClock('complaint.respond')} and x.shared_on is not null`,
      );
      const complaintResolution = await closedRatio('complaint', 'x.resolved_at_provider_stage is true');
      const incidentLearning = await closedRatio(
        'incident',
        'i.report_summary is not null and i.learning_accepted_at is not null',
      );
      const ratios = (rows: { provider_id: string; num: string; den: string }[]): RatioCount[] =>
        rows.map((r) => ({ providerId: r.provider_id, numerator: n(r.num), denominator: n(r.den) }));
      const ids = [
        ...new Set(
          [
            ...clocks,
            ...notifications,
            ...msp,
            ...complaintCompliance,
            ...complaintResolution,
            ...incidentLearning,
          ]
            .map((r) => r.provider_id)
            .concat(this.own(ctx)),
        ),
      ];
      const providers = ids.length
        ? await em.execute<{ id: string; name: string }[]>(
            `select id, name from organisations where kind = 'provider' and id in (${ids.map(() => '?').join(', ')})
             order by name`,
            ids,
          )
        : [];
      await this.access.record(em, ctx, 'returns.read', null, { from: period.from, to: period.to });
      return {
        providers,
        typesRecorded: Object.fromEntries(
          CaseTypes.map((t) => [t, recorded.some((r) => r.type === t && r.recorded)]),
        ) as Record<CaseType, boolean>,
        clocks: clocks.map((r) => ({
          name: r.name,
          providerId: r.provider_id,
          due: n(r.due),
          met: n(r.met),
          metWithinExtension: n(r.met_ext),
        })),
        notifications: ratios(notifications),
        msp: ratios(msp),
        complaintCompliance: ratios(complaintCompliance),
        complaintResolution: ratios(complaintResolution),
        incidentLearning: ratios(incidentLearning),
      };
    });
  }

  /** Whether the council recorded submitting the Kent PI return for `period` (read with the returns). */
  async piReturn(ctx: RequestContext, period: string): Promise<ReturnSubmission | null> {
    await this.allow(ctx);
    if (ctx.principal.organisationKind !== 'council') return null;
    return this.access.transaction(ctx, async (em) => {
      const [row] = await em.execute<
        { period: string; due_at: Date; submitted_at: Date; submitted_by: string }[]
      >(
        `select r.period, r.due_at, r.submitted_at, u.display_name as submitted_by
           from return_submissions r join users u on u.id = r.submitted_by
          where r.council_id = ? and r.kind = 'kent_pi' and r.period = ?`,
        [ctx.principal.councilId, period],
      );
      return row ? submission(row) : null;
    });
  }

  /**
   * Records that the council submitted the Kent PI return for `period` now (a team manager or head of
   * service): once; a second record answers 409 with when it was recorded. Audited.
   */
  async recordPiReturn(ctx: RequestContext, period: string, dueAt: Date): Promise<ReturnSubmission> {
    const { principal } = ctx;
    if (!ReturnSubmitterRoles.includes(principal.role) || principal.organisationKind !== 'council') {
      await this.access.refuse(ctx, null, 'returns.submitted', 'forbidden');
      throw forbidden('Only a team manager or head of service can record the council’s return');
    }
    return this.access.transaction(ctx, async (em) => {
      const [row] = await em.execute<
        { period: string; due_at: Date; submitted_at: Date; submitted_by: string }[]
      >(
        `with inserted as (
           insert into return_submissions (id, council_id, kind, period, due_at, submitted_at, submitted_by)
           values (gen_random_uuid(), ?, 'kent_pi', ?, ?, now(), ?)
           on conflict (council_id, kind, period) do nothing
           returning period, due_at, submitted_at, submitted_by)
         select i.period, i.due_at, i.submitted_at, u.display_name as submitted_by
           from inserted i join users u on u.id = i.submitted_by`,
        [principal.councilId, period, dueAt, principal.userId],
      );
      if (!row) throw conflict(`The PI return for ${period} is already recorded as submitted`);
      await this.access.record(em, ctx, 'returns.submitted', null, { kind: 'kent_pi', period });
      return submission(row);
    });
  }

  /** A commissioner's providers are listed even in a quarter without data. */
  private own(ctx: RequestContext): string[] {
    return ctx.principal.role === 'commissioner' ? [...ctx.principal.commissionedProviderIds] : [];
  }

  /**
   * The Safeguarding Adults Collection-style counts for a financial year (DOMAIN §6 "SAC"): concerns and
   * S42 enquiries started and concluded; concerns by type × source (raised by the provider's staff or by
   * anyone else); concluded enquiries by risk outcome and MSP asked, expressed and achieved.
   */
  async sac(ctx: RequestContext, period: ReturnsPeriod): Promise<SacCount[]> {
    await this.allow(ctx);
    return this.access.transaction(ctx, async (em) => {
      const scope = scopeWhere(caseScopeFor(ctx.principal));
      const from = LONDON('?::date');
      const to = LONDON('?::date');
      const p = [...scope.params, period.from, period.to];
      const rows = await em.execute<{ measure: string; breakdown: string; n: string }[]>(
        `select 'started' as measure, c.type as breakdown, count(*)::text as n from cases c
           where (${scope.sql}) and c.type in ('concern', 's42_enquiry') and c.created_at >= ${from} and c.created_at < ${to}
           group by c.type
         union all
         select 'concluded', c.type, count(*)::text from cases c
           where (${scope.sql}) and c.type in ('concern', 's42_enquiry') and c.closed_at >= ${from} and c.closed_at < ${to}
           group by c.type
         union all
         select 'concerns_type_x_source', x.category || ' x ' ||
             case when o.kind = 'provider' and o.id = c.provider_id then 'provider' else 'other' end, count(*)::text
           from concerns x join cases c on c.id = x.case_id
           left join users u on u.id = c.raised_by left join organisations o on o.id = u.organisation_id
           where (${scope.sql}) and c.created_at >= ${from} and c.created_at < ${to}
           group by 2
         union all
         select 'enquiries_risk_outcome', coalesce(e.risk_now, 'not_recorded'), count(*)::text
           from enquiries e join cases c on c.id = e.case_id
           where (${scope.sql}) and c.closed_at >= ${from} and c.closed_at < ${to}
           group by 2
         union all
         select 'enquiries_msp', m.k, count(*)::text
           from enquiries e join cases c on c.id = e.case_id
           cross join lateral (values
             ('asked', e.msp in ('outcomes_expressed', 'none_expressed')),
             ('expressed', e.msp = 'outcomes_expressed'),
             ('achieved_fully', e.msp = 'outcomes_expressed' and e.outcomes_met = 'fully'),
             ('achieved_partly', e.msp = 'outcomes_expressed' and e.outcomes_met = 'partly'),
             ('not_achieved', e.msp = 'outcomes_expressed' and e.outcomes_met = 'not')) as m(k, yes)
           where (${scope.sql}) and c.closed_at >= ${from} and c.closed_at < ${to} and m.yes
           group by 2`,
        [...p, ...p, ...p, ...p, ...p],
      );
      await this.access.record(em, ctx, 'returns.read', null, {
        from: period.from,
        to: period.to,
        export: 'sac',
      });
      return rows.map((r) => ({ measure: r.measure, breakdown: r.breakdown, count: n(r.n) }));
    });
  }

  /**
   * A provider report for a period (`ProviderReports`): counts per provider in the reader's scope (a
   * commissioner's providers, a council's), by measure and breakdown, ordered by provider name. Audited.
   */
  async providerReport(
    ctx: RequestContext,
    report: ProviderReport,
    period: ReturnsPeriod,
  ): Promise<ProviderCount[]> {
    await this.allow(ctx);
    return this.access.transaction(ctx, async (em) => {
      const scope = scopeWhere(caseScopeFor(ctx.principal));
      const parts = ProviderReportParts[report];
      const union = parts
        .map((part) =>
          part
            .replaceAll('{scope}', scope.sql)
            .replaceAll('{from}', LONDON('?::date'))
            .replaceAll('{to}', LONDON('?::date')),
        )
        .join('\n union all\n');
      const rows = await em.execute<
        { provider_id: string; provider_name: string; measure: string; breakdown: string; n: string }[]
      >(
        `select r.provider_id, o.name as provider_name, r.measure, r.breakdown, r.n::text as n
           from (${union}) r join organisations o on o.id = r.provider_id
          order by o.name, r.provider_id, r.measure, r.breakdown`,
        parts.flatMap(() => [...scope.params, period.from, period.to]),
      );
      await this.access.record(em, ctx, 'returns.read', null, {
        from: period.from,
        to: period.to,
        export: report,
      });
      return rows.map((r) => ({
        providerId: r.provider_id,
        providerName: r.provider_name,
        measure: r.measure,
        breakdown: r.breakdown,
        count: n(r.n),
      }));
    });
  }
}
