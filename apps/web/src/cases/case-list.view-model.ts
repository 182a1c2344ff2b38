import type { Page } from '@vigil/cases';
import type { CaseSummary, Principal } from '@vigil/contracts';
import { CaseTypeLabels, dueText, roleMay, type DueState } from '@vigil/domain';
import { type CaseFilter } from './case-filter.form';
import { caseStatusTag, ConcernStatusFilters, type Tag } from './concern-status';

export const CASES_PER_PAGE = 25;

export interface CaseListRow {
  id: string;
  reference: string;
  /** The overview, or for roles that may only read the audit trail (auditors), the audit trail. */
  href: string;
  linkHint: string | null;
  /** "Safeguarding concern", "Section 42 enquiry". */
  type: string;
  status: Tag;
  provider: string;
  raisedAt: string;
  nextDue: { at: string; text: string; state: DueState } | null;
}

export interface CaseListView {
  pageTitle: string;
  navSection: 'cases';
  navCurrent: 'cases' | null;
  heading: string;
  filters: { text: string; href: string; active: boolean }[];
  rows: CaseListRow[];
  total: number;
  summary: string;
  pagination: { previous?: { href: string }; next?: { href: string } } | null;
}

const listHref = (
  status: string | undefined,
  page = 1,
  type?: string,
  more: Pick<CaseFilter, 'team' | 'open'> = {},
): string => {
  const params = new URLSearchParams();
  if (type) params.set('type', type);
  if (status) params.set('status', status);
  if (more.team) params.set('team', more.team);
  if (more.open) params.set('open', more.open);
  if (page > 1) params.set('page', String(page));
  const query = params.toString();
  return query ? `/cases?${query}` : '/cases';
};

/** The case list: reference, status, provider and the next deadline in words, with status tabs as links. */
export function caseListView(
  page: Page<CaseSummary>,
  filter: CaseFilter,
  principal: Principal,
  now: Date,
): CaseListView {
  const overview = roleMay(principal.role, 'case.read');
  const current = ConcernStatusFilters.find((f) => f.status === filter.status);
  const typeWords = filter.type ? (CaseTypeLabels[filter.type] ?? filter.type).toLowerCase() : '';
  const first = (filter.page - 1) * CASES_PER_PAGE;
  const lastPage = Math.max(1, Math.ceil(page.total / CASES_PER_PAGE));
  return {
    pageTitle: current
      ? `Cases: ${current.text.toLowerCase()}`
      : filter.type
        ? `Cases: ${typeWords}`
        : 'Cases',
    navSection: 'cases',
    navCurrent:
      filter.status || filter.type || filter.team || filter.open || filter.page > 1 ? null : 'cases',
    heading: `${filter.open ? 'Open cases' : 'Cases'}${filter.type ? `: ${typeWords}` : ''}`,
    filters: [
      { text: 'All cases', href: listHref(undefined), active: !filter.status },
      ...ConcernStatusFilters.map((f) => ({
        text: f.text,
        href: listHref(f.status),
        active: filter.status === f.status,
      })),
    ],
    rows: page.items.map((c) => ({
      id: c.id,
      reference: c.reference,
      href: overview ? `/cases/${c.id}` : `/cases/${c.id}/audit`,
      linkHint: overview ? null : 'audit trail',
      type: CaseTypeLabels[c.type] ?? c.type,
      status: caseStatusTag(c.type, c.status),
      provider: c.provider.name,
      raisedAt: c.createdAt,
      nextDue: c.nextDueAt ? { at: c.nextDueAt, ...dueText(c.nextDueAt, now) } : null,
    })),
    total: page.total,
    summary:
      page.total === 0
        ? (current?.empty ?? 'There are no cases for you to see.')
        : `Showing ${first + 1} to ${first + page.items.length} of ${page.total} case${page.total === 1 ? '' : 's'}`,
    pagination:
      lastPage > 1
        ? {
            ...(filter.page > 1
              ? { previous: { href: listHref(filter.status, filter.page - 1, filter.type, filter) } }
              : {}),
            ...(filter.page < lastPage
              ? { next: { href: listHref(filter.status, filter.page + 1, filter.type, filter) } }
              : {}),
          }
        : null,
  };
}
