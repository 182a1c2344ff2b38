import { isCancellation, log, proxyActivities, proxyLocalActivities } from '@temporalio/workflow';
import type { AllActivities, ProviderWatchActivities } from '@vigil/contracts';

/* The retry presets every case workflow uses: one proxy per timeout profile (HOUSE_STYLE 3.2). */

/** PostgreSQL writes: short retries. */
export const records = proxyActivities<Pick<AllActivities, 'markClockBreached'>>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '30 seconds' },
});

/** The early-warning check: PostgreSQL only, retried until it has run (it is safe to repeat). */
export const watch = proxyActivities<ProviderWatchActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

/**
 * SMTP: retried until it is sent, however long an outage lasts (at most ten minutes apart), so mail is
 * delayed but never lost. The outbox keeps each attempt's error for operators. `escalateClock` is here too:
 * its breach record commits before its first email is tried, so an outage delays only the emails.
 */
export const notices = proxyActivities<Pick<AllActivities, 'sendNotice' | 'sendNotices' | 'escalateClock'>>({
  startToCloseTimeout: '1 minute',
  // The activity heartbeats every 3 s while it runs: a killed worker's send is retried after 10 s, not 1 min.
  heartbeatTimeout: '10 seconds',
  retry: { initialInterval: '2 seconds', backoffCoefficient: 2, maximumInterval: '10 minutes' },
});

/**
 * `escalateClock` tried first inside the workflow task that the due instant wakes (Patches.localEscalation),
 * and a later rung's `sendNotice` inside the task its instant wakes (Patches.localRungs):
 * one attempt, no activity task on the server and no second workflow task, the most of an escalation's cost.
 * Any failure (SMTP down, a send that would outlast the local budget) hands the step to `notices`, which
 * retries until it is sent: a local activity retried in place would hold the case's workflow task, and
 * its other clocks, while mail is down. The timeout is above the longest the local run can take (its
 * budget, then one send bounded by the mail driver's own timeouts), so a fallback never starts while the
 * local run is still sending.
 */
export const localNotices = proxyLocalActivities<Pick<AllActivities, 'escalateClock' | 'sendNotice'>>({
  startToCloseTimeout: '2 minutes',
  retry: { maximumAttempts: 1 },
});

/**
 * A step tried once as a local activity, then, on any failure but cancellation, handed to the retried
 * activity: the local run's own rows are committed or rolled back before it ends, so the activity finds
 * them and sends only what is still pending (Patches.localEscalation, Patches.localRungs).
 */
export async function localFirst<T>(
  local: () => Promise<T>,
  fallback: () => Promise<T>,
  context: { caseId: string; stepKey: string },
): Promise<T> {
  try {
    return await local();
  } catch (error) {
    if (isCancellation(error)) throw error;
    log.warn('step handed to a retried activity', context);
    return fallback();
  }
}
