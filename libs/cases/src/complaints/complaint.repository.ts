import type { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import type { CaseDetails, RecordComplaint } from '@vigil/contracts';
import type { CaseDetailsReader } from '../engine/case-views.service';

const Columns = {
  acknowledgedOn: 'acknowledged_on',
  socialWorkerNotifiedAt: 'social_worker_notified_at',
  socialWorkerMethod: 'social_worker_method',
  respondedOn: 'responded_on',
  outcome: 'outcome',
  sharedOn: 'shared_on',
  resolvedAtProviderStage: 'resolved_at_provider_stage',
  closingRationale: 'closing_rationale',
} as const;
export type ComplaintField = keyof typeof Columns;

type Row = Record<string, string | boolean | Date | null>;
const iso = (v: unknown): string | null => (v ? new Date(v as Date).toISOString() : null);

/** The complaint's own table (`complaints`): the complainant's words, PostgreSQL only. */
@Injectable()
export class ComplaintRepository implements CaseDetailsReader {
  async insert(em: EntityManager, caseId: string, c: RecordComplaint): Promise<void> {
    await em.execute(
      `insert into complaints (case_id, received_at, affects_care, complainant_relationship, summary)
       values (?, ?, ?, ?, ?)`,
      [caseId, c.receivedAt, c.affectsCare, c.complainantRelationship, c.summary],
    );
  }

  async update(
    em: EntityManager,
    caseId: string,
    fields: Partial<Record<ComplaintField, unknown>>,
  ): Promise<void> {
    const entries = Object.entries(fields).filter(([, v]) => v !== undefined) as [ComplaintField, unknown][];
    if (entries.length === 0) return;
    await em.execute(
      `update complaints set ${entries.map(([k]) => `${Columns[k]} = ?`).join(', ')} where case_id = ?`,
      [...entries.map(([, v]) => v), caseId],
    );
  }

  async details(em: EntityManager, caseId: string, masked: boolean): Promise<CaseDetails> {
    const [c] = await em.execute<Row[]>(
      `select received_at, affects_care, complainant_relationship, summary,
              to_char(acknowledged_on, 'YYYY-MM-DD') as acknowledged_on, social_worker_notified_at,
              social_worker_method, to_char(responded_on, 'YYYY-MM-DD') as responded_on, outcome,
              to_char(shared_on, 'YYYY-MM-DD') as shared_on, resolved_at_provider_stage, closing_rationale
         from complaints where case_id = ?`,
      [caseId],
    );
    if (!c) throw new Error('complaint details missing');
    const text = (v: unknown): string | null => (masked || v === null ? null : String(v));
    return {
      type: 'complaint',
      receivedAt: new Date(c.received_at as Date).toISOString(),
      affectsCare: c.affects_care === true,
      complainantRelationship: text(c.complainant_relationship),
      summary: text(c.summary),
      acknowledgedOn: (c.acknowledged_on as string | null) ?? null,
      socialWorkerNotifiedAt: iso(c.social_worker_notified_at),
      socialWorkerMethod: (c.social_worker_method as never) ?? null,
      respondedOn: (c.responded_on as string | null) ?? null,
      outcome: (c.outcome as never) ?? null,
      sharedOn: (c.shared_on as string | null) ?? null,
      resolvedAtProviderStage: (c.resolved_at_provider_stage as boolean | null) ?? null,
      closingRationale: text(c.closing_rationale),
    };
  }

  notes(
    details: CaseDetails,
    entry: { kind: string; details: Record<string, unknown> },
  ): Record<string, unknown> {
    if (details.type !== 'complaint') return {};
    if (entry.kind === 'case.closed_with_outcome') return { rationale: details.closingRationale };
    return {};
  }
}
