import type { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import type { CaseDetails, RaiseAllegation } from '@vigil/contracts';
import type { CaseDetailsReader } from '../engine/case-views.service';

const Columns = {
  suspendedAt: 'suspended_at',
  suspensionLiftedAt: 'suspension_lifted_at',
  liftRationale: 'lift_rationale',
  ladoDecision: 'lado_decision',
  employmentOutcome: 'employment_outcome',
  outcome: 'outcome',
  closingRationale: 'closing_rationale',
} as const;
export type AllegationField = keyof typeof Columns;

type Row = Record<string, string | boolean | Date | null>;
const iso = (v: unknown): string | null => (v ? new Date(v as Date).toISOString() : null);

/** The allegation's own table (`allegations`): the staff member and the allegation (‡), PostgreSQL only. */
@Injectable()
export class AllegationRepository implements CaseDetailsReader {
  async insert(em: EntityManager, caseId: string, a: RaiseAllegation): Promise<void> {
    await em.execute(
      `insert into allegations (case_id, staff_name, job_title, staff_type, works_with_children,
         regulated_activity_provider, regulator, summary) values (?, ?, ?, ?, ?, ?, ?, ?)`,
      [
        caseId,
        a.staffMember.name,
        a.staffMember.jobTitle,
        a.staffMember.type ?? null,
        a.worksWithChildren,
        a.regulatedActivityProvider ?? null,
        a.regulator ?? null,
        a.summary,
      ],
    );
  }

  async update(
    em: EntityManager,
    caseId: string,
    fields: Partial<Record<AllegationField, unknown>>,
  ): Promise<void> {
    const entries = Object.entries(fields).filter(([, v]) => v !== undefined) as [AllegationField, unknown][];
    if (entries.length === 0) return;
    await em.execute(
      `update allegations set ${entries.map(([k]) => `${Columns[k]} = ?`).join(', ')} where case_id = ?`,
      [...entries.map(([, v]) => v), caseId],
    );
  }

  /** The employment outcome recorded so far, if any. */
  async employmentOutcome(em: EntityManager, caseId: string): Promise<string | null> {
    const [a] = await em.execute<{ employment_outcome: string | null }[]>(
      'select employment_outcome from allegations where case_id = ?',
      [caseId],
    );
    return a?.employment_outcome ?? null;
  }

  async details(em: EntityManager, caseId: string, masked: boolean): Promise<CaseDetails> {
    const [a] = await em.execute<Row[]>('select * from allegations where case_id = ?', [caseId]);
    if (!a) throw new Error('allegation details missing');
    const text = (v: unknown): string | null => (masked || v === null ? null : String(v));
    return {
      type: 'allegation',
      staffMember: {
        name: text(a.staff_name),
        jobTitle: String(a.job_title),
        type: (a.staff_type as never) ?? null,
      },
      worksWithChildren: a.works_with_children === true,
      regulatedActivityProvider: (a.regulated_activity_provider as boolean | null) ?? null,
      regulator: (a.regulator as never) ?? null,
      summary: text(a.summary),
      suspendedAt: iso(a.suspended_at),
      suspensionLiftedAt: iso(a.suspension_lifted_at),
      liftRationale: text(a.lift_rationale),
      ladoDecision: (a.lado_decision as never) ?? null,
      employmentOutcome: (a.employment_outcome as never) ?? null,
      outcome: (a.outcome as never) ?? null,
      closingRationale: text(a.closing_rationale),
    };
  }

  notes(
    details: CaseDetails,
    entry: { kind: string; details: Record<string, unknown> },
  ): Record<string, unknown> {
    if (details.type !== 'allegation') return {};
    if (entry.kind === 'task.completed' && entry.details.taskType === 'lift_suspension') {
      return { reason: details.liftRationale };
    }
    if (entry.kind === 'case.closed_with_outcome') return { rationale: details.closingRationale };
    return {};
  }
}
