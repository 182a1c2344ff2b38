import type { IncidentsService } from '@vigil/cases';
import { fieldErrorsFromIssues, IncidentCategories, RecordIncidentSchema } from '@vigil/contracts';
import { IncidentCategoryLabels, parseOrThrow, roleMay } from '@vigil/domain';
import { whenQuestion, whenValue } from './when-question';
import { shown, type QuestionFlow } from './question-flow';

const YesNoLabels: Record<string, string> = { true: 'Yes', false: 'No' };

/**
 * Reporting a serious incident in the browser (issue 9, DOMAIN §4.4): its category (specs/000 §24.1), when
 * it happened and when the provider knew, whether personal data was breached, and what happened.
 */
export function incidentFlow(incidents: IncidentsService): QuestionFlow {
  return {
    kind: 'incidents',
    name: 'Report a serious incident',
    intro: [
      'Report a serious incident to the council as soon as you know of it (your contract, section 24).',
      'The council’s safeguarding team and the commissioner are emailed the reference at once. Vigil then runs your deadlines: the initial review, the duty-of-candour letter, the CQC within 24 hours and the ICO within 72 hours where they must be told, and the investigation report.',
      'A threat to the continuity of your service is also your continuity report: the council must hear within 1 working day of you knowing, or 4 hours if anyone’s care is interrupted, and it opens a provider concern.',
    ],
    mayStart: (principal) =>
      roleMay(principal.role, 'incident.record') && principal.organisationKind === 'provider',
    questions: [
      {
        slug: 'category',
        title: 'What kind of serious incident is it?',
        fields: () => [
          {
            name: 'category',
            kind: 'radios',
            label: 'What kind of serious incident is it?',
            isPageHeading: true,
            required: 'Select the kind of serious incident',
            options: IncidentCategories.map((c) => ({ value: c, text: IncidentCategoryLabels[c] ?? c })),
          },
        ],
        summary: (a) => [{ key: 'Kind', value: shown(IncidentCategoryLabels, a.category) }],
        pointers: { '#/category': 'category' },
      },
      {
        slug: 'care-interrupted',
        title: 'Was anyone’s care interrupted?',
        when: (a) => a.category === 'service_continuity',
        fields: () => [
          {
            name: 'careInterrupted',
            kind: 'radios',
            label: 'Was anyone’s care interrupted?',
            hint: 'If it was, the council must hear within 4 hours of you knowing; otherwise within 1 working day. Say now whether alternative care is being found, under What happened.',
            isPageHeading: true,
            required: 'Select yes if anyone’s care was interrupted',
            options: [
              { value: 'true', text: 'Yes' },
              { value: 'false', text: 'No' },
            ],
          },
        ],
        summary: (a) => [{ key: 'Care interrupted', value: shown(YesNoLabels, a.careInterrupted) }],
        pointers: { '#/careInterrupted': 'careInterrupted' },
      },
      whenQuestion('when', 'When did it happen?', 'occurred', '#/occurredAt', true),
      whenQuestion('aware', 'When did you become aware of it?', 'aware', '#/awareAt', false),
      {
        slug: 'personal-data',
        title: 'Was personal data lost, stolen or exposed?',
        when: (a) => a.category !== 'information_security_breach',
        fields: () => [
          {
            name: 'personalDataBreach',
            kind: 'radios',
            label: 'Was personal data lost, stolen or exposed?',
            hint: 'If it was, the ICO must be told within 72 hours (UK GDPR Article 33).',
            isPageHeading: true,
            required: 'Select yes if personal data was lost, stolen or exposed',
            options: [
              { value: 'true', text: 'Yes' },
              { value: 'false', text: 'No' },
            ],
          },
        ],
        summary: (a) => [{ key: 'Personal data breached', value: shown(YesNoLabels, a.personalDataBreach) }],
        pointers: { '#/personalDataBreach': 'personalDataBreach' },
      },
      {
        slug: 'what-happened',
        title: 'What happened?',
        fields: () => [
          {
            name: 'summary',
            kind: 'textarea',
            label: 'What happened?',
            hint: 'It stays in Vigil: emails only ever carry the reference.',
            isPageHeading: true,
            required: 'Enter what happened',
          },
        ],
        summary: (a) => [{ key: 'What happened', value: a.summary ?? 'Not given' }],
        pointers: { '#/summary': 'summary' },
      },
    ],
    toPayload: (a) => ({
      category: a.category,
      occurredAt: whenValue(a, 'occurred') ?? '',
      ...(whenValue(a, 'aware') ? { awareAt: whenValue(a, 'aware') } : {}),
      ...(a.personalDataBreach ? { personalDataBreach: a.personalDataBreach === 'true' } : {}),
      ...(a.category === 'service_continuity' && a.careInterrupted
        ? { careInterrupted: a.careInterrupted === 'true' }
        : {}),
      summary: a.summary,
    }),
    check: (payload) => {
      const result = RecordIncidentSchema.safeParse(payload);
      return result.success ? [] : fieldErrorsFromIssues(result.error.issues);
    },
    submit: async (ctx, payload, key) => {
      const input = parseOrThrow(RecordIncidentSchema, payload);
      return (await incidents.record(ctx, payload, input, key)).view;
    },
    confirmation: {
      title: 'Serious incident reported',
      next: [
        'The council’s safeguarding team and the commissioner have been emailed the reference.',
        'The case page lists your steps and when each is due.',
      ],
    },
  };
}
