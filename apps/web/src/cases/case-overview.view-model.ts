import type { CaseView, Principal } from '@vigil/contracts';
import { ConcernTransitions, roleMay } from '@vigil/domain';
import { type FormErrors, NoErrors } from '../common/forms';
import {
  CategoryLabels,
  ClockLabels,
  ConsentLabels,
  DecisionLabels,
  label,
  roleLabel,
  TaskLabels,
} from '../common/labels';
import { dueText, londonDate, londonDateTime, type DueState } from '../common/london-time';
import type { Flash } from '../security/session';
import { clockStateTag, concernStatusTag, type Tag } from './concern-status';

export interface SummaryRow {
  key: { text: string };
  value: { text: string; classes?: string };
}

export interface SubNavItem {
  text: string;
  href: string;
  active: boolean;
}

export interface DecisionForm {
  action: string;
  version: number;
  items: { value: string; text: string; hint: { text: string }; checked: boolean }[];
  rationale: string;
}

export interface CaseOverview extends FormErrors {
  pageTitle: string;
  navSection: 'cases';
  caseId: string;
  reference: string;
  status: Tag;
  subNavigation: SubNavItem[];
  flash: Flash | null;
  emergencyAccess: { role: string; grantedAt: string; expiresAt: string; reason: string }[];
  concernRows: SummaryRow[];
  decisionRows: SummaryRow[];
  tasks: {
    name: string;
    dueAt: string;
    due: { text: string; state: DueState } | null;
    status: string;
    completedAt: string | null;
  }[];
  clocks: { name: string; dueAt: string; tag: Tag; due: { text: string; state: DueState } | null }[];
  decisionForm: DecisionForm | null;
  timeline: {
    label: { text: string };
    byline?: { text: string };
    datetime: { timestamp: string; format: string };
    text: string;
  }[];
}

/** The case's sub-navigation; the audit trail only for roles that may read it. */
export function caseSubNavigation(caseId: string, principal: Principal, active: 'overview' | 'audit') {
  return [
    ...(roleMay(principal.role, 'case.read')
      ? [{ text: 'Overview', href: `/cases/${caseId}`, active: active === 'overview' }]
      : []),
    ...(roleMay(principal.role, 'case.audit.read')
      ? [{ text: 'Audit trail', href: `/cases/${caseId}/audit`, active: active === 'audit' }]
      : []),
  ];
}

const row = (key: string, text: string | null | undefined, classes?: string): SummaryRow => ({
  key: { text: key },
  value: { text: text && text.length > 0 ? text : 'Not given', ...(classes ? { classes } : {}) },
});

const Outcomes: Record<string, string> = {
  enquiry_open: 'A Section 42 enquiry is opened; the concern stays open until it ends',
  closed: 'The concern is closed',
};

/**
 * The case overview: concern details, tasks and clocks with their due state in words, emergency access in
 * force, the timeline newest first, and the triage decision form for those who may make it. Personal details
 * appear only here, for people the use case has already let read the case.
 */
export function caseOverviewView(
  view: CaseView,
  principal: Principal,
  now: Date,
  options: {
    flash?: Flash | null;
    errors?: FormErrors;
    values?: { decision?: string; rationale?: string };
  } = {},
): CaseOverview {
  const concern = view.concern;
  const openTriage = view.tasks.find((t) => t.type === 'triage_decision' && t.status === 'open');
  const decisions = ConcernTransitions.filter(
    (t) => t.from === view.status && t.event === 'triage' && t.decision && t.actors.includes(principal.role),
  );
  const mayDecide = roleMay(principal.role, 'concern.triage') && openTriage && decisions.length > 0;
  const values = options.values ?? {};
  return {
    ...(options.errors ?? NoErrors),
    pageTitle: `Case ${view.reference}`,
    navSection: 'cases',
    caseId: view.id,
    reference: view.reference,
    status: concernStatusTag(view.status),
    subNavigation: caseSubNavigation(view.id, principal, 'overview'),
    flash: options.flash ?? null,
    emergencyAccess: view.accessGrants
      .filter((g) => g.active)
      .map((g) => ({
        role: roleLabel(g.role).toLowerCase(),
        grantedAt: g.grantedAt,
        expiresAt: g.expiresAt,
        reason: g.reason,
      })),
    concernRows: concern
      ? [
          row('Adult at risk', concern.adultAtRisk.name),
          row(
            'Date of birth',
            concern.adultAtRisk.dateOfBirth
              ? londonDate(`${concern.adultAtRisk.dateOfBirth}T12:00:00Z`)
              : null,
          ),
          row('Type of abuse or neglect', label(CategoryLabels, concern.category)),
          row('What happened', concern.summary, 'app-pre-wrap'),
          row('When it happened', londonDateTime(concern.occurredAt)),
          row('When the provider became aware', londonDateTime(concern.awareAt)),
          row('Immediate risk', concern.immediateRisk ? 'Yes' : 'No'),
          row('Consent', label(ConsentLabels, concern.consent)),
          row('What the adult wants to happen', concern.desiredOutcomes, 'app-pre-wrap'),
          row('Provider', view.provider.name),
          row('Raised', londonDateTime(view.createdAt)),
        ]
      : [row('Provider', view.provider.name), row('Raised', londonDateTime(view.createdAt))],
    decisionRows:
      concern?.decision && concern.decidedAt
        ? [
            row('Decision', label(DecisionLabels, concern.decision)),
            row('Rationale', concern.decisionRationale, 'app-pre-wrap'),
            row('Decided', londonDateTime(concern.decidedAt)),
          ]
        : [],
    tasks: view.tasks.map((t) => ({
      name: label(TaskLabels, t.type),
      dueAt: t.dueAt,
      due: t.status === 'open' ? dueText(t.dueAt, now) : null,
      status: t.status === 'open' ? 'To do' : t.status === 'completed' ? 'Completed' : 'Cancelled',
      completedAt: t.completedAt,
    })),
    clocks: view.clocks.map((k) => ({
      name: label(ClockLabels, k.name),
      dueAt: k.dueAt,
      tag: clockStateTag(k.state),
      due: k.state === 'running' ? dueText(k.dueAt, now) : null,
    })),
    decisionForm:
      mayDecide && openTriage
        ? {
            action: `/cases/${view.id}/tasks/${openTriage.id}/complete`,
            version: view.version,
            items: decisions.map((t) => ({
              value: String(t.decision),
              text: label(DecisionLabels, t.decision),
              hint: { text: Outcomes[t.to] ?? '' },
              checked: values.decision === t.decision,
            })),
            rationale: values.rationale ?? '',
          }
        : null,
    timeline: [...view.timeline].reverse().map((e) => {
      const rationale = typeof e.details.rationale === 'string' ? e.details.rationale : null;
      return {
        label: { text: e.summary },
        ...(e.actor ? { byline: { text: roleLabel(e.actor.role).toLowerCase() } } : {}),
        datetime: { timestamp: e.at, format: 'london' },
        text: rationale ? `Rationale: ${rationale}` : '',
      };
    }),
  };
}
