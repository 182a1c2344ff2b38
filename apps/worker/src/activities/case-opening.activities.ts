import { Injectable } from '@nestjs/common';
import {
  OpenCaseInputSchema,
  type CaseOpeningActivities,
  type OpenCaseInput,
  type OpenCaseResult,
  type ProviderWatchResult,
  type SendNoticeResult,
} from '@vigil/contracts';
import { NoticeService } from '@vigil/notifications';
import { heartbeating, parseActivityInput } from './notice.activities';
import { ProviderWatchActivitiesImpl } from './provider-watch.activities';

/**
 * A counted case's opening steps (ADR 0020): its notices (prepared together, each email once), then the
 * early-warning check. Both are tried even when the first fails; then the first failure makes Temporal retry
 * the activity, which finds the emails already SENT and the check already done (it links instead of opening).
 */
@Injectable()
export class CaseOpeningActivitiesImpl implements CaseOpeningActivities {
  constructor(
    private readonly notices: NoticeService,
    private readonly watch: ProviderWatchActivitiesImpl,
  ) {}

  async openCase(input: OpenCaseInput): Promise<OpenCaseResult> {
    const { workflowId, caseId, notices, watchProvider } = parseActivityInput(OpenCaseInputSchema, input);
    return heartbeating(async () => {
      let failure: unknown = null;
      let sent: SendNoticeResult[] = [];
      let watch: ProviderWatchResult | null = null;
      try {
        if (notices.length > 0) sent = await this.notices.sendMany(workflowId, caseId, notices);
      } catch (error) {
        failure = error;
      }
      try {
        if (watchProvider) watch = await this.watch.watchProvider({ caseId });
      } catch (error) {
        failure ??= error;
      }
      if (failure !== null) throw failure;
      return { notices: sent, watch };
    });
  }
}
