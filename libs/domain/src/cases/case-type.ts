import type { ClockKey } from '../../../contracts/src/clock-keys';
import type { CaseType, TaskType } from '../../../contracts/src/case.schema';
import type { LadderRole, UserRole } from '../../../contracts/src/roles';
import type { WorkflowPrefix } from '../../../contracts/src/ids';
import type { NoticeTemplate } from '../../../contracts/src/activities';

/*
 * What a case type is, as data (issue 7). Every part of Vigil that stores, reads, routes, secures or shows a
 * case reads these definitions instead of naming a type: the permission model and the SQL visibility table,
 * the work queue, the policy's required clocks, the generic task-completion route, the workflows' transition
 * checks and the labels on pages and in emails. PURE: workflows import this file.
 */

/** How a user relates to a case, for visibility (DOMAIN §3). */
export const Relationships = [
  'raised_by',
  'provider',
  'team',
  'council',
  'commissioned',
  /** The council's cases that involve someone who works with children (the LADO). */
  'council_children',
] as const;
export type Relationship = (typeof Relationships)[number];

/** One row of the visibility table: this role sees this type's cases through this relationship. */
export interface VisibilityRule {
  role: UserRole;
  relationship: Relationship;
  /** Sees the case without the adult's identity (commissioners, DOMAIN §7); a reveal is audited. */
  masked?: boolean;
}

/** Who is told of a change: a ladder role for the case, or the person who raised it. */
export type NoticeRecipient = LadderRole | 'raiser';

/** A clock a task runs while it is open. */
export interface TaskClock {
  key: ClockKey;
  /** A council may retime it but not switch it off: the task is due by it. */
  required?: boolean;
  /** Runs only when the case has (or has not) an immediate risk recorded. */
  only?: 'immediate_risk' | 'no_immediate_risk';
}

export interface TaskDefinition {
  type: TaskType;
  /** Imperative, for lists and buttons: "Record the adult's views". */
  label: string;
  /** Who may complete it (in scope and holding one of these roles); everyone who sees the case sees it. */
  actors: readonly UserRole[];
  /** Who holds it, for the ladder's `assignee` rung and the queue: the council team or the provider. */
  holder: LadderRole;
  clocks: readonly TaskClock[];
  /** Told when the task opens (e.g. the provider lead asked for a report). */
  notifyOnOpen?: readonly NoticeRecipient[];
  /**
   * Its due date may be moved to one agreed with the person (a complaint's response date), by these roles,
   * with a reason: the open task is replaced by one due then, and the original stays on record. A statutory
   * deadline that cannot be extended (the LADO's day) leaves this out.
   */
  extendableBy?: readonly UserRole[];
  /**
   * A watch over the case rather than a step of it (an allegation's resolution review): it does not hold up
   * closing, and closing cancels it with its clock.
   */
  endsWithCase?: boolean;
}

export interface TransitionDefinition<S extends string = string> {
  from: readonly S[];
  /** What happens: a task outcome (`triage:no_further_action`) or a manual event (`withdraw`). */
  event: string;
  to: S;
  actors: readonly UserRole[];
  label: string;
  hint?: string;
  reasonRequired: boolean;
  /** Who is told when it happens (DOMAIN Notifications). */
  notify: readonly NoticeRecipient[];
  /** Offered as its own action (a form or `POST /cases/:id/transitions`), not as a task's result. */
  manual?: boolean;
  /** The email its recipients get, when not the generic "case status changed" one. */
  notice?: { template: NoticeTemplate; stepKey: string };
}

export interface CaseTypeDefinition<S extends string = string> {
  type: CaseType;
  /** "Safeguarding concern". */
  label: string;
  workflowType: string;
  idPrefix: WorkflowPrefix;
  statuses: readonly S[];
  initialStatus: S;
  /** Statuses in which the case is over (its workflow ends once its clocks stop). */
  closedStatuses: readonly S[];
  statusLabels: Record<S, string>;
  /** Colour class for each status tag (the words carry the state; the colour only supports it). */
  statusColours: Record<S, string>;
  transitions: readonly TransitionDefinition<S>[];
  tasks: readonly TaskDefinition[];
  visibility: readonly VisibilityRule[];
  /** Roles that may open a case of this type directly. */
  openers: readonly UserRole[];
  /** Closing outcomes a finished workflow reports. */
  outcomes: readonly string[];
  /**
   * How `POST /cases/:id/close` closes this type, when it does (others close through their own steps): who
   * may, the outcome they must choose (if any), and whether every task must be done first (409 listing them).
   */
  close?: { actors: readonly UserRole[]; outcomes?: readonly string[]; requiresTasksDone: boolean };
  /**
   * When a policy's early warning counts this type (issue 10), a case counts once closed with one of these
   * outcomes (a complaint upheld or partly upheld); absent, it counts from when it is raised.
   */
  earlyWarningWhenClosedAs?: readonly string[];
  /**
   * Whether a policy's early warning may count this type at all (issue 10): `thresholds.providerConcern.counts`
   * takes only the types marked here (a concern, a serious incident, a complaint), and refuses the rest.
   */
  countsTowardsEarlyWarning?: boolean;
  /**
   * A case of this type closed with one of these outcomes never counts toward the early warning, whenever it
   * was raised (a concern raised in error and withdrawn, or merged into another as a duplicate).
   */
  earlyWarningUnlessClosedAs?: readonly string[];
}

/**
 * Who sees a case a provider owns and the council oversees (a complaint, a serious incident, a notification,
 * a provider concern): the provider's lead, the council's staff (the team manager through the team), the
 * commissioner for providers they commission, and the council's auditor.
 */
export const ProviderCaseVisibility: readonly VisibilityRule[] = [
  { role: 'provider_lead', relationship: 'provider' },
  { role: 'council_officer', relationship: 'council' },
  { role: 'team_manager', relationship: 'team' },
  { role: 'head_of_service', relationship: 'council' },
  { role: 'commissioner', relationship: 'commissioned' },
  { role: 'auditor', relationship: 'council' },
];
