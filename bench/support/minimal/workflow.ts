/**
 * The minimal equivalent program's workflow (bench:intake): in its first workflow task it sets one
 * timer, weeks away like a case's clocks, and runs one activity that writes one row; then it waits.
 */
import { proxyActivities, sleep } from '@temporalio/workflow';

export interface MinimalActivities {
  recordCase(caseId: string): Promise<void>;
}

const { recordCase } = proxyActivities<MinimalActivities>({ startToCloseTimeout: '1 minute' });

export async function minimalCase(caseId: string): Promise<void> {
  const clock = sleep('21 days');
  await recordCase(caseId);
  await clock;
}
