import type { ComplaintsService } from '@vigil/cases';
import { fieldErrorsFromIssues, RecordComplaintSchema } from '@vigil/contracts';
import { londonDate, parseOrThrow, roleMay } from '@vigil/domain';
import { dateValue, londonDateTimeValue, timeOf } from '../tasks/task-forms';
import { shown, type QuestionFlow } from './question-flow';

const YesNoLabels: Record<string, string> = { true: 'Yes', false: 'No' };

/**
 * Recording a complaint in the browser (issue 9, DOMAIN §4.5): when it was received, whether it affects or
 * prevents the person's care (their social worker is then due a notice within 24 hours), who made it, and
 * what it is about. Provider leads only, as through the API.
 */
export function complaintFlow(complaints: ComplaintsService): QuestionFlow {
  return {
    kind: 'complaints',
    name: 'Record a complaint',
    intro: [
      'Record every complaint about the care your service gives, as soon as it is received.',
      'Vigil then runs its deadlines: the acknowledgement within 3 working days, the response by the date agreed with the complainant, and, when the complaint affects or prevents someone’s care, the notice to their social worker within 24 hours.',
    ],
    mayStart: (principal) =>
      roleMay(principal.role, 'complaint.record') && principal.organisationKind === 'provider',
    questions: [
      {
        slug: 'received',
        title: 'When was the complaint received?',
        fields: () => [
          {
            name: 'receivedOn',
            kind: 'date',
            label: 'Date',
            hint: 'For example, 27 11 2026',
            required: 'Enter the date it was received',
          },
          {
            name: 'receivedTime',
            kind: 'text',
            label: 'Time',
            hint: 'For example, 14:30 or 2:30pm',
            required: 'Enter the time it was received',
            inputClasses: 'govuk-input--width-5',
            autocomplete: 'off',
          },
        ],
        validate: (a) =>
          a['receivedOn-day'] && a.receivedTime && !londonDateTimeValue(a, 'receivedOn', 'receivedTime')
            ? [
                timeOf(a.receivedTime)
                  ? { field: 'receivedOn', text: 'The date it was received must be a real date' }
                  : { field: 'receivedTime', text: 'Enter the time like 14:30 or 2:30pm' },
              ]
            : [],
        summary: (a) => [
          {
            key: 'Received',
            value: dateValue(a, 'receivedOn')
              ? `${londonDate(`${dateValue(a, 'receivedOn')}T12:00:00Z`)}, ${a.receivedTime ?? ''}`
              : 'Not given',
          },
        ],
        pointers: { '#/receivedAt': 'receivedOn' },
      },
      {
        slug: 'affects-care',
        title: 'Does the complaint affect or prevent the person’s care?',
        fields: () => [
          {
            name: 'affectsCare',
            kind: 'radios',
            label: 'Does the complaint affect or prevent the person’s care?',
            hint: 'If it does, their social worker must be told within 24 hours (Standard 15.8).',
            isPageHeading: true,
            required: 'Select yes if the complaint affects or prevents the person’s care',
            options: [
              { value: 'true', text: 'Yes' },
              { value: 'false', text: 'No' },
            ],
          },
        ],
        summary: (a) => [{ key: 'Affects or prevents care', value: shown(YesNoLabels, a.affectsCare) }],
        pointers: { '#/affectsCare': 'affectsCare' },
      },
      {
        slug: 'complainant',
        title: 'Who made the complaint?',
        fields: () => [
          {
            name: 'complainantRelationship',
            kind: 'text',
            label: 'Who made the complaint?',
            hint: 'Their relationship to the person, for example “the person’s daughter” or “the person”',
            isPageHeading: true,
            required: 'Enter who made the complaint',
            inputClasses: 'govuk-!-width-two-thirds',
            autocomplete: 'off',
          },
        ],
        summary: (a) => [{ key: 'Complainant', value: a.complainantRelationship ?? 'Not given' }],
        pointers: { '#/complainantRelationship': 'complainantRelationship' },
      },
      {
        slug: 'complaint',
        title: 'What is the complaint about?',
        fields: () => [
          {
            name: 'summary',
            kind: 'textarea',
            label: 'What is the complaint about?',
            hint: 'It stays in Vigil: emails only ever carry the reference.',
            isPageHeading: true,
            required: 'Enter what the complaint is about',
          },
        ],
        summary: (a) => [{ key: 'Complaint', value: a.summary ?? 'Not given' }],
        pointers: { '#/summary': 'summary' },
      },
    ],
    toPayload: (a) => ({
      receivedAt: londonDateTimeValue(a, 'receivedOn', 'receivedTime'),
      affectsCare: a.affectsCare === 'true' ? true : a.affectsCare === 'false' ? false : undefined,
      complainantRelationship: a.complainantRelationship,
      summary: a.summary,
    }),
    check: (payload) => {
      const result = RecordComplaintSchema.safeParse(payload);
      return result.success ? [] : fieldErrorsFromIssues(result.error.issues);
    },
    submit: async (ctx, payload, key) => {
      const input = parseOrThrow(RecordComplaintSchema, payload);
      return (await complaints.record(ctx, payload, input, key)).view;
    },
    confirmation: {
      title: 'Complaint recorded',
      next: [
        'Acknowledge it within 3 working days; the case page shows each step and when it is due.',
        'If it affects the person’s care, tell their social worker within 24 hours and record it.',
      ],
    },
  };
}
