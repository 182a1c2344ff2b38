import type { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { parseOrThrow } from '@vigil/domain';
import { stringify } from 'csv-stringify/sync';
import { z } from 'zod';
import { CaseAccess, type RequestContext } from './case-access.service';

export interface AuditItem {
  id: string;
  seq: string;
  at: string;
  action: string;
  outcome: string;
  actor: { userId: string | null; role: string | null; organisationId: string | null };
  ip: string | null;
  correlationId: string | null;
  details: Record<string, unknown>;
}

export const AuditPageQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(1_000).default(200),
  offset: z.coerce.number().int().min(0).default(0),
});
export type AuditPageQuery = z.infer<typeof AuditPageQuerySchema>;

/** A spreadsheet must never execute a cell: prefix formula starters (= + - @, tab, CR) with a quote. */
export function csvSafe(value: unknown): string {
  const text =
    value === null || value === undefined ? '' : typeof value === 'string' ? value : JSON.stringify(value);
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

const CsvColumns = [
  'id',
  'seq',
  'at',
  'action',
  'outcome',
  'actor_user_id',
  'actor_role',
  'actor_organisation_id',
  'ip',
  'correlation_id',
  'details',
];

/** How many rows the CSV reads at a time: memory stays flat whatever the trail's length. */
const CSV_BATCH = 500;

// The case's own rows, and every list that showed it (those name their cases in `details`; none can be
// older than the case's first row).
const TRAIL = `from audit_events e
  where e.id in (
          select id from audit_events where subject_id = ?
          union all
          select id from audit_events
           where action = 'case.listed'
             and id >= coalesce((select min(id) from audit_events where subject_id = ?), 0)
             and details->'caseIds' @> jsonb_build_array(?::text))`;

/** A case's audit trail for managers and auditors (DOMAIN §7), oldest first; reading it is audited too. */
@Injectable()
export class CaseAuditService {
  constructor(private readonly access: CaseAccess) {}

  /** One page of the trail (`limit`, `offset`) and how many rows it has in all. */
  async list(
    ctx: RequestContext,
    caseId: string,
    query: unknown = {},
  ): Promise<{ items: AuditItem[]; total: number }> {
    return this.access.transaction(ctx, async (em) => {
      await this.access.require(em, ctx, caseId, 'case.audit.read');
      const page = parseOrThrow(AuditPageQuerySchema, query);
      const [{ total }] = await em.execute<{ total: string }[]>(`select count(*)::text as total ${TRAIL}`, [
        caseId,
        caseId,
        caseId,
      ]);
      const items = await this.rows(em, caseId, page.limit, page.offset);
      await this.access.record(em, ctx, 'case.audit_read', caseId, {
        rows: items.length,
        offset: page.offset,
      });
      return { items, total: Number(total) };
    });
  }

  /**
   * The whole trail as CSV, written to `write` a batch at a time (one transaction, so the rows are one
   * consistent snapshot), after the access check and before the export is audited.
   */
  async csv(ctx: RequestContext, caseId: string, write: (chunk: string) => void): Promise<void> {
    await this.access.transaction(ctx, async (em) => {
      await this.access.require(em, ctx, caseId, 'case.audit.read');
      write(stringify([], { header: true, columns: CsvColumns }));
      let rows = 0;
      for (let offset = 0; ; offset += CSV_BATCH) {
        const batch = await this.rows(em, caseId, CSV_BATCH, offset);
        if (batch.length > 0) write(stringify(batch.map(csvRow)));
        rows += batch.length;
        if (batch.length < CSV_BATCH) break;
      }
      await this.access.record(em, ctx, 'case.audit_exported', caseId, { rows });
    });
  }

  private async rows(em: EntityManager, caseId: string, limit: number, offset: number): Promise<AuditItem[]> {
    const rows = await em.execute<Record<string, unknown>[]>(
      `select e.id::text as id, e.seq::text as seq, e.at, e.action, e.outcome, e.actor_user_id, e.actor_role,
              e.actor_organisation_id, e.ip, e.correlation_id, e.details
         ${TRAIL}
        order by e.at, e.id limit ? offset ?`,
      [caseId, caseId, caseId, limit, offset],
    );
    return rows.map((r): AuditItem => ({
      id: String(r.id),
      seq: String(r.seq),
      at: new Date(r.at as Date).toISOString(),
      action: String(r.action),
      outcome: String(r.outcome),
      actor: {
        userId: (r.actor_user_id as string | null) ?? null,
        role: (r.actor_role as string | null) ?? null,
        organisationId: (r.actor_organisation_id as string | null) ?? null,
      },
      ip: (r.ip as string | null) ?? null,
      correlationId: (r.correlation_id as string | null) ?? null,
      // A list names other cases too: this trail says only that the case was in it.
      details: r.action === 'case.listed' ? {} : (r.details as Record<string, unknown>),
    }));
  }
}

const csvRow = (i: AuditItem): string[] =>
  [
    i.id,
    i.seq,
    i.at,
    i.action,
    i.outcome,
    i.actor.userId,
    i.actor.role,
    i.actor.organisationId,
    i.ip,
    i.correlationId,
    i.details,
  ].map(csvSafe);
