import type { NotificationsService } from '@vigil/cases';
import { fieldErrorsFromIssues, NotificationTriggers, RecordNotificationSchema } from '@vigil/contracts';
import { NotificationTriggerLabels, parseOrThrow, roleMay } from '@vigil/domain';
import { shown, type QuestionFlow } from './question-flow';
import { whenQuestion, whenValue } from './when-question';

/**
 * Sending a notification to the commissioner in the browser (issue 9, DOMAIN §4.6): which of the ten events,
 * when it happened and when the provider knew, what happened, and (when late) why. Provider leads only.
 */
export function notificationFlow(notifications: NotificationsService): QuestionFlow {
  return {
    kind: 'notifications',
    name: 'Notify the commissioner',
    intro: [
      'Tell the commissioning team about the events your contract lists (Standard 16.1) as soon as it is practical: within 24 hours of knowing.',
      'The commissioner is emailed at once with the reference. A notification sent after 24 hours is recorded as late, with your reason.',
    ],
    mayStart: (principal) =>
      roleMay(principal.role, 'notification.record') && principal.organisationKind === 'provider',
    questions: [
      {
        slug: 'trigger',
        title: 'What are you notifying the commissioner of?',
        fields: () => [
          {
            name: 'trigger',
            kind: 'radios',
            label: 'What are you notifying the commissioner of?',
            isPageHeading: true,
            required: 'Select what you are notifying the commissioner of',
            options: NotificationTriggers.map((t) => ({ value: t, text: NotificationTriggerLabels[t] ?? t })),
          },
        ],
        summary: (a) => [{ key: 'About', value: shown(NotificationTriggerLabels, a.trigger) }],
        pointers: { '#/trigger': 'trigger' },
      },
      whenQuestion('when', 'When did it happen?', 'occurred', '#/occurredAt', true),
      whenQuestion('aware', 'When did you become aware of it?', 'aware', '#/awareAt', false),
      {
        slug: 'what-happened',
        title: 'What happened?',
        fields: () => [
          {
            name: 'summary',
            kind: 'textarea',
            label: 'What happened?',
            hint: 'It stays in Vigil: the email to the commissioner carries only the reference.',
            isPageHeading: true,
            required: 'Enter what happened',
          },
        ],
        summary: (a) => [{ key: 'What happened', value: a.summary ?? 'Not given' }],
        pointers: { '#/summary': 'summary' },
      },
      {
        slug: 'late',
        title: 'If this is more than 24 hours after you knew, why?',
        fields: () => [
          {
            name: 'lateReason',
            kind: 'textarea',
            label: 'If this is more than 24 hours after you knew, why?',
            hint: 'Leave it blank if you are within 24 hours. A late notification needs a reason.',
            isPageHeading: true,
          },
        ],
        summary: (a) => (a.lateReason ? [{ key: 'Why it is late', value: a.lateReason }] : []),
        pointers: { '#/lateReason': 'lateReason' },
      },
    ],
    toPayload: (a) => ({
      trigger: a.trigger,
      occurredAt: whenValue(a, 'occurred') ?? '',
      ...(whenValue(a, 'aware') ? { awareAt: whenValue(a, 'aware') } : {}),
      summary: a.summary,
      ...(a.lateReason ? { lateReason: a.lateReason } : {}),
    }),
    check: (payload) => {
      const result = RecordNotificationSchema.safeParse(payload);
      return result.success ? [] : fieldErrorsFromIssues(result.error.issues);
    },
    submit: async (ctx, payload, key) => {
      const input = parseOrThrow(RecordNotificationSchema, payload);
      return (await notifications.record(ctx, payload, input, key)).view;
    },
    confirmation: {
      title: 'Commissioner notified',
      next: [
        'The commissioner has been emailed the reference.',
        'They may acknowledge it; you need do nothing more.',
      ],
    },
  };
}
