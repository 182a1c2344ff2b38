import type { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import type { CaseDetails } from '@vigil/contracts';
import { initialsOf, type CaseDetailsReader } from '../engine/case-views.service';

export interface NewEnquiry {
  adultName: string;
  dateOfBirth: string | null;
  summary: string;
  immediateRisk: boolean;
}

type Row = Record<string, string | boolean | null>;

/** Columns a task may set, as the handler names them → the column. */
const Columns = {
  msp: 'msp',
  desiredOutcomes: 'desired_outcomes',
  capacity: 'capacity',
  advocate: 'advocate',
  lead: 'lead',
  strategy: 'strategy',
  scope: 'scope',
  questions: 'questions',
  reportDueOn: 'report_due_on',
  report: 'report',
  outcome: 'outcome',
  riskNow: 'risk_now',
  outcomesMet: 'outcomes_met',
  plan: 'plan',
  planSummary: 'plan_summary',
  reviewOn: 'review_on',
  returnReason: 'return_reason',
} as const;
export type EnquiryField = keyof typeof Columns;

/** The enquiry's own table (`enquiries`): its narrative and personal details, PostgreSQL only. */
@Injectable()
export class EnquiryRepository implements CaseDetailsReader {
  async insert(em: EntityManager, caseId: string, e: NewEnquiry): Promise<void> {
    await em.execute(
      `insert into enquiries (case_id, adult_name, adult_date_of_birth, summary, immediate_risk) values (?, ?, ?, ?, ?)`,
      [caseId, e.adultName, e.dateOfBirth, e.summary, e.immediateRisk],
    );
  }

  /** Records what a step decided; only the named fields change. */
  async update(
    em: EntityManager,
    caseId: string,
    fields: Partial<Record<EnquiryField, string | boolean | null>>,
  ): Promise<void> {
    const entries = Object.entries(fields).filter(([, v]) => v !== undefined) as [EnquiryField, unknown][];
    if (entries.length === 0) return;
    await em.execute(
      `update enquiries set ${entries.map(([k]) => `${Columns[k]} = ?`).join(', ')} where case_id = ?`,
      [...entries.map(([, v]) => v), caseId],
    );
  }

  /** What sign-off needs of the enquiry: its outcome and whether the adult's capacity was recorded. */
  async closure(
    em: EntityManager,
    caseId: string,
  ): Promise<{ outcome: string | null; capacity: string | null }> {
    const [row] = await em.execute<{ outcome: string | null; capacity: string | null }[]>(
      'select outcome, capacity from enquiries where case_id = ?',
      [caseId],
    );
    return { outcome: row?.outcome ?? null, capacity: row?.capacity ?? null };
  }

  async details(em: EntityManager, caseId: string, masked: boolean): Promise<CaseDetails> {
    const [e] = await em.execute<Row[]>(
      `select adult_name, to_char(adult_date_of_birth, 'YYYY-MM-DD') as adult_date_of_birth, summary, immediate_risk,
              msp, desired_outcomes, capacity, advocate, lead, strategy, scope, questions,
              to_char(report_due_on, 'YYYY-MM-DD') as report_due_on, report, return_reason, outcome, risk_now,
              outcomes_met, plan, plan_summary, to_char(review_on, 'YYYY-MM-DD') as review_on
         from enquiries where case_id = ?`,
      [caseId],
    );
    if (!e) throw new Error('enquiry details missing');
    const text = (v: string | boolean | null): string | null => (masked || v === null ? null : String(v));
    const value = <T>(v: string | boolean | null): T | null => (v === null ? null : (v as T));
    return {
      type: 's42_enquiry',
      adultAtRisk: {
        name: masked ? initialsOf(String(e.adult_name)) : String(e.adult_name),
        dateOfBirth: masked ? null : value<string>(e.adult_date_of_birth),
      },
      summary: text(e.summary),
      immediateRisk: e.immediate_risk === true,
      msp: value(e.msp),
      desiredOutcomes: text(e.desired_outcomes),
      capacity: value(e.capacity),
      advocate: value<boolean>(e.advocate),
      lead: value(e.lead),
      strategy: text(e.strategy),
      scope: text(e.scope),
      questions: text(e.questions),
      reportDueOn: value<string>(e.report_due_on),
      report: text(e.report),
      returnReason: text(e.return_reason),
      outcome: value(e.outcome),
      riskNow: value(e.risk_now),
      outcomesMet: value(e.outcomes_met),
      plan: value(e.plan),
      planSummary: text(e.plan_summary),
      reviewOn: value<string>(e.review_on),
    };
  }

  notes(details: CaseDetails, entry: { kind: string }): Record<string, unknown> {
    if (details.type !== 's42_enquiry') return {};
    if (entry.kind === 'task.returned') return { reason: details.returnReason };
    return {};
  }
}
