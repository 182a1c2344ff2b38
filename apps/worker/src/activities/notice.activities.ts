import { Injectable } from '@nestjs/common';
import { ApplicationFailure, Context } from '@temporalio/activity';
import {
  ActivityFailureType,
  SendNoticeInputSchema,
  SendNoticesInputSchema,
  type NoticeActivities,
  type SendNoticeInput,
  type SendNoticeResult,
  type SendNoticesInput,
  type SendNoticesResult,
} from '@vigil/contracts';
import { NoticeService } from '@vigil/notifications';
import type { z } from 'zod';

/** Well inside the workflow's `heartbeatTimeout` for sends (workflows/shared/activities.ts). */
const HEARTBEAT_EVERY_MS = 3_000;

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
 */
async function heartbeating<T>(work: () => Promise<T>): Promise<T> {
  const context = Context.current();
  context.heartbeat();
  const beat = setInterval(() => context.heartbeat(), HEARTBEAT_EVERY_MS);
  try {
    return await work();
  } finally {
    clearInterval(beat);
  }
}

@Injectable()
export class NoticeActivitiesImpl implements NoticeActivities {
  constructor(private readonly notices: NoticeService) {}

  async sendNotice(input: SendNoticeInput): Promise<SendNoticeResult> {
    const notice = parse(SendNoticeInputSchema, input);
    return heartbeating(() => this.notices.send(notice));
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
}
