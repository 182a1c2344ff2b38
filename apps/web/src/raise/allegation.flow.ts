import type { AllegationsService } from '@vigil/cases';
import { fieldErrorsFromIssues, RaiseAllegationSchema, Regulators, StaffTypes } from '@vigil/contracts';
import { parseOrThrow, RegulatorLabels, roleMay, StaffTypeLabels } from '@vigil/domain';
import type { FieldOption } from '../tasks/task-forms';
import { shown, type Answers, type FlowEnv, type QuestionFlow } from './question-flow';

const yesNo: FieldOption[] = [
  { value: 'true', text: 'Yes' },
  { value: 'false', text: 'No' },
];
const YesNoLabels: Record<string, string> = { true: 'Yes', false: 'No' };
const bool = (v: string | undefined): boolean | undefined =>
  v === 'true' ? true : v === 'false' ? false : undefined;
const NoRegulator = 'none';

/**
 * Raising an allegation against a member of a provider's staff in the browser (DOMAIN §4.3, issue 8): who it
 * is about, their role, whether they work with children (the LADO), the provider's regulated activity,
 * their regulator, and what is alleged. A council officer first chooses the provider.
 */
export function allegationFlow(allegations: AllegationsService): QuestionFlow {
  return {
    kind: 'allegations',
    name: 'Raise an allegation against a member of staff',
    intro: [
      'Use this when someone who works or volunteers for a care provider is alleged to have harmed, or put at risk, a person they support.',
      'The commissioner is told at once, by reference only. The provider must confirm the person’s suspension; where they work with children the LADO decides on a referral within one working day.',
      'You will need the person’s name and job title, and what is alleged. It takes about 5 minutes.',
    ],
    mayStart: (principal) => roleMay(principal.role, 'allegation.raise'),
    questions: [
      {
        slug: 'provider',
        title: 'Which provider is the allegation about?',
        when: (_a, env) => env.principal.organisationKind === 'council',
        fields: (env) => [
          {
            name: 'providerId',
            kind: 'radios',
            label: 'Which provider is the allegation about?',
            isPageHeading: true,
            required: 'Select the provider',
            options: env.providers.map((p) => ({ value: p.id, text: p.name })),
          },
        ],
        summary: (a, env) => [
          { key: 'Provider', value: env.providers.find((p) => p.id === a.providerId)?.name ?? 'Not given' },
        ],
        pointers: { '#/providerId': 'providerId' },
      },
      {
        slug: 'staff-member',
        title: 'Who is the allegation about?',
        fields: () => [
          {
            name: 'staffName',
            kind: 'text',
            label: 'Full name',
            required: 'Enter the staff member’s full name',
            inputClasses: 'govuk-!-width-two-thirds',
            autocomplete: 'off',
          },
          {
            name: 'jobTitle',
            kind: 'text',
            label: 'Job title',
            hint: 'For example, senior carer or night nurse',
            required: 'Enter their job title',
            inputClasses: 'govuk-!-width-two-thirds',
            autocomplete: 'off',
          },
        ],
        summary: (a) => [
          { key: 'Name', value: a.staffName ?? 'Not given' },
          { key: 'Job title', value: a.jobTitle ?? 'Not given' },
        ],
        pointers: { '#/staffMember/name': 'staffName', '#/staffMember/jobTitle': 'jobTitle' },
      },
      {
        slug: 'staff-type',
        title: 'How are they engaged?',
        fields: () => [
          {
            name: 'staffType',
            kind: 'radios',
            label: 'How are they engaged?',
            isPageHeading: true,
            required: 'Select whether they are an employee, a volunteer or agency staff',
            options: StaffTypes.map((t) => ({ value: t, text: StaffTypeLabels[t] ?? t })),
          },
        ],
        summary: (a) => [{ key: 'Engaged as', value: shown(StaffTypeLabels, a.staffType) }],
        pointers: { '#/staffMember/type': 'staffType' },
      },
      {
        slug: 'works-with-children',
        title: 'Do they work with children?',
        fields: () => [
          {
            name: 'worksWithChildren',
            kind: 'radios',
            label: 'Do they work with children?',
            hint: 'In this role or any other, paid or unpaid. If they do, the LADO (local authority designated officer) is told and decides on a referral within one working day.',
            isPageHeading: true,
            required: 'Select yes if they work with children',
            options: yesNo,
          },
        ],
        summary: (a) => [{ key: 'Works with children', value: shown(YesNoLabels, a.worksWithChildren) }],
        pointers: { '#/worksWithChildren': 'worksWithChildren' },
      },
      {
        slug: 'regulated-activity',
        title: 'Is the provider a regulated-activity provider?',
        fields: () => [
          {
            name: 'regulatedActivityProvider',
            kind: 'radios',
            label: 'Is the provider a regulated-activity provider?',
            hint: 'It provides regulated activity with adults or children (Safeguarding Vulnerable Groups Act 2006). This decides the DBS referral duty.',
            isPageHeading: true,
            required: 'Select yes if the provider is a regulated-activity provider',
            options: yesNo,
          },
        ],
        summary: (a) => [
          { key: 'Regulated-activity provider', value: shown(YesNoLabels, a.regulatedActivityProvider) },
        ],
        pointers: { '#/regulatedActivityProvider': 'regulatedActivityProvider' },
      },
      {
        slug: 'regulator',
        title: 'Are they registered with a professional regulator?',
        fields: () => [
          {
            name: 'regulator',
            kind: 'radios',
            label: 'Are they registered with a professional regulator?',
            hint: 'If they are, the provider must decide whether to refer them.',
            isPageHeading: true,
            required: 'Select their regulator, or that they are not registered',
            options: [
              ...Regulators.map((r) => ({ value: r, text: RegulatorLabels[r] ?? r })),
              { value: NoRegulator, text: 'No, they are not registered with a regulator' },
            ],
          },
        ],
        summary: (a) => [
          {
            key: 'Regulator',
            value: a.regulator === NoRegulator ? 'Not registered' : shown(RegulatorLabels, a.regulator),
          },
        ],
        pointers: { '#/regulator': 'regulator' },
      },
      {
        slug: 'allegation',
        title: 'What is alleged?',
        fields: () => [
          {
            name: 'summary',
            kind: 'textarea',
            label: 'What is alleged?',
            hint: 'Say what happened, when and where, and who was harmed or put at risk. This stays in Vigil: emails only ever carry the reference.',
            isPageHeading: true,
            required: 'Enter what is alleged',
          },
        ],
        summary: (a) => [{ key: 'What is alleged', value: a.summary ?? 'Not given' }],
        pointers: { '#/summary': 'summary' },
      },
    ],
    toPayload: (a: Answers, env: FlowEnv) => ({
      ...(env.principal.organisationKind === 'council' && a.providerId ? { providerId: a.providerId } : {}),
      staffMember: {
        name: a.staffName,
        jobTitle: a.jobTitle,
        ...(a.staffType ? { type: a.staffType } : {}),
      },
      worksWithChildren: bool(a.worksWithChildren),
      ...(a.regulatedActivityProvider
        ? { regulatedActivityProvider: bool(a.regulatedActivityProvider) }
        : {}),
      ...(a.regulator && a.regulator !== NoRegulator ? { regulator: a.regulator } : {}),
      summary: a.summary,
    }),
    check: (payload) => {
      const result = RaiseAllegationSchema.safeParse(payload);
      return result.success ? [] : fieldErrorsFromIssues(result.error.issues);
    },
    submit: async (ctx, payload, key) => {
      const input = parseOrThrow(RaiseAllegationSchema, payload);
      return (await allegations.raise(ctx, payload, input, key)).view;
    },
    linkable: true,
    confirmation: {
      title: 'Allegation raised',
      next: [
        'The commissioner has been told, by reference only.',
        'The provider must confirm the person’s suspension; the case page shows when it is due.',
        'Where the person works with children, the LADO has been asked for a referral decision.',
      ],
    },
  };
}
