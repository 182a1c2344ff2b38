import { caseDefinition, CloseOutcomeLabels } from '@vigil/domain';
import { fieldValue } from '../common/forms';
import { dateValue, type FieldDef, type TaskForm } from './task-forms';

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

/** What a type's close form asks besides the outcome and the rationale. */
const CloseExtraFields: Record<string, FieldDef[]> = {
  complaint: [
    {
      name: 'resolvedAtProviderStage',
      kind: 'radios',
      label: 'Was it resolved at the provider’s stage?',
      hint: 'No if the complainant took it to the council or the Ombudsman',
      required: 'Select whether it was resolved at the provider’s stage',
      options: [
        { value: 'true', text: 'Yes' },
        { value: 'false', text: 'No' },
      ],
    },
  ],
};

/** A task's due date moved to one agreed (a complaint's response): the new date and why. */
export const ExtendTaskForm: TaskForm = {
  title: 'Agree a later date',
  fields: [
    {
      name: 'dueOn',
      kind: 'date',
      label: 'What date has been agreed?',
      hint: 'The original due date stays on the record. For example, 27 3 2027',
    },
    { name: 'reason', kind: 'textarea', label: 'Why does the date move?' },
  ],
  button: 'Move the due date',
  toPayload: (b) => ({ dueOn: dateValue(b, 'dueOn') ?? '', reason: fieldValue(b, 'reason') ?? '' }),
  done: 'Due date moved',
};

/** Each closing outcome's words, per case type that closes with one. */
const OutcomeLabelsByType = CloseOutcomeLabels;

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
      ...(CloseExtraFields[type] ?? []),
      { name: 'rationale', kind: 'textarea' as const, label: 'Why can the case close?' },
    ],
    button: 'Close the case',
    toPayload: (b) => ({
      rationale: fieldValue(b, 'rationale') ?? '',
      ...(fieldValue(b, 'outcome') ? { outcome: fieldValue(b, 'outcome') } : {}),
      ...(['true', 'false'].includes(fieldValue(b, 'resolvedAtProviderStage') ?? '')
        ? { resolvedAtProviderStage: fieldValue(b, 'resolvedAtProviderStage') === 'true' }
        : {}),
    }),
    done: 'Case closed',
  };
}
