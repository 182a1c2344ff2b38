import type { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import type { CaseDetails, NotificationTrigger } from '@vigil/contracts';
import type { CaseDetailsReader } from '../engine/case-views.service';

export interface NewNotification {
  trigger: NotificationTrigger;
  occurredAt: Date;
  awareAt: Date;
  dueAt: Date;
  sentAt: Date;
  late: boolean;
  lateReason: string | null;
  summary: string;
}

type Row = Record<string, string | boolean | Date | null>;
const iso = (v: unknown): string | null => (v ? new Date(v as Date).toISOString() : null);

/** The notification's own table (`commissioner_notifications`): what happened, PostgreSQL only. */
@Injectable()
export class NotificationRepository implements CaseDetailsReader {
  async insert(em: EntityManager, caseId: string, n: NewNotification): Promise<void> {
    await em.execute(
      `insert into commissioner_notifications (case_id, trigger, occurred_at, aware_at, due_at, sent_at, late,
         late_reason, summary) values (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [caseId, n.trigger, n.occurredAt, n.awareAt, n.dueAt, n.sentAt, n.late, n.lateReason, n.summary],
    );
  }

  async acknowledge(em: EntityManager, caseId: string, at: Date): Promise<void> {
    await em.execute(`update commissioner_notifications set acknowledged_at = ? where case_id = ?`, [
      at,
      caseId,
    ]);
  }

  async details(em: EntityManager, caseId: string, masked: boolean): Promise<CaseDetails> {
    const [n] = await em.execute<Row[]>('select * from commissioner_notifications where case_id = ?', [
      caseId,
    ]);
    if (!n) throw new Error('notification details missing');
    const text = (v: unknown): string | null => (masked || v === null ? null : String(v));
    return {
      type: 'notification',
      trigger: n.trigger as never,
      occurredAt: iso(n.occurred_at) as string,
      awareAt: iso(n.aware_at) as string,
      dueAt: iso(n.due_at) as string,
      sentAt: iso(n.sent_at) as string,
      late: n.late === true,
      lateReason: text(n.late_reason),
      summary: text(n.summary),
      acknowledgedAt: iso(n.acknowledged_at),
    };
  }
}
