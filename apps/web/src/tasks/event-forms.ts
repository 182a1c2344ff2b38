import {
  caseDefinition,
  CloseOutcomeLabels,
  ContinuityStageLabels,
  EmploymentOutcomeLabels,
  ProviderNoticeLabels,
} from '@vigil/domain';
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
  'allegation:change_employment_outcome': {
    title: 'What is the employment outcome now?',
    fields: [
      {
        name: 'outcome',
        kind: 'radios',
        label: 'What is the employment outcome now?',
        isPageHeading: true,
        required: 'Select the employment outcome',
        hint: 'The change goes on the timeline. A dismissal, resignation, retirement or removal starts the DBS referral decision if it has not started',
        options: Object.entries(EmploymentOutcomeLabels).map(([value, text]) => ({ value, text })),
      },
    ],
    button: 'Record the change',
    toPayload: (b) => ({
      event: 'change_employment_outcome',
      ...(fieldValue(b, 'outcome') ? { outcome: fieldValue(b, 'outcome') } : {}),
    }),
    done: 'Employment outcome changed',
  },
  'provider_concern:request_action_plan': {
    title: 'Ask the provider for an action plan',
    fields: [
      {
        name: 'note',
        kind: 'textarea',
        label: 'What must the plan cover? (optional)',
        hint: 'The provider is asked for a service improvement action plan, due on the policy’s timescale',
      },
    ],
    button: 'Ask for the plan',
    toPayload: (b) => ({
      event: 'request_action_plan',
      ...((fieldValue(b, 'note') ?? '').trim() ? { note: fieldValue(b, 'note') } : {}),
    }),
    done: 'Action plan requested from the provider',
  },
  'provider_concern:issue_notice': {
    title: 'Issue a notice',
    fields: [
      {
        name: 'kind',
        kind: 'radios',
        label: 'Which notice do you issue?',
        isPageHeading: true,
        required: 'Select the notice',
        hint: 'New referrals are suspended while the notice is active',
        options: Object.entries(ProviderNoticeLabels).map(([value, text]) => ({ value, text })),
      },
      { name: 'requirements', kind: 'textarea', label: 'What does the notice require?' },
      {
        name: 'complianceDate',
        kind: 'date',
        label: 'By when must the provider comply?',
        hint: 'For example, 27 3 2027',
      },
    ],
    button: 'Issue the notice',
    toPayload: (b) => ({
      event: 'issue_notice',
      ...(fieldValue(b, 'kind') ? { kind: fieldValue(b, 'kind') } : {}),
      requirements: fieldValue(b, 'requirements') ?? '',
      complianceDate: dateValue(b, 'complianceDate') ?? '',
    }),
    done: 'Notice issued',
  },
  'provider_concern:log_continuity': {
    title: 'Add to the continuity log',
    fields: [
      {
        name: 'stage',
        kind: 'radios',
        label: 'What stage is the provider’s business continuity at?',
        isPageHeading: true,
        required: 'Select the stage',
        options: Object.entries(ContinuityStageLabels).map(([value, text]) => ({ value, text })),
      },
      {
        name: 'note',
        kind: 'textarea',
        label: 'What happened?',
        hint: 'It stays in Vigil and on the case’s timeline; emails only ever carry the reference',
      },
    ],
    button: 'Add to the log',
    toPayload: (b) => ({
      event: 'log_continuity',
      ...(fieldValue(b, 'stage') ? { stage: fieldValue(b, 'stage') } : {}),
      note: fieldValue(b, 'note') ?? '',
    }),
    done: 'Added to the continuity log',
  },
  'provider_concern:instigate_failure': {
    title: 'Instigate provider failure',
    fields: [
      {
        name: 'rationale',
        kind: 'textarea',
        label: 'Why has the provider failed?',
        hint: 'New business closes and the provider lists everyone it supports, who must move (Care Act 2014, s48)',
      },
    ],
    button: 'Instigate provider failure',
    toPayload: (b) => ({ event: 'instigate_failure', rationale: fieldValue(b, 'rationale') ?? '' }),
    done: 'Provider failure instigated',
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

/** Information added to an open case (append-only; every clock keeps running). */
export const AddInformationForm: TaskForm = {
  title: 'Add information',
  fields: [
    {
      name: 'text',
      kind: 'textarea',
      label: 'What do you want to add?',
      hint: 'It is added to the case and its timeline, and cannot be changed afterwards. Deadlines keep running.',
    },
  ],
  button: 'Add the information',
  toPayload: (b) => ({ text: fieldValue(b, 'text') ?? '' }),
  done: 'Information added',
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

/** The value of "nobody" on the assign page: the case goes back to its team's officers. */
export const UNASSIGNED = 'team';

/**
 * Who an open case is assigned to (the ladder's `assignee` rung reaches them): the council's officers and
 * team managers for a manager; for an officer, themselves (and giving back a case that is theirs).
 */
export function assignForm(
  officers: readonly { id: string; name: string }[],
  viewer: { userId: string; role: string },
  current: string | null,
): TaskForm {
  const choices =
    viewer.role === 'council_officer' ? officers.filter((o) => o.id === viewer.userId) : officers;
  const team = { value: UNASSIGNED, text: 'Nobody: the team’s officers share it' };
  const mayUnassign = viewer.role !== 'council_officer' || current === viewer.userId;
  return {
    title: 'Who should this case be assigned to?',
    fields: [
      {
        name: 'userId',
        kind: 'radios',
        label: 'Who should this case be assigned to?',
        isPageHeading: true,
        hint: 'Reminders and escalations for the officer’s tasks go to them',
        required: 'Select who to assign the case to',
        options: [
          ...choices.map((o) => ({
            value: o.id,
            text: o.id === viewer.userId ? `${o.name} (you)` : o.name,
          })),
          ...(mayUnassign ? [team] : []),
        ],
      },
    ],
    button: 'Save',
    toPayload: (b) => {
      const value = fieldValue(b, 'userId');
      return { userId: value === UNASSIGNED ? null : (value ?? '') };
    },
    done: 'Assignment saved',
  };
}
