import { Injectable } from '@nestjs/common';
import { ApplicationFailure } from '@temporalio/activity';
import {
  ActivityFailureType,
  SendNoticeInputSchema,
  type NoticeActivities,
  type SendNoticeInput,
  type SendNoticeResult,
} from '@vigil/contracts';
import { NoticeService } from '@vigil/notifications';

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
    return this.notices.send(parsed.data);
  }
}
