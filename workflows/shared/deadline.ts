import { condition } from '@temporalio/workflow';

/**
 * Waits until `done()` holds or the absolute instant `dueAt` (UTC ISO) passes, whichever is first.
 * Returns `done()` as it stands when the wait ends. The instant was computed once, outside the
 * workflow, and recorded in history: a replay never recomputes it. `condition(fn, 0)` would mean
 * "no timeout" in older SDKs, so a deadline already passed returns at once.
 */
export async function untilOrDue(done: () => boolean, dueAt: string): Promise<boolean> {
  if (done()) return true;
  const ms = Date.parse(dueAt) - Date.now();
  if (ms <= 0) return done();
  await condition(done, ms);
  return done();
}
