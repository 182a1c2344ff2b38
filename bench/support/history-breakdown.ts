import type { Client, WorkflowHandle } from '@temporalio/client';
import { tsToMs } from '@temporalio/common/lib/time';
import { ascending, fmt, forEachLimited, percentile } from './stats';

type History = Awaited<ReturnType<WorkflowHandle['fetchHistory']>>;
type HistoryEvent = NonNullable<History['events']>[number];
type Id = { toNumber(): number } | number | null | undefined;

const idOf = (id: Id): number => (typeof id === 'number' ? id : (id?.toNumber() ?? NaN));

/** When one clock's escalation went through each stage, from its workflow history (ms since epoch). */
export interface EscalationTimes {
  /** The last timer to fire before the escalation (a clock may wait in more than one stage). */
  timerFired: number;
  /** When the workflow task below was scheduled: later than the timer where an earlier one timed out. */
  workflowTaskScheduled: number;
  /** The workflow task that ran after it and scheduled the escalation (or ran it, when local). */
  workflowTaskStarted: number;
  /** Workflow tasks between the timer and the step that timed out (a sticky task not picked up in time). */
  workflowTaskTimeouts: number;
  /** The step ran as a local activity inside that task (Patches.localEscalation): scheduled = started = it. */
  local: boolean;
  noticeScheduled: number;
  noticeStarted: number;
  breachScheduled: number | null;
  breachStarted: number | null;
  breachCompleted: number | null;
}

function activity(events: HistoryEvent[], name: string, after: number) {
  const scheduled = events.find(
    (e) => idOf(e.eventId) > after && e.activityTaskScheduledEventAttributes?.activityType?.name === name,
  );
  const id = idOf(scheduled?.eventId);
  const started = events.find((e) => idOf(e.activityTaskStartedEventAttributes?.scheduledEventId) === id);
  const completed = events.find((e) => idOf(e.activityTaskCompletedEventAttributes?.scheduledEventId) === id);
  return { scheduled, started, completed };
}

const last = <T>(items: T[], pick: (item: T) => boolean): T | undefined => {
  for (let i = items.length - 1; i >= 0; i -= 1) if (pick(items[i])) return items[i];
  return undefined;
};

/** The activities that send an escalation rung: alone, or with its clock's breach (Patches.escalationStep). */
const RUNG_ACTIVITIES = new Set(['sendNotice', 'escalateClock']);

/**
 * The stages of the escalation (the last activity of the history that sent a rung: the concern's raise
 * notices come first); null if the history does not show them all. Since the prompt-escalation patch the
 * workflow schedules markClockBreached and the notice in the same task, so they are read side by side;
 * since the escalation-step patch both are one `escalateClock` activity (no separate breach figures).
 */
export function escalationTimes(events: HistoryEvent[]): EscalationTimes | null {
  // The step is the later of the last rung activity and the last local-activity marker (Patches.localEscalation).
  const step = last(
    events,
    (e) =>
      RUNG_ACTIVITIES.has(e.activityTaskScheduledEventAttributes?.activityType?.name ?? '') ||
      e.markerRecordedEventAttributes?.markerName === 'core_local_activity',
  );
  if (!step) return null;
  const stepId = idOf(step.eventId);
  const local = !step.activityTaskScheduledEventAttributes;
  const before = events.filter((e) => idOf(e.eventId) < stepId);
  const fired = last(before, (e) => !!e.timerFiredEventAttributes);
  const wft = last(before, (e) => !!e.workflowTaskStartedEventAttributes);
  const wftScheduled = before.find(
    (e) => idOf(e.eventId) === idOf(wft?.workflowTaskStartedEventAttributes?.scheduledEventId),
  );
  const timeouts = before.filter(
    (e) => idOf(e.eventId) > idOf(fired?.eventId) && !!e.workflowTaskTimedOutEventAttributes,
  ).length;
  const noticeStarted = local
    ? wft
    : events.find((e) => idOf(e.activityTaskStartedEventAttributes?.scheduledEventId) === stepId);
  if (!fired || !wft || !wftScheduled || !noticeStarted) return null;
  const breach = activity(events, 'markClockBreached', idOf(fired.eventId));
  const at = (e: HistoryEvent | undefined) => (e ? tsToMs(e.eventTime) : null);
  return {
    timerFired: tsToMs(fired.eventTime),
    workflowTaskScheduled: tsToMs(wftScheduled.eventTime),
    workflowTaskStarted: tsToMs(wft.eventTime),
    workflowTaskTimeouts: timeouts,
    local,
    noticeScheduled: tsToMs((local ? wft : step).eventTime),
    noticeStarted: tsToMs(noticeStarted.eventTime),
    breachScheduled: at(breach.scheduled),
    breachStarted: at(breach.started),
    breachCompleted: at(breach.completed),
  };
}

