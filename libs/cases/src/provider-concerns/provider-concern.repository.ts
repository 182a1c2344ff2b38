import type { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import type {
  ActionItem,
  CaseDetails,
  CaseType,
  IssueNotice,
  ProviderConcernSource,
  ReferralStatus,
} from '@vigil/contracts';
import { caseDefinition } from '@vigil/domain';
import { randomUUID } from 'node:crypto';
import type { CaseDetailsReader } from '../engine/case-views.service';

const Columns = {
  referralStatus: 'referral_status',
  weeklyCap: 'weekly_cap',
  lseActive: 'lse_active',
  actionPlanSummary: 'action_plan_summary',
  actionPlanSubmittedAt: 'action_plan_submitted_at',
  closingRationale: 'closing_rationale',
} as const;
export type ProviderConcernField = keyof typeof Columns;

type Row = Record<string, string | number | boolean | Date | null>;
const iso = (v: unknown): string | null => (v ? new Date(v as Date).toISOString() : null);

/**
 * The provider's referral status (issue 10) as a lateral join on `providerIdExpr`: its open provider
 * concern's, else its latest closed one's (decommissioned stays so); no row when it never had one. Read
 * through `vigil_referral_status`, past the reader's row-level security: the status is not personal data,
 * and everyone who sees a case about the provider, or the provider in the providers list, may know it
 * (the function answers only for a provider in the reader's reach).
 */
export const latestReferralStatusJoin = (providerIdExpr: string): string =>
  `left join lateral (select s.referral_status, s.weekly_cap from vigil_referral_status(${providerIdExpr}) s) latest on true`;

/**
 * The registry's early-warning rules for the counted types, as the lists `vigil_early_warning_cases`
 * takes: types counting from when they are raised; `type:outcome` pairs counting once closed so (a
 * complaint upheld); `type:outcome` pairs that never count (a concern withdrawn or merged).
 */
const earlyWarningRules = (counts: readonly string[]): [string, string, string] => {
  const whenRaised = counts.filter((t) => !caseDefinition(t).earlyWarningWhenClosedAs);
  const whenClosed = counts.flatMap((t) =>
    (caseDefinition(t).earlyWarningWhenClosedAs ?? []).map((o) => `${t}:${o}`),
  );
  const unlessClosed = counts.flatMap((t) =>
    (caseDefinition(t).earlyWarningUnlessClosedAs ?? []).map((o) => `${t}:${o}`),
  );
  // A PostgreSQL array literal each (knex would spread a JS array into a list of parameters).
  return [whenRaised, whenClosed, unlessClosed].map((xs) => `{${xs.join(',')}}`) as [string, string, string];
};

export interface CountedCase {
  id: string;
  type: CaseType;
  reference: string;
}

/**
 * The provider concern's own tables (`provider_concerns`, `provider_notices`, `provider_action_items`,
 * `provider_affected_people`), and the early warning's count over the shared `cases` rows.
 */
@Injectable()
export class ProviderConcernRepository implements CaseDetailsReader {
  async insert(
    em: EntityManager,
    caseId: string,
    row: { source: ProviderConcernSource; reason: string },
  ): Promise<void> {
    await em.execute(
      `insert into provider_concerns (case_id, source, reason, referral_status) values (?, ?, ?, 'open')`,
      [caseId, row.source, row.reason],
    );
  }

  async update(
    em: EntityManager,
    caseId: string,
    fields: Partial<Record<ProviderConcernField, unknown>>,
  ): Promise<void> {
    const entries = Object.entries(fields).filter(([, v]) => v !== undefined) as [
      ProviderConcernField,
      unknown,
    ][];
    if (entries.length === 0) return;
    await em.execute(
      `update provider_concerns set ${entries.map(([k]) => `${Columns[k]} = ?`).join(', ')} where case_id = ?`,
      [...entries.map(([, v]) => v), caseId],
    );
  }

  async state(
    em: EntityManager,
    caseId: string,
  ): Promise<{ referralStatus: ReferralStatus; lseActive: boolean; activeNotices: number }> {
    const [row] = await em.execute<{ referral_status: ReferralStatus; lse_active: boolean; n: string }[]>(
      `select p.referral_status, p.lse_active,
              (select count(*) from provider_notices n where n.case_id = p.case_id and n.lifted_at is null)::text as n
         from provider_concerns p where p.case_id = ?`,
      [caseId],
    );
    if (!row) throw new Error('provider concern missing');
    return { referralStatus: row.referral_status, lseActive: row.lse_active, activeNotices: Number(row.n) };
  }

  async addNotice(em: EntityManager, caseId: string, notice: IssueNotice, at: Date): Promise<string> {
    const id = randomUUID();
    await em.execute(
      `insert into provider_notices (id, case_id, kind, requirements, compliance_date, issued_at)
       values (?, ?, ?, ?, ?, ?)`,
      [id, caseId, notice.kind, notice.requirements, notice.complianceDate, at],
    );
    return id;
  }

  /** Lifts the oldest active notice (one compliance review per notice, in the order they were issued). */
  async liftOldestNotice(em: EntityManager, caseId: string, at: Date): Promise<void> {
    await em.execute(
      `update provider_notices set lifted_at = ?
        where id = (select id from provider_notices where case_id = ? and lifted_at is null
                     order by issued_at, id limit 1)`,
      [at, caseId],
    );
  }

  async addActionItem(
    em: EntityManager,
    caseId: string,
    taskId: string,
    item: ActionItem,
    at: Date,
  ): Promise<void> {
    await em.execute(
      `insert into provider_action_items (task_id, case_id, action, owner, created_at) values (?, ?, ?, ?, ?)`,
      [taskId, caseId, item.action, item.owner, at],
    );
  }

  async recordEvidence(em: EntityManager, taskId: string, evidence: string): Promise<void> {
    await em.execute(`update provider_action_items set evidence = ? where task_id = ?`, [evidence, taskId]);
  }

  async addPeople(em: EntityManager, caseId: string, names: readonly string[], at: Date): Promise<void> {
    // A millisecond apart, so the list reads back in the order the provider gave it.
    for (const [i, name] of names.entries()) {
      await em.execute(
        `insert into provider_affected_people (id, case_id, name, created_at) values (?, ?, ?, ?)`,
        [randomUUID(), caseId, name, new Date(at.getTime() + i)],
      );
    }
  }

  async peopleIds(em: EntityManager, caseId: string): Promise<string[]> {
    const rows = await em.execute<{ id: string }[]>(
      `select id from provider_affected_people where case_id = ? order by created_at, id`,
      [caseId],
    );
    return rows.map((r) => r.id);
  }

  async recordMove(
    em: EntityManager,
    caseId: string,
    move: { personId: string; movedTo: string; movedOn: string },
  ): Promise<void> {
    await em.execute(
      `update provider_affected_people set moved_to = ?, moved_on = ? where id = ? and case_id = ?`,
      [move.movedTo, move.movedOn, move.personId, caseId],
    );
  }

  /** A provider's report of a threat to continuity of service (an incident of that category), if it is one. */
  async continuityReport(em: EntityManager, caseId: string): Promise<{ careInterrupted: boolean } | null> {
    const [row] = await em.execute<{ care_interrupted: boolean | null }[]>(
      `select care_interrupted from incidents where case_id = ? and category = 'service_continuity'`,
      [caseId],
    );
    return row ? { careInterrupted: row.care_interrupted === true } : null;
  }

  /** The provider's open provider concern, if there is one (at most one: a unique index holds it). */
  async openFor(em: EntityManager, providerId: string): Promise<{ id: string; reference: string } | null> {
    const [row] = await em.execute<{ id: string; reference: string }[]>(
      `select id, reference from cases where provider_id = ? and type = 'provider_concern' and closed_at is null`,
      [providerId],
    );
    return row ?? null;
  }

  /**
   * The cases about a provider that count toward the early warning: of the counted types, raised within the
   * window before `at`; a type the registry marks (a complaint) only once closed with one of its outcomes;
   * never one closed with an outcome the registry excludes (a concern withdrawn or merged). Under the
   * caller's row-level security: the worker's check runs as the owner.
   */
  async counted(
    em: EntityManager,
    providerId: string,
    threshold: { window: string; counts: readonly string[] },
    at: Date,
  ): Promise<CountedCase[]> {
    return em.execute<CountedCase[]>(
      `select w.id, w.type, w.reference
         from vigil_early_warning_cases(?::uuid, ?::timestamptz, ?::interval, ?::text[], ?::text[], ?::text[]) w`,
      [providerId, at, threshold.window, ...earlyWarningRules(threshold.counts)],
    );
  }

  /**
   * How many of each counted type `counted` would find, whatever the reader may see of the cases
   * themselves (counts only, through `vigil_early_warning_counts`; none for a provider out of reach).
   */
  async countsByType(
    em: EntityManager,
    providerId: string,
    threshold: { window: string; counts: readonly string[] },
    at: Date,
  ): Promise<Partial<Record<CaseType, number>>> {
    const rows = await em.execute<{ type: CaseType; n: number }[]>(
      `select w.type, w.n
         from vigil_early_warning_counts(?::uuid, ?::timestamptz, ?::interval, ?::text[], ?::text[], ?::text[]) w`,
      [providerId, at, threshold.window, ...earlyWarningRules(threshold.counts)],
    );
    return Object.fromEntries(rows.map((r) => [r.type, Number(r.n)]));
  }

  async details(em: EntityManager, caseId: string): Promise<CaseDetails> {
    const [p] = await em.execute<Row[]>(
      `select source, reason, referral_status, weekly_cap, lse_active, action_plan_summary,
              action_plan_submitted_at, closing_rationale
         from provider_concerns where case_id = ?`,
      [caseId],
    );
    if (!p) throw new Error('provider concern details missing');
    const notices = await em.execute<Row[]>(
      `select id, kind, requirements, to_char(compliance_date, 'YYYY-MM-DD') as compliance_date, issued_at, lifted_at
         from provider_notices where case_id = ? order by issued_at, id`,
      [caseId],
    );
    const items = await em.execute<Row[]>(
      `select a.task_id, a.action, a.owner, a.evidence, t.due_at, t.completed_at
         from provider_action_items a join tasks t on t.id = a.task_id
        where a.case_id = ? order by a.created_at, a.task_id`,
      [caseId],
    );
    const people = await em.execute<Row[]>(
      `select id, name, moved_to, to_char(moved_on, 'YYYY-MM-DD') as moved_on
         from provider_affected_people where case_id = ? order by created_at, id`,
      [caseId],
    );
    return {
      type: 'provider_concern',
      source: p.source as ProviderConcernSource,
      reason: String(p.reason),
      referralStatus: p.referral_status as ReferralStatus,
      weeklyCap: p.weekly_cap === null ? null : Number(p.weekly_cap),
      lseActive: p.lse_active === true,
      notices: notices.map((n) => ({
        id: String(n.id),
        kind: n.kind as 'improvement' | 'default',
        requirements: String(n.requirements),
        complianceDate: String(n.compliance_date),
        issuedAt: new Date(n.issued_at as Date).toISOString(),
        liftedAt: iso(n.lifted_at),
      })),
      actionPlan: p.action_plan_submitted_at
        ? {
            summary: (p.action_plan_summary as string | null) ?? null,
            submittedAt: new Date(p.action_plan_submitted_at as Date).toISOString(),
            items: items.map((i) => ({
              taskId: String(i.task_id),
              action: String(i.action),
              owner: String(i.owner),
              dueAt: iso(i.due_at),
              evidence: (i.evidence as string | null) ?? null,
              completedAt: iso(i.completed_at),
            })),
          }
        : null,
      people: people.map((r) => ({
        id: String(r.id),
        name: String(r.name),
        movedTo: (r.moved_to as string | null) ?? null,
        movedOn: (r.moved_on as string | null) ?? null,
      })),
      closingRationale: (p.closing_rationale as string | null) ?? null,
    };
  }
}
