/*
 * Dates on pages are shown in Europe/London, the way GOV.UK writes them: "4 March 2026, 2:15pm",
 * "5pm", "midday", "midnight". Instants stay ISO-8601 in `<time datetime>` attributes.
 */

const LONDON = 'Europe/London';

const dateTimeParts = new Intl.DateTimeFormat('en-GB', {
  timeZone: LONDON,
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  hour: 'numeric',
  minute: '2-digit',
  hourCycle: 'h23',
});

const dayParts = new Intl.DateTimeFormat('en-GB', {
  timeZone: LONDON,
  day: '2-digit',
  month: '2-digit',
  year: 'numeric',
});

const toDate = (value: string | Date): Date => (value instanceof Date ? value : new Date(value));

function partsOf(value: string | Date): Record<string, string> {
  return Object.fromEntries(
    dateTimeParts
      .formatToParts(toDate(value))
      .filter((p) => p.type !== 'literal')
      .map((p) => [p.type, p.value]),
  );
}

/** "2:15pm", "5pm", "midday", "midnight" (GOV.UK style), London time. */
export function londonTime(value: string | Date): string {
  const p = partsOf(value);
  const hour = Number(p.hour) % 24;
  const minute = Number(p.minute);
  if (minute === 0 && hour === 0) return 'midnight';
  if (minute === 0 && hour === 12) return 'midday';
  const h12 = hour % 12 === 0 ? 12 : hour % 12;
  const suffix = hour < 12 ? 'am' : 'pm';
  return minute === 0 ? `${h12}${suffix}` : `${h12}:${String(minute).padStart(2, '0')}${suffix}`;
}

/** "4 March 2026", London date. */
export function londonDate(value: string | Date): string {
  const p = partsOf(value);
  return `${Number(p.day)} ${p.month} ${p.year}`;
}

/** "4 March 2026, 2:15pm", London time. */
export function londonDateTime(value: string | Date): string {
  return `${londonDate(value)}, ${londonTime(value)}`;
}

/** Days since the epoch of the London calendar day an instant falls on. */
function londonDayNumber(value: Date): number {
  const p = Object.fromEntries(
    dayParts
      .formatToParts(value)
      .filter((x) => x.type !== 'literal')
      .map((x) => [x.type, Number(x.value)]),
  );
  return Math.floor(Date.UTC(p.year, p.month - 1, p.day) / 86_400_000);
}

export type DueState = 'overdue' | 'today' | 'upcoming';

const plural = (n: number, unit: string): string => `${n} ${unit}${n === 1 ? '' : 's'}`;

/**
 * How a deadline stands, in words (text carries the state; colour only supports it): "Overdue by 3 hours",
 * "Due today", "Due tomorrow", "Due in 2 days".
 */
export function dueText(dueAt: string | Date, now: Date): { text: string; state: DueState } {
  const due = toDate(dueAt);
  const late = now.getTime() - due.getTime();
  if (late > 0) {
    const minutes = Math.max(1, Math.floor(late / 60_000));
    if (minutes < 60) return { text: `Overdue by ${plural(minutes, 'minute')}`, state: 'overdue' };
    const hours = Math.floor(minutes / 60);
    if (hours < 24) return { text: `Overdue by ${plural(hours, 'hour')}`, state: 'overdue' };
    return { text: `Overdue by ${plural(Math.floor(hours / 24), 'day')}`, state: 'overdue' };
  }
  const days = londonDayNumber(due) - londonDayNumber(now);
  if (days <= 0) return { text: 'Due today', state: 'today' };
  if (days === 1) return { text: 'Due tomorrow', state: 'upcoming' };
  return { text: `Due in ${days} days`, state: 'upcoming' };
}