/**
 * Reads each workflow's history and prints where the lateness accrues: Temporal firing the timer, the
 * worker picking up the workflow task, the rung's activity (sendNotice, or escalateClock with the breach)
 * waiting for a worker slot and then running up to the email at the SMTP server, or running as a local
 * activity inside the task; markClockBreached, where it runs alongside, for reference.
 */
export async function printEscalationBreakdown(
  client: Client,
  cases: { workflowId: string; dueAt: number; emailAt: number | undefined }[],
): Promise<void> {
  const stages: Record<string, number[]> = {
    'clock due -> last timer fired (Temporal server)': [],
    'timer fired -> workflow task started (worker picks it up)': [],
    '  of which timer fired -> that task scheduled (after timeouts)': [],
    '  of which that task scheduled -> started (matching, polls)': [],
    'workflow task started -> rung activity scheduled (task run)': [],
    'rung activity scheduled -> started (waits for an activity slot)': [],
    'rung activity started -> email at SMTP server (activity run)': [],
    'markClockBreached scheduled -> started (alongside)': [],
    'markClockBreached started -> completed (alongside)': [],
  };
  const lists = Object.values(stages);
  let missing = 0;
  let local = 0;
  let timedOut = 0;
  await forEachLimited(cases.length, 8, async (i) => {
    const c = cases[i];
    const { events } = await client.workflow.getHandle(c.workflowId).fetchHistory();
    const t = escalationTimes(events ?? []);
    if (!t || c.emailAt === undefined) {
      missing += 1;
      return;
    }
    if (t.local) local += 1;
    if (t.workflowTaskTimeouts > 0) timedOut += 1;
    const values = [
      t.timerFired - c.dueAt,
      t.workflowTaskStarted - t.timerFired,
      t.workflowTaskScheduled - t.timerFired,
      t.workflowTaskStarted - t.workflowTaskScheduled,
      t.noticeScheduled - t.workflowTaskStarted,
      t.noticeStarted - t.noticeScheduled,
      c.emailAt - t.noticeStarted,
      t.breachStarted !== null && t.breachScheduled !== null ? t.breachStarted - t.breachScheduled : NaN,
      t.breachCompleted !== null && t.breachStarted !== null ? t.breachCompleted - t.breachStarted : NaN,
    ];
    lists.forEach((list, k) => {
      if (Number.isFinite(values[k])) list.push(values[k]);
    });
  });
  console.log(
    `where the time went, ms (from ${cases.length - missing} workflow histories; the step ran as a local ` +
      `activity inside the workflow task in ${local}, where its "scheduled" and "started" are the task's start; ` +
      `in ${timedOut} a workflow task timed out between the timer and the step, a sticky task waiting past ` +
      `its schedule-to-start timeout and scheduled again on the normal queue):`,
  );
  for (const [name, values] of Object.entries(stages)) {
    const sorted = ascending(values);
    const cell = (label: string, n: number) => `${label} ${fmt(n, 0).padStart(6)}`;
    const max = sorted[sorted.length - 1];
    console.log(
      `  ${name.padEnd(64)} ${cell('p50', percentile(sorted, 50))}  ` +
        `${cell('p99', percentile(sorted, 99))}  ${cell('max', max)}`,
    );
  }
}
