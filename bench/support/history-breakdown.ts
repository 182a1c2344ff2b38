import type { Client, WorkflowHandle } from '@temporalio/client';
import { tsToMs } from '@temporalio/common/lib/time';
import { ascending, fmt, forEachLimited, percentile } from './stats';

type History = Awaited<ReturnType<WorkflowHandle['fetchHistory']>>;
type HistoryEvent = NonNullable<History['events']>[number];
type Id = { toNumber(): number } | number | null | undefined;

const idOf = (id: Id): number => (typeof id === 'number' ? id : (id?.toNumber() ?? NaN));

/** When one clock's escalation went through each stage, from its workflow history (ms since epoch). */
export interface EscalationTimes {
  /** The timer's duration, computed in the workflow as dueAt - Date.now(). */
  timerDuration: number;
  /** When the workflow task that started the timer began (WorkflowTaskStarted event). */
  timerTaskStarted: number;
  /** When that task completed and the timer was recorded (TimerStarted event). */
  timerStarted: number;
  timerFired: number;
  workflowTaskStarted: number;
  breachStarted: number;
  breachCompleted: number;
  noticeStarted: number;
}

function activity(events: HistoryEvent[], name: string, after: number) {
  const scheduled = events.find(
    (e) => idOf(e.eventId) > after && e.activityTaskScheduledEventAttributes?.activityType?.name === name,
  );
  const id = idOf(scheduled?.eventId);
  const started = events.find((e) => idOf(e.activityTaskStartedEventAttributes?.scheduledEventId) === id);
  const completed = events.find((e) => idOf(e.activityTaskCompletedEventAttributes?.scheduledEventId) === id);
  return { started, completed };
}

/** The stages of the first timer's escalation; null if the history does not (yet) show them all. */
export function escalationTimes(events: HistoryEvent[]): EscalationTimes | null {
  const fired = events.find((e) => e.timerFiredEventAttributes);
  if (!fired) return null;
  const firedId = idOf(fired.eventId);
  const timerId = fired.timerFiredEventAttributes?.startedEventId;
  const byId = (id: Id) => events.find((e) => idOf(e.eventId) === idOf(id));
  const timerEvent = byId(timerId);
  const started = timerEvent?.timerStartedEventAttributes;
  const task = byId(
    byId(started?.workflowTaskCompletedEventId)?.workflowTaskCompletedEventAttributes?.startedEventId,
  );
  const wft = events.find((e) => idOf(e.eventId) > firedId && e.workflowTaskStartedEventAttributes);
  const breach = activity(events, 'markClockBreached', firedId);
  const notice = activity(events, 'sendNotice', idOf(breach.completed?.eventId));
  if (!started || !task || !wft || !breach.started || !breach.completed || !notice.started) return null;
  return {
    timerDuration: tsToMs(started.startToFireTimeout),
    timerTaskStarted: tsToMs(task.eventTime),
    timerStarted: tsToMs(timerEvent.eventTime),
    timerFired: tsToMs(fired.eventTime),
    workflowTaskStarted: tsToMs(wft.eventTime),
    breachStarted: tsToMs(breach.started.eventTime),
    breachCompleted: tsToMs(breach.completed.eventTime),
    noticeStarted: tsToMs(notice.started.eventTime),
  };
}

/**
 * Reads each workflow's history and prints where the lateness accrues: Temporal firing the timer,
 * the worker picking up the workflow task, the markClockBreached activity that the ladder awaits
 * before the rung, and the sendNotice activity up to the email at the SMTP server.
 */
export async function printEscalationBreakdown(
  client: Client,
  cases: { workflowId: string; dueAt: number; emailAt: number | undefined }[],
): Promise<void> {
  const stages: Record<string, number[]> = {
    // The workflow sets the timer to dueAt - Date.now(), its clock being the task's start; the server
    // starts it when the task completes, so the task's run time moves the firing later.
    "timer late by the workflow's clock lag (task start - Date.now())": [],
    'timer late by the run time of the task that set it': [],
    'timer due -> fired (Temporal server)': [],
    'timer fired -> workflow task started (worker picks it up)': [],
    'workflow task started -> markClockBreached started': [],
    'markClockBreached started -> completed (PostgreSQL)': [],
    'markClockBreached completed -> sendNotice started': [],
    'sendNotice started -> email at SMTP server': [],
  };
  const lists = Object.values(stages);
  let missing = 0;
  await forEachLimited(cases.length, 8, async (i) => {
    const c = cases[i];
    const { events } = await client.workflow.getHandle(c.workflowId).fetchHistory();
    const t = escalationTimes(events ?? []);
    if (!t || c.emailAt === undefined) {
      missing += 1;
      return;
    }
    const workflowNow = c.dueAt - t.timerDuration;
    const at = [
      c.dueAt,
      c.dueAt + (t.timerTaskStarted - workflowNow),
      c.dueAt + (t.timerStarted - workflowNow),
      t.timerFired,
      t.workflowTaskStarted,
      t.breachStarted,
      t.breachCompleted,
      t.noticeStarted,
      c.emailAt,
    ];
    lists.forEach((list, k) => list.push(at[k + 1] - at[k]));
  });
  console.log(`where the time went, ms (from ${cases.length - missing} workflow histories):`);
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
