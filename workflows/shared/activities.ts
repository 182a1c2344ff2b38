import { proxyActivities } from '@temporalio/workflow';
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
