import { condition, patched } from '@temporalio/workflow';
import { Patches } from './patches';

/** How early the first wait ends, so the second starts from a fresh workflow task (promptEscalation). */
const FINAL_APPROACH_MS = 2_000;

/**
 * Waits until `done()` holds or the absolute instant `dueAt` (UTC ISO) passes, whichever is first.
 * Returns `done()` as it stands when the wait ends. The instant was computed once, outside the
 * workflow, and recorded in history: a replay never recomputes it. `condition(fn, 0)` would mean
 * "no timeout" in older SDKs, so a deadline already passed returns at once.
 *
 * One timer (Patches.singleTimer). Temporal starts a timer when the workflow task that set it completes,
 * and `Date.now()` is that task's start, so the timer fires late by the task's run time: tens of
 * milliseconds on a quiet worker, up to about a second at the benchmarks' intake rate. Runs from before
 * the patch first waited to 2 s short of the instant and then for the rest, which cost every wait a
 * workflow task (an escalation costs about a quarter less CPU without it) to save that lag (ADR 0022).
 */
export async function untilOrDue(done: () => boolean, dueAt: string): Promise<boolean> {
  if (done()) return true;
  const due = Date.parse(dueAt);
  const ms = due - Date.now();
  if (ms <= 0) return done();
  if (!patched(Patches.singleTimer) && patched(Patches.promptEscalation)) {
    if (ms > FINAL_APPROACH_MS && (await condition(done, ms - FINAL_APPROACH_MS))) return true;
    const left = due - Date.now();
    if (left > 0) await condition(done, left);
    return done();
  }
  await condition(done, ms);
  return done();
}
