import type { ProviderHomeItem } from '@vigil/cases';
import { CaseTypeLabels, dueText, TaskLabels, type DueState } from '@vigil/domain';
import { caseStatusTag, type Tag } from '../cases/concern-status';

export interface ProviderHomeRow {
  href: string;
  reference: string;
  type: string;
  adult: string | null;
  raisedAt: string;
  status: Tag;
  /** What the council owes next, with its due date in words (or null when nothing is due from it). */
  council: { task: string; at: string | null; due: { text: string; state: DueState } | null } | null;
  provider: { task: string; at: string | null; due: { text: string; state: DueState } | null } | null;
}

export interface ProviderHomeView {
  pageTitle: string;
  navSection: 'home';
  navCurrent: 'home';
  heading: string;
  organisation: string;
  rows: ProviderHomeRow[];
  summary: string;
  raiseLinks: { href: string; text: string }[];
}

const next = (n: ProviderHomeItem['councilNext'], now: Date) =>
  n
    ? { task: TaskLabels[n.taskType] ?? n.taskType, at: n.dueAt, due: n.dueAt ? dueText(n.dueAt, now) : null }
    : null;

/**
 * A provider's home (issue 11): its organisation's open cases, each with what the council owes it next and
 * when ("Due in 2 working days"), what the provider itself owes, and the raise buttons.
 */
export function providerHomeView(
  items: readonly ProviderHomeItem[],
  organisation: string,
  raiseLinks: { href: string; text: string }[],
  now: Date,
): ProviderHomeView {
  return {
    pageTitle: 'Your open cases',
    navSection: 'home',
    navCurrent: 'home',
    heading: 'Your open cases',
    organisation,
    rows: items.map((i) => ({
      href: `/cases/${i.id}`,
      reference: i.reference,
      type: CaseTypeLabels[i.type] ?? i.type,
      adult: i.adultInitials,
      raisedAt: i.createdAt,
      status: caseStatusTag(i.type, i.status),
      council: next(i.councilNext, now),
      provider: next(i.providerNext, now),
    })),
    summary:
      items.length === 0
        ? 'You have no open cases.'
        : `${items.length} open case${items.length === 1 ? '' : 's'}, newest first`,
    raiseLinks,
  };
}
