/*
 * providerWatchWorkflow: the early-warning check one counted case asks for (issue 10, DOMAIN decision 8).
 * Workflow ID `provider-watch:<counted case uuid>`, started through the command outbox in the same
 * transaction that closed a complaint upheld, so the check is never lost. A case that counts when raised
 * runs the same activity in its own workflow (`watchProvider` in its input, ADR 0020); cases raised before
 * that had this workflow too. The activity counts the provider's cases under a per-provider lock and opens
 * at most one provider concern. Live patch IDs: none.
 */
import type { ProviderWatchInput, ProviderWatchResult } from '@vigil/contracts';
import { watch } from '../shared/activities';

export async function providerWatchWorkflow(input: ProviderWatchInput): Promise<ProviderWatchResult> {
  return watch.watchProvider(input);
}
