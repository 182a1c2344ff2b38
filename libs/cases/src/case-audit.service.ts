import { Injectable } from '@nestjs/common';
import { stringify } from 'csv-stringify/sync';
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

/** A spreadsheet must never execute a cell: prefix formula starters (= + - @, tab, CR) with a quote. */
export function csvSafe(value: unknown): string {
  const text =
    value === null || value === undefined ? '' : typeof value === 'string' ? value : JSON.stringify(value);
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

/** A case's audit trail for managers and auditors (DOMAIN §7), oldest first; reading it is audited too. */
@Injectable()
export class CaseAuditService {
  constructor(private readonly access: CaseAccess) {}

  async list(
    ctx: RequestContext,
    caseId: string,
    format: 'json' | 'csv' = 'json',
  ): Promise<{ items: AuditItem[]; total: number }> {
    return this.access.transaction(ctx, async (em) => {
      await this.access.require(em, ctx, caseId, 'case.audit.read');
      const rows = await em.execute<Record<string, unknown>[]>(
        // The case's own rows, and every list that showed it (those name their cases in `details`; none
        // can be older than the case's first row).
        `select e.id::text as id, e.seq::text as seq, e.at, e.action, e.outcome, e.actor_user_id, e.actor_role,
                e.actor_organisation_id, e.ip, e.correlation_id, e.details
           from audit_events e
          where e.id in (
                  select id from audit_events where subject_id = ?
                  union all
                  select id from audit_events
                   where action = 'case.listed'
                     and id >= coalesce((select min(id) from audit_events where subject_id = ?), 0)
                     and details->'caseIds' @> jsonb_build_array(?::text))
          order by e.id`,
        [caseId, caseId, caseId],
      );
      const items = rows.map((r): AuditItem => ({
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
      await this.access.record(
        em,
        ctx,
        format === 'csv' ? 'case.audit_exported' : 'case.audit_read',
        caseId,
        {
          rows: items.length,
        },
      );
      return { items, total: items.length };
    });
  }

  async csv(ctx: RequestContext, caseId: string): Promise<string> {
    const { items } = await this.list(ctx, caseId, 'csv');
    return stringify(
      items.map((i) =>
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
        ].map(csvSafe),
      ),
      {
        header: true,
        columns: [
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
        ],
      },
    );
  }
}
