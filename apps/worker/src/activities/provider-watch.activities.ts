import { Injectable } from '@nestjs/common';
import type { ProviderWatchActivities, ProviderWatchInput, ProviderWatchResult } from '@vigil/contracts';
import { ProviderConcernsService } from '@vigil/cases';

/** The early-warning check (issue 10): counts a provider's cases and opens at most one provider concern. */
@Injectable()
export class ProviderWatchActivitiesImpl implements ProviderWatchActivities {
  constructor(private readonly providerConcerns: ProviderConcernsService) {}

  async watchProvider(input: ProviderWatchInput): Promise<ProviderWatchResult> {
    return this.providerConcerns.watch(input.caseId);
  }
}
