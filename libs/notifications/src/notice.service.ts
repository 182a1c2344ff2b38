import type { EntityManager } from '@mikro-orm/postgresql';
import { Injectable, Logger } from '@nestjs/common';
import { AuditWriter } from '@vigil/audit';
import { AppConfig } from '@vigil/config';
import type {
  CaseType,
  NoticeAudience,
  NoticeRequest,
  SendNoticeInput,
  SendNoticeResult,
} from '@vigil/contracts';
import { RecipientLabels } from '@vigil/domain';
import {
  ClockRepository,
  Database,
  SystemScope,
  TimelineRepository,
  type ClockForNotice,
  type NewTimelineEntry,
} from '@vigil/persistence';
import { createHash, randomUUID } from 'node:crypto';
import { MailDriver } from './mail-driver';
import { resolveRecipients, type CaseAddressing } from './recipients';
import { renderEmail } from './templates';

/** Step 1's result for one notice; `rows` are its outbox rows (none when skipped). */
interface Prepared {
  reference: string;
  caseType: CaseType;
  dueAt?: Date;
  /** The audience as resolved: a clock's `assignee` rung reaches whoever holds its task. */
  audience: { role: string };
  skipped: boolean;
  rows: OutboxRow[];
}

interface OutboxRow {
  id: string;
  recipient_user_id: string;
  email: string;
  status: 'pending' | 'sent' | 'cancelled';
  message_id: string;
}

/**
 * What work done first in step 1's transaction (an escalation's breach record) hands to the notices: clocks
 * it has already read, so they are not read again, and timeline entries, written with the notices' own in
 * one statement at the end of the step.
 */
export interface StepOne {
  clocks: Map<string, ClockForNotice>;
  events: NewTimelineEntry[];
}

/** Deterministic per case, step and recipient, so receivers can drop the one documented duplicate. */
export function messageIdFor(workflowId: string, stepKey: string, recipientUserId: string): string {
  const digest = createHash('sha256').update(`${workflowId}\n${stepKey}\n${recipientUserId}`).digest('hex');
  return `<${digest.slice(0, 40)}@vigil.notifications>`;
}

/** Error text safe to store and log: SMTP replies can echo addresses, so those are masked. */
function safeError(error: unknown): string {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : 'unknown error';
  return text.replace(/[^\s<>@]+@[^\s<>@]+/g, '<address>').slice(0, 500);
}

/**
 * The body of the `sendNotice` activity. Step 1 (one transaction) resolves recipients and writes the
 * outbox rows and the timeline entry; step 2 sends each pending row and marks it SENT. A retry finds
 * the rows from step 1 and sends only what is still pending: a crash between SMTP acceptance and the
 * SENT update can cause one duplicate, which the deterministic Message-ID lets receivers drop.
 */
@Injectable()
export class NoticeService {
  private readonly logger = new Logger(NoticeService.name);

  constructor(
    private readonly db: Database,
    private readonly mail: MailDriver,
    private readonly audit: AuditWriter,
    private readonly config: AppConfig,
    private readonly clocks: ClockRepository,
    private readonly timeline: TimelineRepository,
  ) {}

  /** `sendBefore`: epoch ms after which no send starts (a local activity's budget); see sendMany. */
  async send(input: SendNoticeInput, sendBefore?: number): Promise<SendNoticeResult> {
    const { workflowId, caseId, ...notice } = input;
    const [outcome] = await this.sendAll(workflowId, caseId, [notice], undefined, sendBefore);
    if (outcome.error) throw outcome.error;
    return outcome.result;
  }

  /**
   * Several notices of one case (its opening notices): step 1 for all of them in one transaction, then
   * step 2 for each. Every notice is tried; then the first failure, if any, is thrown (Temporal retries the
   * batch, and what was sent is found SENT).
   */
  async sendMany(
    workflowId: string,
    caseId: string,
    notices: readonly NoticeRequest[],
    /** Work in step 1's transaction, before the notices are prepared (an escalation's breach record). */
    first?: (em: EntityManager, step: StepOne) => Promise<void>,
    /** Epoch ms after which no send starts (a local activity's budget); what is left fails, to be retried. */
    sendBefore?: number,
  ): Promise<SendNoticeResult[]> {
    const outcomes = await this.sendAll(workflowId, caseId, notices, first, sendBefore);
    const failed = outcomes.find((o) => o.error);
    if (failed?.error) throw failed.error;
    return outcomes.map((o) => o.result);
  }

