import { AllegationOutcomeLabels, caseDefinition } from '@vigil/domain';
import { fieldValue } from '../common/forms';
import { dateValue, type TaskForm } from './task-forms';

/*
 * Pages for a case's manual events (withdraw, merge; keyed `<case type>:<event>`), the officer's return of
 * a provider report, and a commissioner's reveal, in the same shape as the task forms.
 */

export const EventForms: Record<string, TaskForm> = {
  'concern:withdraw': {
    title: 'Withdraw the concern',
    fields: [
      {
        name: 'reason',
        kind: 'textarea',
        label: 'Why is the concern withdrawn?',
        hint: 'It stays on the case record',
      },
    ],
    button: 'Withdraw the concern',
    toPayload: (b) => ({ event: 'withdraw', reason: fieldValue(b, 'reason') ?? '' }),
    done: 'Concern withdrawn',
  },
  'concern:merge': {
    title: 'Merge into another case',
    fields: [
      {
        name: 'intoCaseId',
        kind: 'textarea',
        label: 'The ID of the case to merge into',
        hint: 'From the other case’s address, after /cases/',
      },
      { name: 'reason', kind: 'textarea', label: 'Why is the concern merged?' },
    ],
    button: 'Merge the concern',
    toPayload: (b) => ({
      event: 'merge',
      intoCaseId: (fieldValue(b, 'intoCaseId') ?? '').trim(),
      reason: fieldValue(b, 'reason') ?? '',
    }),
    done: 'Concern merged',
  },
};

export const ReturnReportForm: TaskForm = {
  title: 'Return the report to the provider',
  fields: [
    { name: 'reason', kind: 'textarea', label: 'What does the provider need to do?' },
    {
      name: 'reportDueOn',
      kind: 'date',
      label: 'When is the new report due?',
      hint: 'For example, 27 3 2027',
    },
  ],
  button: 'Return the report',
  context: (view) =>
    view.type === 's42_enquiry' ? [{ key: 'The provider’s report', value: view.details.report }] : [],
  toPayload: (b) => ({
    reason: fieldValue(b, 'reason') ?? '',
    reportDueOn: dateValue(b, 'reportDueOn') ?? '',
  }),
  done: 'Report returned to the provider',
};

export const RevealForm: TaskForm = {
  title: 'Show the adult’s details',
  fields: [
    {
      name: 'reason',
      kind: 'textarea',
      label: 'What is the specific safeguarding reason?',
      hint: 'Commissioners see cases without the adult’s identity. Your reason is kept and the case shows the reveal.',
    },
  ],
  button: 'Show the details',
  toPayload: (b) => ({ reason: fieldValue(b, 'reason') ?? '' }),
  done: 'Details shown',
};

/** Each closing outcome's words, per case type that closes with one. */
const OutcomeLabelsByType: Record<string, Record<string, string>> = { allegation: AllegationOutcomeLabels };

/** The close page of a type the registry lets close so: its outcome (if it has one) and the rationale. */
export function closeForm(type: string): TaskForm | null {
  const rules = caseDefinition(type).close;
  if (!rules) return null;
  const labels = OutcomeLabelsByType[type] ?? {};
  return {
    title: 'Close the case',
    fields: [
      ...(rules.outcomes
        ? [
            {
              name: 'outcome',
              kind: 'radios' as const,
              label: 'What is the outcome?',
              isPageHeading: true,
              required: 'Select the outcome',
              options: rules.outcomes.map((o) => ({ value: o, text: labels[o] ?? o })),
            },
          ]
        : []),
      { name: 'rationale', kind: 'textarea' as const, label: 'Why can the case close?' },
    ],
    button: 'Close the case',
    toPayload: (b) => ({
      rationale: fieldValue(b, 'rationale') ?? '',
      ...(fieldValue(b, 'outcome') ? { outcome: fieldValue(b, 'outcome') } : {}),
    }),
    done: 'Case closed',
  };
}
