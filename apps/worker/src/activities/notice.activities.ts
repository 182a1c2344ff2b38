import { Injectable } from '@nestjs/common';
import { ApplicationFailure, Context } from '@temporalio/activity';
import {
  ActivityFailureType,
  EscalateClockInputSchema,
  SendNoticeInputSchema,
  SendNoticesInputSchema,
  type ClockBreachResult,
  type EscalateClockInput,
  type EscalateClockResult,
  type EscalationActivities,
  type NoticeActivities,
  type SendNoticeInput,
  type SendNoticeResult,
  type SendNoticesInput,
  type SendNoticesResult,
} from '@vigil/contracts';
import { NoticeService } from '@vigil/notifications';
import { CaseRecordActivitiesImpl } from './case-record.activities';
import type { z } from 'zod';

/** Well inside the workflow's `heartbeatTimeout` for sends (workflows/shared/activities.ts). */
const HEARTBEAT_EVERY_MS = 3_000;

/**
 * A local run (Patches.localEscalation) starts no send after this long: it holds its case's workflow task, so
 * slow mail hands the rest to the retried activity instead (workflows/shared/activities.ts).
 */
export const LOCAL_SEND_BUDGET_MS = 5_000;

/** For a local run, the instant after which it starts no send; none for an activity, which is retried. */
function localBudget(): number | undefined {
  return Context.current().info.isLocal ? Date.now() + LOCAL_SEND_BUDGET_MS : undefined;
}

function parse<T>(schema: z.ZodType<T>, input: unknown): T {
  const parsed = schema.safeParse(input);
  if (!parsed.success) {
    throw ApplicationFailure.create({
      type: ActivityFailureType.InvalidInput,
      nonRetryable: true,
      message: 'invalid notice input',
    });
  }
  return parsed.data;
}

/**
 * A live worker heartbeats every few seconds, even while an SMTP call is slow; a killed one stops, so
 * Temporal retries the send on another worker after the heartbeat timeout instead of the whole minute.
 * The heartbeat timeout counts from the activity's start, so no beat is sent at the start: a send that
 * finishes within the first interval (nearly all) costs the server no heartbeat at all.
 */
async function heartbeating<T>(work: () => Promise<T>): Promise<T> {
  const context = Context.current();
  // A local activity cannot heartbeat: it lives and dies with the workflow task that runs it.
  if (context.info.isLocal) return work();
  const beat = setInterval(() => context.heartbeat(), HEARTBEAT_EVERY_MS);
  try {
    return await work();
  } finally {
    clearInterval(beat);
  }
}

@Injectable()
export class NoticeActivitiesImpl implements NoticeActivities, EscalationActivities {
  constructor(
    private readonly notices: NoticeService,
    private readonly records: CaseRecordActivitiesImpl,
  ) {}

  /** One notice; run locally (a later rung, Patches.localRungs) it starts no send after the local budget. */
  async sendNotice(input: SendNoticeInput): Promise<SendNoticeResult> {
    const notice = parse(SendNoticeInputSchema, input);
    return heartbeating(() => this.notices.send(notice, localBudget()));
  }

  /**
   * Each notice in turn (their recipients and outbox rows prepared in one transaction), every one tried even
   * when an earlier one fails; then a failure (if any) makes Temporal retry the batch, whose notices already
   * sent are found SENT in the outbox and not sent again.
   */
  async sendNotices(input: SendNoticesInput): Promise<SendNoticesResult> {
    const { workflowId, caseId, notices } = parse(SendNoticesInputSchema, input);
    return heartbeating(async () => ({ results: await this.notices.sendMany(workflowId, caseId, notices) }));
  }

  /**
   * A clock falling due: its breach recorded in the same transaction that prepares the rungs' notices, then
   * the emails. A retry (SMTP down) finds the clock already breached and the rows already written, and sends
   * only what is pending; the breach is committed before the first email is tried, so an outage never
   * delays it. A clock met before it fell due stays met, and its rungs are skipped.
   */
  async escalateClock(input: EscalateClockInput): Promise<EscalateClockResult> {
    const { workflowId, caseId, breach, notices } = parse(EscalateClockInputSchema, input);
    const sendBefore = localBudget();
    return heartbeating(async () => {
      let state: ClockBreachResult | undefined;
      const results = await this.notices.sendMany(
        workflowId,
        caseId,
        notices,
        async (em, step) => {
          state = await this.records.breach(em, { caseId, ...breach }, step);
        },
        sendBefore,
      );
      if (!state) throw new Error('the breach was not recorded');
      return { breach: state, notices: results };
    });
  }
}
