import type { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import type { CaseDetails, RecordIncident } from '@vigil/contracts';
import type { CaseDetailsReader } from '../engine/case-views.service';

const Columns = {
  siMeeting: 'si_meeting',
  initialReviewFindings: 'initial_review_findings',
  reportSummary: 'report_summary',
  learningAcceptedAt: 'learning_accepted_at',
  closingRationale: 'closing_rationale',
} as const;
export type IncidentField = keyof typeof Columns;

type Row = Record<string, string | boolean | Date | null>;
const iso = (v: unknown): string | null => (v ? new Date(v as Date).toISOString() : null);

/** The incident's own table (`incidents`): what happened and what the provider found, PostgreSQL only. */
@Injectable()
export class IncidentRepository implements CaseDetailsReader {
  async insert(em: EntityManager, caseId: string, i: RecordIncident, awareAt: Date): Promise<void> {
    await em.execute(
      `insert into incidents (case_id, category, occurred_at, aware_at, summary, personal_data_breach, care_interrupted)
       values (?, ?, ?, ?, ?, ?, ?)`,
      [
        caseId,
        i.category,
        i.occurredAt,
        awareAt,
        i.summary,
        i.personalDataBreach ?? false,
        i.careInterrupted ?? null,
      ],
    );
  }

  async update(
    em: EntityManager,
    caseId: string,
    fields: Partial<Record<IncidentField, unknown>>,
  ): Promise<void> {
    const entries = Object.entries(fields).filter(([, v]) => v !== undefined) as [IncidentField, unknown][];
    if (entries.length === 0) return;
    await em.execute(
      `update incidents set ${entries.map(([k]) => `${Columns[k]} = ?`).join(', ')} where case_id = ?`,
      [...entries.map(([, v]) => v), caseId],
    );
  }

  async details(em: EntityManager, caseId: string, masked: boolean): Promise<CaseDetails> {
    const [i] = await em.execute<Row[]>('select * from incidents where case_id = ?', [caseId]);
    if (!i) throw new Error('incident details missing');
    const text = (v: unknown): string | null => (masked || v === null ? null : String(v));
    return {
      type: 'incident',
      category: i.category as never,
      occurredAt: iso(i.occurred_at) as string,
      awareAt: iso(i.aware_at) as string,
      summary: text(i.summary),
      personalDataBreach: i.personal_data_breach === true,
      careInterrupted: (i.care_interrupted as boolean | null) ?? null,
      siMeeting: (i.si_meeting as boolean | null) ?? null,
      initialReviewFindings: text(i.initial_review_findings),
      reportSummary: text(i.report_summary),
      learningAcceptedAt: iso(i.learning_accepted_at),
      closingRationale: text(i.closing_rationale),
    };
  }

  notes(details: CaseDetails, entry: { kind: string }): Record<string, unknown> {
    if (details.type !== 'incident') return {};
    if (entry.kind === 'incident.closed') return { rationale: details.closingRationale };
    return {};
  }
}
