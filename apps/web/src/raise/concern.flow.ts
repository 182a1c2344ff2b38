import type { ConcernsService } from '@vigil/cases';
import {
  ConcernCategories,
  ConsentValues,
  fieldErrorsFromIssues,
  RaiseConcernSchema,
} from '@vigil/contracts';
import { CategoryLabels, ConsentLabels, londonDate, parseOrThrow, roleMay } from '@vigil/domain';
import { londonInstant } from '@vigil/domain/calendar';
import { dateValue, timeOf } from '../tasks/task-forms';
import { shown, type Answers, type QuestionFlow } from './question-flow';

const YesNo = [
  { value: 'true', text: 'Yes' },
  { value: 'false', text: 'No' },
];
const YesNoLabels: Record<string, string> = { true: 'Yes', false: 'No' };
const bool = (v: string | undefined): boolean | undefined =>
  v === 'true' ? true : v === 'false' ? false : undefined;

/** `YYYY-MM-DD` when the three boxes make a real calendar date, else undefined. */
function realDate(answers: Answers, name: string): string | undefined {
  const value = dateValue(answers, name);
  if (!value || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return undefined;
  const d = new Date(`${value}T12:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value ? value : undefined;
}

/** When it happened, as an instant (London time; midday when no time is given). */
function occurredAt(a: Answers): string | undefined {
  const on = realDate(a, 'occurredOn');
  if (!on) return undefined;
  const time = a.occurredTime ? timeOf(a.occurredTime) : { hours: 12, minutes: 0 };
  return time ? londonInstant(on, time).toISOString() : undefined;
}

/**
 * Raising a safeguarding concern in the browser (issue 11, DOMAIN §4.1): who is at risk, what happened and
 * when, the type of abuse, an immediate risk (and whether 999 was called), consent (and why not asked), what
 * the adult wants. Provider leads only, as through the API.
 */
export function concernFlow(concerns: ConcernsService): QuestionFlow {
  return {
    kind: 'concerns',
    name: 'Raise a safeguarding concern',
    intro: [
      'Use this to tell the council about an adult with care and support needs who is experiencing, or at risk of, abuse or neglect.',
      'If the adult is in danger now, call 999 first.',
      'The council’s safeguarding team decides what happens next within the time your contract sets, and you are told by email (reference only) when it does. It takes about 10 minutes.',
    ],
    mayStart: (principal) =>
      roleMay(principal.role, 'concern.raise') && principal.organisationKind === 'provider',
    questions: [
      {
        slug: 'adult',
        title: 'Who is at risk?',
        fields: () => [
          {
            name: 'adultName',
            kind: 'text',
            label: 'Full name',
            required: 'Enter the adult’s full name',
            inputClasses: 'govuk-!-width-two-thirds',
            autocomplete: 'off',
          },
          {
            name: 'dateOfBirth',
            kind: 'date',
            label: 'Date of birth (if you know it)',
            hint: 'For example, 31 3 1941',
          },
        ],
        validate: (a) =>
          dateValue(a, 'dateOfBirth') && !realDate(a, 'dateOfBirth')
            ? [{ field: 'dateOfBirth', text: 'Date of birth must be a real date' }]
            : [],
        summary: (a) => [
          { key: 'Adult at risk', value: a.adultName ?? 'Not given' },
          {
            key: 'Date of birth',
            value: realDate(a, 'dateOfBirth')
              ? londonDate(`${realDate(a, 'dateOfBirth')}T12:00:00Z`)
              : 'Not known',
          },
        ],
        pointers: { '#/adultAtRisk/name': 'adultName', '#/adultAtRisk/dateOfBirth': 'dateOfBirth' },
      },
      {
        slug: 'what-happened',
        title: 'What happened?',
        fields: () => [
          {
            name: 'summary',
            kind: 'textarea',
            label: 'What happened?',
            hint: 'Say what you saw or were told, where, and who was involved. It stays in Vigil: emails carry only the reference.',
            isPageHeading: true,
            required: 'Enter what happened',
          },
        ],
        summary: (a) => [{ key: 'What happened', value: a.summary ?? 'Not given' }],
        pointers: { '#/summary': 'summary' },
      },
      {
        slug: 'when',
        title: 'When did it happen?',
        fields: () => [
          {
            name: 'occurredOn',
            kind: 'date',
            label: 'Date',
            hint: 'For example, 27 11 2026',
            required: 'Enter the date it happened',
          },
          {
            name: 'occurredTime',
            kind: 'text',
            label: 'Time (if you know it)',
            hint: 'For example, 14:30 or 2:30pm',
            inputClasses: 'govuk-input--width-5',
            autocomplete: 'off',
          },
        ],
        validate: (a) => [
          ...(dateValue(a, 'occurredOn') && !realDate(a, 'occurredOn')
            ? [{ field: 'occurredOn', text: 'The date it happened must be a real date' }]
            : []),
          ...(a.occurredTime && !timeOf(a.occurredTime)
            ? [{ field: 'occurredTime', text: 'Enter the time like 14:30 or 2:30pm' }]
            : []),
        ],
        summary: (a) => [
          {
            key: 'When it happened',
            value: realDate(a, 'occurredOn')
              ? `${londonDate(`${realDate(a, 'occurredOn')}T12:00:00Z`)}${a.occurredTime ? `, ${a.occurredTime}` : ''}`
              : 'Not given',
          },
        ],
        pointers: { '#/occurredAt': 'occurredOn' },
      },
      {
        slug: 'type-of-abuse',
        title: 'What type of abuse or neglect is it?',
        fields: () => [
          {
            name: 'category',
            kind: 'radios',
            label: 'What type of abuse or neglect is it?',
            hint: 'Choose the main one. The council can record others.',
            isPageHeading: true,
            required: 'Select the type of abuse or neglect',
            options: ConcernCategories.map((c) => ({ value: c, text: CategoryLabels[c] ?? c })),
          },
        ],
        summary: (a) => [{ key: 'Type of abuse or neglect', value: shown(CategoryLabels, a.category) }],
        pointers: { '#/category': 'category' },
      },
      {
        slug: 'immediate-risk',
        title: 'Is the adult at immediate risk?',
        fields: () => [
          {
            name: 'immediateRisk',
            kind: 'radios',
            label: 'Is the adult at immediate risk?',
            hint: 'At risk of serious harm now or in the next few hours. The council then decides on it sooner.',
            isPageHeading: true,
            required: 'Select yes if the adult is at immediate risk',
            options: YesNo,
          },
        ],
        summary: (a) => [{ key: 'Immediate risk', value: shown(YesNoLabels, a.immediateRisk) }],
        pointers: { '#/immediateRisk': 'immediateRisk' },
      },
      {
        slug: 'emergency-services',
        title: 'Have you called 999?',
        when: (a) => a.immediateRisk === 'true',
        fields: () => [
          {
            name: 'emergencyServicesCalled',
            kind: 'radios',
            label: 'Have you called 999?',
            hint: 'If the adult is in danger now and you have not, call 999 before you go on.',
            isPageHeading: true,
            required: 'Select yes if you have called 999',
            options: YesNo,
          },
        ],
        summary: (a) => [{ key: '999 called', value: shown(YesNoLabels, a.emergencyServicesCalled) }],
        pointers: { '#/emergencyServicesCalled': 'emergencyServicesCalled' },
      },
      {
        slug: 'consent',
        title: 'Has the adult consented to this concern being raised?',
        fields: () => [
          {
            name: 'consent',
            kind: 'radios',
            label: 'Has the adult consented to this concern being raised?',
            hint: 'You can raise a concern without consent when others are at risk, or the adult lacks capacity.',
            isPageHeading: true,
            required: 'Select whether the adult consented',
            options: ConsentValues.map((c) => ({
              value: c,
              text: ConsentLabels[c] ?? c,
              ...(c === 'not_asked'
                ? {
                    reveals: [
                      {
                        name: 'consentReason',
                        kind: 'textarea' as const,
                        label: 'Why was the adult not asked?',
                      },
                    ],
                  }
                : {}),
            })),
          },
        ],
        validate: (a) =>
          a.consent === 'not_asked' && !a.consentReason
            ? [{ field: 'consentReason', text: 'Enter why the adult was not asked' }]
            : [],
        summary: (a) => [
          { key: 'Consent', value: shown(ConsentLabels, a.consent) },
          ...(a.consent === 'not_asked'
            ? [{ key: 'Why consent was not asked', value: a.consentReason ?? '' }]
            : []),
        ],
        pointers: { '#/consent': 'consent', '#/consentReason': 'consentReason' },
      },
      {
        slug: 'desired-outcomes',
        title: 'What does the adult want to happen?',
        fields: () => [
          {
            name: 'desiredOutcomes',
            kind: 'textarea',
            label: 'What does the adult want to happen?',
            hint: 'In their own words if you can (Making Safeguarding Personal). Leave it blank if you do not know.',
            isPageHeading: true,
          },
        ],
        summary: (a) => [{ key: 'What the adult wants', value: a.desiredOutcomes ?? 'Not known' }],
        pointers: { '#/desiredOutcomes': 'desiredOutcomes' },
      },
    ],
    toPayload: (a) => ({
      adultAtRisk: {
        name: a.adultName,
        ...(realDate(a, 'dateOfBirth') ? { dateOfBirth: realDate(a, 'dateOfBirth') } : {}),
      },
      category: a.category,
      summary: a.summary,
      occurredAt: occurredAt(a) ?? '',
      immediateRisk: bool(a.immediateRisk),
      ...(a.immediateRisk === 'true' && a.emergencyServicesCalled
        ? { emergencyServicesCalled: bool(a.emergencyServicesCalled) }
        : {}),
      ...(a.consent ? { consent: a.consent } : {}),
      ...(a.consent === 'not_asked' && a.consentReason ? { consentReason: a.consentReason } : {}),
      ...(a.desiredOutcomes ? { desiredOutcomes: a.desiredOutcomes } : {}),
    }),
    check: (payload) => {
      const result = RaiseConcernSchema.safeParse(payload);
      return result.success ? [] : fieldErrorsFromIssues(result.error.issues);
    },
    submit: async (ctx, payload, key) => {
      const input = parseOrThrow(RaiseConcernSchema, payload);
      return (await concerns.raise(ctx, payload, input, key)).view;
    },
    linkable: true,
    confirmation: {
      title: 'Concern raised',
      next: [
        'The council’s safeguarding team has been told and will decide what happens next; the case page shows when the decision is due.',
        'You will get an email (reference only) when the decision is made.',
      ],
    },
  };
}
