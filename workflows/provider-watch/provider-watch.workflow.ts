/*
 * providerWatchWorkflow: the early-warning check one counted case asks for (issue 10, DOMAIN decision 8).
 * Workflow ID `provider-watch:<counted case uuid>`, started through the command outbox in the same
 * transaction that raised the case (or closed a complaint upheld), so the check is never lost. The activity
 * counts the provider's cases under a per-provider lock and opens at most one provider concern. Live patch
 * IDs: none.
 */
import type { ProviderWatchInput, ProviderWatchResult } from '@vigil/contracts';
import { watch } from '../shared/activities';

export async function providerWatchWorkflow(input: ProviderWatchInput): Promise<ProviderWatchResult> {
  return watch.watchProvider(input);
}
