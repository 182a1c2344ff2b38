import type { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import type { CaseDetails, CompleteTriageTask, RaiseConcern } from '@vigil/contracts';
import { initialsOf, type CaseDetailsReader } from '../engine/case-views.service';

const iso = (d: Date | null): string | null => (d === null ? null : new Date(d).toISOString());

interface ConcernRow {
  adult_name: string;
  adult_date_of_birth: string | null;
  category: string;
  summary: string;
  occurred_at: Date;
  aware_at: Date;
  immediate_risk: boolean;
  emergency_services_called: boolean | null;
  consent: string | null;
  consent_reason: string | null;
  desired_outcomes: string | null;
  decision: string | null;
  decision_rationale: string | null;
  decided_at: Date | null;
  closure_kind: string | null;
  closure_reason: string | null;
}

/** The concern's own table (`concerns`): its narrative and personal details, PostgreSQL only. */
@Injectable()
export class ConcernRepository implements CaseDetailsReader {
  async insert(em: EntityManager, caseId: string, input: RaiseConcern, now: Date): Promise<void> {
    await em.execute(
      `insert into concerns (case_id, adult_name, adult_date_of_birth, category, summary, occurred_at, aware_at,
         immediate_risk, emergency_services_called, consent, consent_reason, desired_outcomes)
       values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [
        caseId,
        input.adultAtRisk.name,
        input.adultAtRisk.dateOfBirth ?? null,
        input.category,
        input.summary,
        input.occurredAt,
        input.awareAt ?? now.toISOString(),
        input.immediateRisk,
        input.emergencyServicesCalled ?? null,
        input.consent ?? null,
        input.consentReason ?? null,
        input.desiredOutcomes ?? null,
      ],
    );
  }

  async recordDecision(
    em: EntityManager,
    caseId: string,
    input: CompleteTriageTask,
    by: string,
    at: Date,
  ): Promise<void> {
    await em.execute(
      'update concerns set decision = ?, decision_rationale = ?, decided_by = ?, decided_at = ? where case_id = ?',
      [input.decision, input.rationale, by, at, caseId],
    );
  }

  async recordClosure(
    em: EntityManager,
    caseId: string,
    kind: 'withdrawn' | 'merged',
    reason: string,
  ): Promise<void> {
    await em.execute('update concerns set closure_kind = ?, closure_reason = ? where case_id = ?', [
      kind,
      reason,
      caseId,
    ]);
  }

  /** What an enquiry opened from this concern starts with. */
  async forEnquiry(
    em: EntityManager,
    caseId: string,
  ): Promise<{ adultName: string; dateOfBirth: string | null; summary: string; immediateRisk: boolean }> {
    const [row] = await em.execute<ConcernRow[]>(
      `select adult_name, to_char(adult_date_of_birth, 'YYYY-MM-DD') as adult_date_of_birth, summary, immediate_risk
         from concerns where case_id = ?`,
      [caseId],
    );
    return {
      adultName: row.adult_name,
      dateOfBirth: row.adult_date_of_birth,
      summary: row.summary,
      immediateRisk: row.immediate_risk,
    };
  }

  async details(em: EntityManager, caseId: string, masked: boolean): Promise<CaseDetails> {
    const [c] = await em.execute<ConcernRow[]>(
      `select adult_name, to_char(adult_date_of_birth, 'YYYY-MM-DD') as adult_date_of_birth, category, summary,
              occurred_at, aware_at, immediate_risk, emergency_services_called, consent, consent_reason,
              desired_outcomes, decision, decision_rationale,
              decided_at, closure_kind, closure_reason
         from concerns where case_id = ?`,
      [caseId],
    );
    if (!c) throw new Error('concern details missing');
    const narrative = (text: string | null): string | null => (masked ? null : text);
    return {
      type: 'concern',
      adultAtRisk: {
        name: masked ? initialsOf(c.adult_name) : c.adult_name,
        dateOfBirth: masked ? null : c.adult_date_of_birth,
      },
      category: c.category as never,
      summary: narrative(c.summary),
      occurredAt: new Date(c.occurred_at).toISOString(),
      awareAt: new Date(c.aware_at).toISOString(),
      immediateRisk: c.immediate_risk,
      emergencyServicesCalled: c.emergency_services_called,
      consent: c.consent as never,
      consentReason: narrative(c.consent_reason),
      desiredOutcomes: narrative(c.desired_outcomes),
      decision: c.decision as never,
      decisionRationale: narrative(c.decision_rationale),
      decidedAt: iso(c.decided_at),
      closure: c.closure_kind ? { kind: c.closure_kind as never, reason: narrative(c.closure_reason) } : null,
    };
  }

  notes(details: CaseDetails, entry: { kind: string }): Record<string, unknown> {
    if (details.type !== 'concern') return {};
    if (entry.kind === 'concern.triaged') return { rationale: details.decisionRationale };
    if (entry.kind === 'concern.withdrawn' || entry.kind === 'concern.merged') {
      return { reason: details.closure?.reason ?? null };
    }
    return {};
  }
}