  private async sendAll(
    workflowId: string,
    caseId: string,
    notices: readonly NoticeRequest[],
    first?: (em: EntityManager, step: StepOne) => Promise<void>,
    sendBefore?: number,
  ): Promise<{ result: SendNoticeResult; error?: Error }[]> {
    const inputs = notices.map((n) => ({ workflowId, caseId, ...n }));
    const prepared = await this.db.transaction(SystemScope, async (em) => {
      const step: StepOne = { clocks: new Map(), events: [] };
      await first?.(em, step);
      const result = await this.prepare(em, inputs, step);
      await this.timeline.appendMany(em, step.events);
      return result;
    });
    const outcomes: { result: SendNoticeResult; error?: Error }[] = [];
    for (const [i, input] of inputs.entries()) {
      try {
        outcomes.push({ result: await this.deliver(input, prepared[i], sendBefore) });
      } catch (error) {
        const e = error instanceof Error ? error : new Error(String(error));
        outcomes.push({ result: { sent: 0, alreadySent: 0, recipients: 0, skipped: false }, error: e });
      }
    }
    return outcomes;
  }

  /** Step 2 for one notice: sends each pending row and marks it SENT. */
  private async deliver(
    input: SendNoticeInput,
    prepared: Prepared,
    sendBefore?: number,
  ): Promise<SendNoticeResult> {
    if (prepared.skipped) {
      return { sent: 0, alreadySent: 0, recipients: prepared.rows.length, skipped: true };
    }
    let sent = 0;
    let alreadySent = 0;
    const failures: string[] = [];
    for (const row of prepared.rows) {
      if (row.status === 'sent') {
        alreadySent += 1;
        continue;
      }
      if (row.status === 'cancelled') continue;
      if (sendBefore !== undefined && Date.now() > sendBefore) {
        failures.push('send budget spent: left for a retry');
        continue;
      }
      try {
        const email = renderEmail(input.template, {
          reference: prepared.reference,
          caseUrl: `${this.config.http.publicBaseUrl}/cases/${input.caseId}`,
          dueAt: input.dueAt ? new Date(input.dueAt) : prepared.dueAt,
          roleName:
            RecipientLabels[input.audience.kind === 'role' ? prepared.audience.role : input.audience.kind],
          clockName: input.clockName,
          caseType: input.caseType ?? prepared.caseType,
          taskType: input.taskType,
          status: input.status,
        });
        const result = await this.mail.send({
          to: row.email,
          subject: email.subject,
          text: email.text,
          messageId: row.message_id,
          headers: { 'X-Vigil-Reference': prepared.reference, 'X-Vigil-Step': input.stepKey },
        });
        // The SENT mark and its audit event in one statement: one round trip, and the audit chain's lock
        // held only while it runs.
        const marked = this.audit.withChange(
          {
            sql: `update notification_outbox set status = 'sent', sent_at = now(), attempts = attempts + 1,
                    smtp_response = ?, last_error = null where id = ? and status = 'pending'`,
            params: [result.response.slice(0, 500), row.id],
          },
          {
            actor: null,
            action: 'email.sent',
            outcome: 'success',
            subjectType: 'case',
            subjectId: input.caseId,
            details: {
              stepKey: input.stepKey,
              template: input.template,
              recipientUserId: row.recipient_user_id,
            },
          },
        );
        await this.db.systemStatement(marked.sql, marked.params);
        sent += 1;
      } catch (error) {
        const message = safeError(error);
        failures.push(message);
        await this.db.systemStatement(
          `update notification_outbox set attempts = attempts + 1, last_error = ? where id = ? and status = 'pending'`,
          [message, row.id],
        );
      }
    }
    if (failures.length > 0) {
      // Throwing makes Temporal retry with back-off; the rows already sent stay sent.
      throw new Error(
        `${failures.length} of ${prepared.rows.length} emails not sent for ${input.stepKey}: ${failures[0]}`,
      );
    }
    this.logger.log({ caseId: input.caseId, stepKey: input.stepKey, sent, alreadySent }, 'notice delivered');
    return { sent, alreadySent, recipients: prepared.rows.length, skipped: false };
  }

  /** Step 1 for notices of one case: its row read once, then each notice's recipients and outbox rows. */
  private async prepare(
    em: EntityManager,
    inputs: readonly SendNoticeInput[],
    step: StepOne,
  ): Promise<Prepared[]> {
    const caseId = inputs[0].caseId;
    const [c] = await em.execute<(CaseAddressing & { reference: string; type: CaseType })[]>(
      `select id as "caseId", type, reference, provider_id as "providerId", council_id as "councilId", team_id as "teamId",
              raised_by as "raisedBy", assignee_user_id as "assigneeUserId"
         from cases where id = ?`,
      [caseId],
    );
    if (!c) throw new Error(`case ${caseId} not found`);
    const prepared: Prepared[] = [];
    for (const input of inputs) prepared.push(await this.prepareOne(em, c, input, step));
    return prepared;
  }

