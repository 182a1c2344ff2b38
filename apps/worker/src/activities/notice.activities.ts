import { Injectable } from '@nestjs/common';
import { ApplicationFailure, Context } from '@temporalio/activity';
import {
  ActivityFailureType,
  SendNoticeInputSchema,
  type NoticeActivities,
  type SendNoticeInput,
  type SendNoticeResult,
} from '@vigil/contracts';
import { NoticeService } from '@vigil/notifications';

/** Well inside the workflow's `heartbeatTimeout` for sends (workflows/shared/activities.ts). */
const HEARTBEAT_EVERY_MS = 3_000;

@Injectable()
export class NoticeActivitiesImpl implements NoticeActivities {
  constructor(private readonly notices: NoticeService) {}

  async sendNotice(input: SendNoticeInput): Promise<SendNoticeResult> {
    const parsed = SendNoticeInputSchema.safeParse(input);
    if (!parsed.success) {
      throw ApplicationFailure.create({
        type: ActivityFailureType.InvalidInput,
        nonRetryable: true,
        message: 'invalid notice input',
      });
    }
    // A live worker heartbeats every few seconds, even while an SMTP call is slow; a killed one stops, so
    // Temporal retries the send on another worker after the heartbeat timeout instead of the whole minute.
    const context = Context.current();
    context.heartbeat();
    const beat = setInterval(() => context.heartbeat(), HEARTBEAT_EVERY_MS);
    try {
      return await this.notices.send(parsed.data);
    } finally {
      clearInterval(beat);
    }
  }
}
