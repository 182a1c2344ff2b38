import type { CaseView, CaseViewOf, Principal } from '@vigil/contracts';
import {
  CategoryLabels,
  ConsentLabels,
  DecisionLabels,
  label,
  londonDate,
  londonDateTime,
  transitionFor,
} from '@vigil/domain';
import { type FormErrors, NoErrors } from '../common/forms';
import type { Flash } from '../security/session';
import {
  type CasePageCore,
  casePageCore,
  mayComplete,
  providerRow,
  row,
  type SummaryRow,
} from './case-page.view-model';

export { caseSubNavigation, type SubNavItem, type SummaryRow } from './case-page.view-model';

export interface DecisionForm {
  action: string;
  version: number;
  items: { value: string; text: string; hint: { text: string }; checked: boolean }[];
  rationale: string;
}

export interface CaseOverview extends FormErrors, CasePageCore {
  concernRows: SummaryRow[];
  decisionRows: SummaryRow[];
  decisionForm: DecisionForm | null;
}

const TriageChoices = ['section_42_enquiry', 'no_further_action', 'signpost'] as const;

/**
 * The concern overview: its details, tasks and clocks with their due state in words, emergency access in
 * force, linked cases, the timeline newest first, and the triage decision form (its choices from the
 * transition table) for those who may make it. Personal details appear only for those who may see them.
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
  const concern = (view as CaseViewOf<'concern'>).details;
  const openTriage = view.tasks.find((t) => t.type === 'triage_decision' && t.status === 'open');
  const decisions = TriageChoices.map((d) => transitionFor('concern', view.status, `triage_decision:${d}`))
    .filter((t) => t !== undefined && t.actors.includes(principal.role))
    .map((t) => t!);
  const values = options.values ?? {};
  const core = casePageCore(view, principal, now, options);
  return {
    ...(options.errors ?? NoErrors),
    ...core,
    // The triage decision is made on this page; the other tasks have their own.
    tasks: core.tasks.map((t) => (t.id === openTriage?.id ? { ...t, href: null } : t)),
    concernRows: [
      row(view.masked ? 'Adult at risk (initials)' : 'Adult at risk', concern.adultAtRisk.name),
      ...(view.masked
        ? []
        : [
            row(
              'Date of birth',
              concern.adultAtRisk.dateOfBirth
                ? londonDate(`${concern.adultAtRisk.dateOfBirth}T12:00:00Z`)
                : null,
            ),
          ]),
      row('Type of abuse or neglect', label(CategoryLabels, concern.category)),
      ...(view.masked ? [] : [row('What happened', concern.summary, 'app-pre-wrap')]),
      row('When it happened', londonDateTime(concern.occurredAt)),
      row('When the provider became aware', londonDateTime(concern.awareAt)),
      row('Immediate risk', concern.immediateRisk ? 'Yes' : 'No'),
      ...(concern.emergencyServicesCalled === null
        ? []
        : [row('Emergency services (999) called', concern.emergencyServicesCalled ? 'Yes' : 'No')]),
      row('Consent', label(ConsentLabels, concern.consent)),
      ...(view.masked || concern.consentReason === null
        ? []
        : [row('Why consent was not asked', concern.consentReason, 'app-pre-wrap')]),
      ...(view.masked
        ? []
        : [row('What the adult wants to happen', concern.desiredOutcomes, 'app-pre-wrap')]),
      providerRow(view.provider),
      row('Raised', londonDateTime(view.createdAt)),
    ],
    decisionRows:
      concern.decision && concern.decidedAt
        ? [
            row('Decision', label(DecisionLabels, concern.decision)),
            ...(view.masked ? [] : [row('Rationale', concern.decisionRationale, 'app-pre-wrap')]),
            row('Decided', londonDateTime(concern.decidedAt)),
          ]
        : concern.closure
          ? [
              row('Closed', concern.closure.kind === 'withdrawn' ? 'Withdrawn' : 'Merged into another case'),
              ...(view.masked ? [] : [row('Reason', concern.closure.reason, 'app-pre-wrap')]),
            ]
          : [],
    decisionForm:
      openTriage && decisions.length > 0 && mayComplete(view, openTriage, principal)
        ? {
            action: `/cases/${view.id}/tasks/${openTriage.id}/complete`,
            version: view.version,
            items: decisions.map((t) => {
              const value = t.event.split(':')[1];
              return {
                value,
                text: label(DecisionLabels, value),
                hint: { text: t.hint ?? '' },
                checked: values.decision === value,
              };
            }),
            rationale: values.rationale ?? '',
          }
        : null,
  };
}