  private async prepareOne(
    em: EntityManager,
    c: CaseAddressing & { reference: string; type: CaseType },
    input: SendNoticeInput,
    step: StepOne,
  ): Promise<Prepared> {
    let dueAt: Date | undefined;
    let audience: NoticeAudience = input.audience;
    if (input.clockId) {
      const clock =
        step.clocks.get(input.clockId) ?? (await this.clocks.forNotice(em, input.caseId, input.clockId));
      if (!clock) throw new Error(`clock ${input.clockId} not found`);
      dueAt = clock.dueAt;
      // The duty was met (on time, or late: the clock stays breached with `met_at` set) or cancelled before
      // this reminder could go: it no longer applies, even if the workflow has not heard of it yet.
      if (clock.state === 'met' || clock.state === 'cancelled' || clock.metAt !== null) {
        await em.execute(
          `update notification_outbox set status = 'cancelled' where workflow_id = ? and step_key = ? and status = 'pending'`,
          [input.workflowId, input.stepKey],
        );
        return {
          reference: c.reference,
          caseType: c.type,
          dueAt,
          audience: { role: 'assignee' },
          skipped: true,
          rows: [],
        };
      }
      // A provider's task (or a manager's) is held by them: its `assignee` rung reaches them, not the council team.
      if (
        audience.kind === 'role' &&
        audience.role === 'assignee' &&
        clock.holder &&
        clock.holder !== 'assignee'
      ) {
        audience = { kind: 'role', role: clock.holder };
      }
    }
    const recipients = await resolveRecipients(em, c, audience);
    const rows = await this.outboxRows(em, input, recipients);
    const role = audience.kind === 'role' ? audience.role : audience.kind;
    if (input.template === 'clock.escalation') {
      step.events.push({
        caseId: input.caseId,
        kind: 'clock.escalated',
        at: new Date(),
        stepKey: input.stepKey,
        details: { clock: input.clockName, rung: input.rung, role, recipients: recipients.length },
      });
    }
    return { reference: c.reference, caseType: c.type, dueAt, audience: { role }, skipped: false, rows };
  }

  /**
   * A notice's outbox rows, in one statement: one per recipient written if not there yet, with every row an
   * earlier attempt wrote (a retry sends only what is still pending, to whoever it was prepared for).
   */
  private async outboxRows(
    em: EntityManager,
    input: SendNoticeInput,
    recipients: readonly { userId: string }[],
  ): Promise<OutboxRow[]> {
    const existing = `select o.id, o.recipient_user_id, u.email, o.status, o.message_id
         from notification_outbox o join users u on u.id = o.recipient_user_id
        where o.workflow_id = ? and o.step_key = ?`;
    const readExisting = () =>
      em.execute<OutboxRow[]>(`${existing} order by email`, [input.workflowId, input.stepKey]);
    if (recipients.length === 0) return readExisting();
    // The outer select's snapshot predates the insert, so the two halves never hold the same row.
    const rows = await em.execute<OutboxRow[]>(
      `with written as (
         insert into notification_outbox (id, workflow_id, case_id, step_key, template, recipient_user_id, status,
           message_id, attempts, created_at)
         values ${recipients.map(() => "(?, ?, ?, ?, ?, ?, 'pending', ?, 0, now())").join(', ')}
         on conflict (workflow_id, step_key, recipient_user_id) do nothing
         returning id, recipient_user_id, status, message_id)
       select w.id, w.recipient_user_id, u.email, w.status, w.message_id
         from written w join users u on u.id = w.recipient_user_id
       union all ${existing}
       order by email`,
      [
        ...recipients.flatMap((r) => [
          randomUUID(),
          input.workflowId,
          input.caseId,
          input.stepKey,
          input.template,
          r.userId,
          messageIdFor(input.workflowId, input.stepKey, r.userId),
        ]),
        input.workflowId,
        input.stepKey,
      ],
    );
    // A recipient in neither half: another attempt of this notice wrote the row and committed after this
    // statement's snapshot was taken (the insert waited for it, then skipped it). Read again, afresh, so
    // that row is sent here if that attempt did not send it.
    const found = new Set(rows.map((r) => r.recipient_user_id));
    return recipients.every((r) => found.has(r.userId)) ? rows : readExisting();
  }
}
