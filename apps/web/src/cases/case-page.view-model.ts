import type { CaseView, Principal, TaskView } from '@vigil/contracts';
import {
  caseDefinition,
  CaseTypeLabels,
  clockLabel,
  dueText,
  label,
  londonDateTime,
  manualTransitions,
  ReferralStatusColours,
  ReferralStatusLabels,
  roleLabel,
  roleMay,
  taskDefinition,
  TaskLabels,
  type DueState,
} from '@vigil/domain';
import type { Flash } from '../security/session';
import { caseStatusTag, clockStateTag, type Tag } from './concern-status';

/*
 * What every case page shows, whatever the type: header, sub-navigation, emergency access, linked cases,
 * tasks, deadlines, timeline, the actions the registry offers this role. Each type's view model adds its own
 * details on top.
 */

export interface SummaryRow {
  key: { text: string };
  /** `html` (escaped here) when the value carries a tag; `text` says the same in words. */
  value: { text: string; html?: string; classes?: string };
}

export interface SubNavItem {
  text: string;
  href: string;
  active: boolean;
}

/**
 * A row of a task-list case's section: text, or fixed HTML (a GOV.UK tag built from labels, never from
 * what a user typed), with optional row actions (a link to the step that completes it).
 */
export interface SectionRow {
  key: { text: string };
  value: { text: string; classes?: string } | { html: string; classes?: string };
  actions?: { items: { href: string; text: string; visuallyHiddenText?: string }[] };
}

/** Text for HTML: the only way anything but fixed labels goes into a `html` value. */
export const escapeHtml = (text: string): string =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );

export const row = (key: string, text: string | null | undefined, classes?: string): SummaryRow => ({
  key: { text: key },
  value: { text: text && text.length > 0 ? text : 'Not given', ...(classes ? { classes } : {}) },
});

/**
 * The provider's row on a case page, with its referral status as a tag when referrals are not simply open
 * (issue 10: shown wherever the provider appears).
 */
export function providerRow(provider: CaseView['provider']): SummaryRow {
  const status = provider.referralStatus;
  if (!status || status === 'open') return row('Provider', provider.name);
  const tag = `<strong class="govuk-tag ${ReferralStatusColours[status] ?? ''}" data-qa="referral-status">${escapeHtml(
    label(ReferralStatusLabels, status),
  )}</strong>`;
  return {
    key: { text: 'Provider' },
    value: {
      text: `${provider.name} (${label(ReferralStatusLabels, status).toLowerCase()})`,
      html: `${escapeHtml(provider.name)} ${tag}`,
    },
  };
}

/** The case's sub-navigation; the audit trail only for roles that may read it. */
export function caseSubNavigation(
  caseId: string,
  principal: Principal,
  active: 'overview' | 'audit',
): SubNavItem[] {
  return [
    ...(roleMay(principal.role, 'case.read')
      ? [{ text: 'Overview', href: `/cases/${caseId}`, active: active === 'overview' }]
      : []),
    ...(roleMay(principal.role, 'case.audit.read')
      ? [{ text: 'Audit trail', href: `/cases/${caseId}/audit`, active: active === 'audit' }]
      : []),
  ];
}

export interface TaskRow {
  id: string;
  name: string;
  dueAt: string | null;
  due: { text: string; state: DueState } | null;
  status: string;
  completedAt: string | null;
  /** The task's own page, for someone who may complete it now. */
  href: string | null;
}

export interface CasePageCore {
  pageTitle: string;
  navSection: 'cases';
  caseId: string;
  reference: string;
  typeLabel: string;
  status: Tag;
  subNavigation: SubNavItem[];
  flash: Flash | null;
  masked: boolean;
  revealHref: string | null;
  emergencyAccess: { role: string; grantedAt: string; expiresAt: string; reason: string }[];
  links: { text: string; href: string }[];
  /** Who the case is assigned to, for council viewers, with the change link for those who may assign. */
  assignment: { text: string; changeHref: string | null } | null;
  actions: { text: string; href: string }[];
  tasks: TaskRow[];
  clocks: { name: string; dueAt: string; tag: Tag; due: { text: string; state: DueState } | null }[];
  timeline: {
    label: { text: string };
    byline?: { text: string };
    datetime: { timestamp: string; format: string };
    text: string;
  }[];
}

