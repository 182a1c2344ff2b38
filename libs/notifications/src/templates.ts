import type { ClockKey, NoticeTemplate } from '@vigil/contracts';

/**
 * Email templates. They can only see these fields: a reference, a link, a due instant and labels
 * derived from enums. No template can reach a name, a summary or any narrative (DOMAIN §7).
 */
export interface TemplateData {
  reference: string;
  caseUrl: string;
  dueAt?: Date;
  roleName?: string;
  clockName?: ClockKey;
}

export interface RenderedEmail {
  subject: string;
  text: string;
}

const londonDateTime = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  hour: 'numeric',
  minute: '2-digit',
  hour12: true,
});

/** "4 March 2026, 2:15pm" in Europe/London (GOV.UK style). */
export function formatLondon(at: Date): string {
  const parts = Object.fromEntries(londonDateTime.formatToParts(at).map((p) => [p.type, p.value]));
  return `${parts.day} ${parts.month} ${parts.year}, ${parts.hour}:${parts.minute}${String(parts.dayPeriod).toLowerCase()}`;
}

const ClockLabels: Partial<Record<ClockKey, string>> = {
  'concern.triage': 'triage decision',
  'concern.urgent_triage': 'urgent triage decision (immediate risk)',
};

export function clockLabel(name: ClockKey | undefined): string {
  return (name && ClockLabels[name]) ?? (name ? name.replace(/[._]/g, ' ') : 'deadline');
}

const footer = (d: TemplateData) =>
  `\n\nOpen the case: ${d.caseUrl}\n\nThis message has no personal details by design. Sign in to Vigil to see the case.\n`;

const due = (d: TemplateData) => (d.dueAt ? formatLondon(d.dueAt) : 'the due time');

export const Templates: Record<NoticeTemplate, (d: TemplateData) => RenderedEmail> = {
  'concern.raised.council': (d) => ({
    subject: `[Vigil] New safeguarding concern ${d.reference} awaiting triage`,
    text: `A new safeguarding concern, ${d.reference}, is awaiting a triage decision.\nThe decision is due by ${due(d)}.${footer(d)}`,
  }),
  'concern.raised.raiser': (d) => ({
    subject: `[Vigil] Concern ${d.reference} received`,
    text: `The council has received safeguarding concern ${d.reference}.\nIts triage decision is due by ${due(d)}. You will be told when it is made.${footer(d)}`,
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
  'clock.escalation': (d) => ({
    subject: `[Vigil] Overdue: ${clockLabel(d.clockName)} for ${d.reference}`,
    text:
      `The ${clockLabel(d.clockName)} for case ${d.reference} was due by ${due(d)} and has not been recorded.\n` +
      `You are receiving this as ${d.roleName ?? 'a member of the team'}.${footer(d)}`,
  }),
};

export function renderEmail(template: NoticeTemplate, data: TemplateData): RenderedEmail {
  return Templates[template](data);
}
