/**
 * Live patch IDs (HOUSE_STYLE 3.1). Each guards a change to the commands a running workflow issues;
 * histories recorded before it keep replaying the old path. Remove a patch only after deprecatePatch and
 * once no run from before it can still be open.
 */
export const Patches = {
  /**
   * Timers wait to just before their instant and then for what is left (a workflow's clock is the start
   * of its task, so one long timer fired late by the length of the task that set it), and a clock's breach
   * record no longer delays the first escalation rung due at the same moment. The two-stage wait was undone
   * by singleTimer. Measured by
   * `npm run bench:timers` (docs/benchmarks.md).
   */
  promptEscalation: '2026-11-prompt-escalation',
  /**
   * The concern runs on the shared case runner (workflows/shared/case-runner.ts): clocks start and stop by
   * `caseUpdated` signals, the raise notices come from the input, and the workflow ends once the concern is
   * closed and its clocks have stopped. Runs started before it keep the code in concern.legacy.ts.
   */
  caseEngine: '2026-12-case-engine',
  /**
   * Several notices that become due together (a case's opening notices, a signal's) go in one
   * `sendNotices` activity instead of one `sendNotice` each: a third of the activity tasks at intake
   * (docs/benchmarks.md, issue 12). Escalation rungs, one notice each, are unchanged.
   */
  batchedNotices: '2026-12-batched-notices',
  /**
   * A clock's breach record and the rungs due at the same instant (every shipped ladder's first rung) go in
   * one `escalateClock` activity instead of `markClockBreached` and one `sendNotice` per rung: one activity
   * task where there were two to four, and the breach and the rungs' outbox rows in one transaction. It did
   * not measurably cut CPU per escalation (docs/benchmarks.md, issue 12).
   */
  escalationStep: '2026-12-escalation-step',
  /**
   * A deadline is one timer again: the two-stage wait of promptEscalation (to 2 s short of the instant, then
   * the rest) cost each wait a workflow task, about a quarter of an escalation's CPU in the benchmarks, to
   * correct a lateness of about a second at most (workflows/shared/deadline.ts, docs/benchmarks.md, issue 12,
   * ADR 0022). Its other change, the breach not delaying the first rung, stays.
   */
  singleTimer: '2026-12-single-timer',
  /**
   * A clock's escalation step (escalateClock) runs first as a local activity, inside the workflow task the
   * due instant woke, and only on failure as an activity retried until sent: an escalation is one workflow
   * task instead of two and no activity task (workflows/shared/case-runner.ts, ADR 0023, issue 12).
   */
  localEscalation: '2026-12-local-escalation',
  /**
   * A later rung of a ladder (the team manager's, the head of service's), alone at its instant, is sent the
   * same way: first as a local `sendNotice` inside the workflow task the instant woke, then, on failure, as
   * the retried activity. Working-day ladders put later rungs at the end of a working day too, in the same
   * burst as that day's deadlines (workflows/shared/case-runner.ts, ADR 0023).
   */
  localRungs: '2026-12-local-rungs',
} as const;