/** Whether this user may complete this task now (an open task whose actors include their role). */
export function mayComplete(view: CaseView, task: TaskView, principal: Principal): boolean {
  return (
    task.status === 'open' &&
    taskDefinition(task.type).actors.includes(principal.role) &&
    !viaGrantOnly(view, principal)
  );
}

/** A user who reached the case only by emergency access reads it; they never act on it. */
function viaGrantOnly(view: CaseView, principal: Principal): boolean {
  return view.accessGrants.some((g) => g.active && g.userId === principal.userId);
}

const TaskStatusWords: Record<string, string> = {
  open: 'To do',
  completed: 'Completed',
  cancelled: 'Cancelled',
};

/** Narrative a timeline entry carries for the reader (a rationale, a reason). */
function timelineText(details: Record<string, unknown>): string {
  if (typeof details.rationale === 'string') return `Rationale: ${details.rationale}`;
  if (typeof details.reason === 'string') return `Reason: ${details.reason}`;
  // Information added to the case: its words, as written.
  if (typeof details.text === 'string') return details.text;
  return '';
}

export function casePageCore(
  view: CaseView,
  principal: Principal,
  now: Date,
  options: { flash?: Flash | null } = {},
): CasePageCore {
  return {
    pageTitle: `Case ${view.reference}`,
    navSection: 'cases',
    caseId: view.id,
    reference: view.reference,
    typeLabel: CaseTypeLabels[view.type] ?? view.type,
    status: caseStatusTag(view.type, view.status),
    subNavigation: caseSubNavigation(view.id, principal, 'overview'),
    flash: options.flash ?? null,
    masked: view.masked,
    revealHref: view.masked && roleMay(principal.role, 'case.reveal') ? `/cases/${view.id}/reveal` : null,
    emergencyAccess: view.accessGrants
      .filter((g) => g.active)
      .map((g) => ({
        role: roleLabel(g.role).toLowerCase(),
        grantedAt: g.grantedAt,
        expiresAt: g.expiresAt,
        reason: g.reason,
      })),
    links: view.links.map((l) => ({
      text: `${CaseTypeLabels[l.type] ?? l.type} ${l.reference}`,
      href: `/cases/${l.id}`,
    })),
    assignment:
      principal.organisationKind === 'council'
        ? {
            text: view.assignee ? view.assignee.name : 'Nobody: the team’s officers',
            changeHref: mayAssign(view, principal) ? `/cases/${view.id}/assign` : null,
          }
        : null,
    actions: viaGrantOnly(view, principal)
      ? []
      : [
          ...manualTransitions(view.type, view.status, principal.role).map((t) => ({
            text: t.label,
            href: `/cases/${view.id}/events/${t.event}`,
          })),
          ...(mayAddInformation(view, principal)
            ? [{ text: 'Add information', href: `/cases/${view.id}/information` }]
            : []),
          ...raiseAllegationLinks(view, principal),
        ],
    tasks: view.tasks.map((t) => ({
      id: t.id,
      name: TaskLabels[t.type] ?? t.type,
      dueAt: t.dueAt,
      due: t.status === 'open' && t.dueAt ? dueText(t.dueAt, now) : null,
      status: TaskStatusWords[t.status] ?? t.status,
      completedAt: t.completedAt,
      href: mayComplete(view, t, principal) ? `/cases/${view.id}/tasks/${t.id}` : null,
    })),
    clocks: view.clocks.map((k) => ({
      name: clockLabel(k.name),
      dueAt: k.dueAt,
      tag: clockStateTag(k.state),
      due: k.state === 'running' ? dueText(k.dueAt, now) : null,
    })),
    timeline: [...view.timeline].reverse().map((e) => ({
      label: { text: e.summary },
      ...(e.actor ? { byline: { text: roleLabel(e.actor.role).toLowerCase() } } : {}),
      datetime: { timestamp: e.at, format: 'london' },
      text: timelineText(e.details),
    })),
  };
}

/** One row of the GOV.UK task list: a step of the enquiry and where it stands. */
export interface TaskListItem {
  title: { text: string };
  hint?: { text: string };
  href?: string;
  status: { text?: string; tag?: { text: string; classes?: string }; classes?: string };
}

