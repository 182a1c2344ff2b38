import type { CaseStatus, CaseType, ClockKey, NoticeTemplate, TaskType } from '@vigil/contracts';
import { CaseTypeLabels, clockLabel, londonDateTime, statusLabel, TaskLabels } from '@vigil/domain';

/**
 * Email templates. They can only see these fields: a reference, a link, a due instant and labels derived
 * from enums (the same words and London-time format the pages use). No template can reach a name, a
 * summary or any narrative (DOMAIN §7).
 */
export interface TemplateData {
  reference: string;
  caseUrl: string;
  dueAt?: Date;
  roleName?: string;
  clockName?: ClockKey;
  caseType?: CaseType;
  taskType?: TaskType;
  status?: CaseStatus;
}

export interface RenderedEmail {
  subject: string;
  text: string;
}

/** "4 March 2026, 2:15pm" in Europe/London (GOV.UK style), as on the pages. */
export const formatLondon = (at: Date): string => londonDateTime(at);

/** "Triage decision" → "triage decision"; an initialism ("LADO referral", "DBS …") keeps its capitals. */
const lowerFirst = (text: string): string =>
  /^[A-Z][A-Z]/.test(text) ? text : text.charAt(0).toLowerCase() + text.slice(1);

const footer = (d: TemplateData) =>
  `\n\nOpen the case: ${d.caseUrl}\n\nThis message has no personal details by design. Sign in to Vigil to see the case.\n`;

const due = (d: TemplateData) => (d.dueAt ? formatLondon(d.dueAt) : 'the due time');
const caseKind = (d: TemplateData) => lowerFirst(CaseTypeLabels[d.caseType ?? ''] ?? 'case');
/** "a safeguarding concern", "an allegation against staff". */
const aCaseKind = (d: TemplateData) => `${/^[aeiou]/.test(caseKind(d)) ? 'An' : 'A'} ${caseKind(d)}`;
const taskName = (d: TemplateData) => lowerFirst(TaskLabels[d.taskType ?? ''] ?? 'task');

export const Templates: Record<NoticeTemplate, (d: TemplateData) => RenderedEmail> = {
  'concern.raised.council': (d) => ({
    subject: `[Vigil] New safeguarding concern ${d.reference} awaiting triage`,
    text: `A new safeguarding concern, ${d.reference}, is awaiting a triage decision.\nThe decision is due by ${due(d)}.${footer(d)}`,
  }),
  'concern.raised.raiser': (d) => ({
    subject: `[Vigil] Concern ${d.reference} received`,
    text: `The council has received safeguarding concern ${d.reference}.\nIts triage decision is due by ${due(d)}. You will be told when it is made.${footer(d)}`,
  }),
  'concern.raised.commissioner': (d) => ({
    subject: `[Vigil] Safeguarding concern ${d.reference} raised about a provider you commission`,
    text:
      `A safeguarding concern, ${d.reference}, has been raised about a provider you commission.\n` +
      `You can see it without the adult's identity; showing their details needs a reason and is recorded.${footer(d)}`,
  }),
  'concern.decided.raiser': (d) => ({
    subject: `[Vigil] Triage decision recorded for ${d.reference}`,
    text: `The council has recorded its triage decision on safeguarding concern ${d.reference}.${footer(d)}`,
  }),
  'case.break_glass': (d) => ({
    subject: `[Vigil] Emergency access used on ${d.reference}`,
    text:
      `Someone you manage used emergency (break-glass) access to case ${d.reference}, outside their usual scope.\n` +
      `The access lasts until ${due(d)}. Their reason is recorded on the case and in its audit trail.${footer(d)}`,
  }),
  'case.break_glass.other_council': (d) => ({
    subject: `[Vigil] Another council used emergency access on your case ${d.reference}`,
    text:
      `A manager at another council used emergency (break-glass) access to your council's case ${d.reference}.\n` +
      `The access lasts until ${due(d)}. Their reason is recorded on the case and in its audit trail.${footer(d)}`,
  }),
  'clock.escalation': (d) => ({
    subject: `[Vigil] Overdue: ${lowerFirst(clockLabel(d.clockName))} for ${d.reference}`,
    text:
      `The ${lowerFirst(clockLabel(d.clockName))} for case ${d.reference} was due by ${due(d)} and has not been recorded.\n` +
      `You are receiving this as ${d.roleName ?? 'a member of the team'}.${footer(d)}`,
  }),
  'case.opened': (d) => ({
    subject: `[Vigil] New ${caseKind(d)} ${d.reference}`,
    text:
      `${aCaseKind(d)}, ${d.reference}, has been opened.` +
      (d.dueAt ? `\nIts first step is due by ${due(d)}.` : '') +
      `\nYou are receiving this as ${d.roleName ?? 'a member of the team'}.${footer(d)}`,
  }),
  'case.status_changed': (d) => ({
    subject: `[Vigil] ${d.reference}: ${lowerFirst(statusLabel(d.caseType ?? '', d.status ?? ''))}`,
    text:
      `The ${caseKind(d)} ${d.reference} is now: ${lowerFirst(statusLabel(d.caseType ?? '', d.status ?? ''))}.` +
      `\nYou are receiving this as ${d.roleName ?? 'a member of the team'}.${footer(d)}`,
  }),
  'case.updated': (d) => ({
    subject: `[Vigil] Update on ${d.reference}`,
    text:
      `There is an update on the ${caseKind(d)} ${d.reference}: the case shows what changed.` +
      `\nYou are receiving this as ${d.roleName ?? 'a member of the team'}.${footer(d)}`,
  }),
  'task.assigned': (d) => ({
    subject: `[Vigil] Action needed on ${d.reference}: ${taskName(d)}`,
    text:
      `You are asked to ${taskName(d)} on ${caseKind(d)} ${d.reference}` +
      (d.dueAt ? `, by ${due(d)}.` : '.') +
      `\nYou are receiving this as ${d.roleName ?? 'a member of the team'}.${footer(d)}`,
  }),
  'case.assigned': (d) => ({
    subject: `[Vigil] ${d.reference} assigned to you`,
    text:
      `${aCaseKind(d)}, ${d.reference}, has been assigned to you.\n` +
      `Its open tasks are in your work queue, and its reminders now come to you.${footer(d)}`,
  }),
  'task.returned': (d) => ({
    subject: `[Vigil] Returned on ${d.reference}: ${taskName(d)}`,
    text:
      `The council has returned this step on ${caseKind(d)} ${d.reference}: ${taskName(d)}.` +
      (d.dueAt ? `\nIt is now due by ${due(d)}.` : '') +
      ` The reason is on the case.${footer(d)}`,
  }),
};

export function renderEmail(template: NoticeTemplate, data: TemplateData): RenderedEmail {
  return Templates[template](data);
}
