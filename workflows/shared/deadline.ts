import { condition, patched } from '@temporalio/workflow';
import { Patches } from './patches';

/** How early the first wait ends, so the second starts from a fresh workflow task. */
const FINAL_APPROACH_MS = 2_000;

/**
 * Waits until `done()` holds or the absolute instant `dueAt` (UTC ISO) passes, whichever is first.
 * Returns `done()` as it stands when the wait ends. The instant was computed once, outside the
 * workflow, and recorded in history: a replay never recomputes it. `condition(fn, 0)` would mean
 * "no timeout" in older SDKs, so a deadline already passed returns at once.
 */
export async function untilOrDue(done: () => boolean, dueAt: string): Promise<boolean> {
  if (done()) return true;
  const due = Date.parse(dueAt);
  const ms = due - Date.now();
  if (ms <= 0) return done();
  if (patched(Patches.promptEscalation)) {
    // Date.now() is when this workflow task started, and a timer starts when the task completes: stop
    // short of the instant, then wait for what is left as measured by the next (short) task.
    if (ms > FINAL_APPROACH_MS && (await condition(done, ms - FINAL_APPROACH_MS))) return true;
    const left = due - Date.now();
    if (left > 0) await condition(done, left);
    return done();
  }
  await condition(done, ms);
  return done();
}