export const latestTask = (tasks: readonly TaskView[], type: string): TaskView | undefined =>
  [...tasks].reverse().find((t) => t.type === type);

/**
 * A step's status in GOV.UK task-list words: "Not started" (a link for whoever may do it), "Completed",
 * "Not needed" (cancelled, or never opened before the enquiry closed), or "Cannot start yet" while no task of
 * that type has opened.
 */
function step(view: CaseView, principal: Principal, type: string, now: Date): TaskListItem {
  const task = latestTask(view.tasks, type);
  const title = { text: TaskLabels[type] ?? type };
  // A step the enquiry closed without (no plan, so no review) was never needed.
  if (!task && view.closedAt) return { title, status: { text: 'Not needed' } };
  if (!task)
    return {
      title,
      status: { text: 'Cannot start yet', classes: 'govuk-task-list__status--cannot-start-yet' },
    };
  if (task.status === 'completed') return { title, status: { text: 'Completed' } };
  if (task.status === 'cancelled') return { title, status: { text: 'Not needed' } };
  const href = mayComplete(view, task, principal) ? `/cases/${view.id}/tasks/${task.id}` : undefined;
  // Each open duty says when it is due (London time), and how late it is once overdue.
  const hint = [
    ...(href ? [] : ['For someone else to do.']),
    ...(task.dueAt ? [deadlineWords(task.dueAt, now)] : []),
  ].join(' ');
  return {
    title,
    ...(href ? { href } : {}),
    ...(hint ? { hint: { text: hint } } : {}),
    status: { tag: { text: 'Not started', classes: 'govuk-tag--blue' } },
  };
}

/** "Due by 8 December 2026, 5pm.", or "Overdue by 2 hours (due by 8 December 2026, 5pm)." */
export function deadlineWords(dueAt: string | Date, now: Date): string {
  const due = dueText(dueAt, now);
  const by = `due by ${londonDateTime(dueAt)}`;
  return due.state === 'overdue' ? `${due.text} (${by}).` : `${by[0].toUpperCase()}${by.slice(1)}.`;
}

/** Every step of a case, in its registry's order, as GOV.UK task-list rows. */
export function taskListSteps(
  view: CaseView,
  principal: Principal,
  shows: (taskType: string) => boolean = () => true,
  now: Date = new Date(),
): TaskListItem[] {
  return caseDefinition(view.type)
    .tasks.filter((t) => shows(t.type))
    .map((t) => step(view, principal, t.type, now));
}

/** Case types whose page offers to raise an allegation about a member of staff from them. */
const RaisesAllegation: readonly string[] = ['concern'];

/**
 * "Raise an allegation about a member of staff" on an open concern, for those who raise allegations: the
 * raise flow's `?from=` (as on a serious incident's page) links the two both ways.
 */
export function raiseAllegationLinks(view: CaseView, principal: Principal): { text: string; href: string }[] {
  if (
    !RaisesAllegation.includes(view.type) ||
    view.closedAt ||
    !roleMay(principal.role, 'allegation.raise')
  ) {
    return [];
  }
  return [{ text: 'Raise an allegation about a member of staff', href: `/allegations/new?from=${view.id}` }];
}

/** Whether this viewer may add information to the case: open, and a role that works cases. */
export function mayAddInformation(view: CaseView, principal: Principal): boolean {
  return !view.closedAt && roleMay(principal.role, 'case.add_information') && !viaGrantOnly(view, principal);
}

/**
 * Whether this viewer may change who the case is assigned to: open, a role that assigns (an officer only
 * takes it or gives it back, so not one assigned to someone else), not through an emergency grant.
 */
export function mayAssign(view: CaseView, principal: Principal): boolean {
  if (view.closedAt || !roleMay(principal.role, 'case.assign') || viaGrantOnly(view, principal)) return false;
  return principal.role !== 'council_officer' || !view.assignee || view.assignee.id === principal.userId;
}

/** The close form's address, for someone the registry lets close this (open) case. */
export function closeHref(view: CaseView, principal: Principal): string | null {
  const rules = caseDefinition(view.type).close;
  if (!rules || view.closedAt || !rules.actors.includes(principal.role)) return null;
  return `/cases/${view.id}/close`;
}
