import type { NotificationsService } from '@vigil/cases';
import { fieldErrorsFromIssues, NotificationTriggers, RecordNotificationSchema } from '@vigil/contracts';
import { londonDate, NotificationTriggerLabels, parseOrThrow, roleMay } from '@vigil/domain';
import { dateValue, londonDateTimeValue, timeOf } from '../tasks/task-forms';
import { shown, type Answers, type Question, type QuestionFlow } from './question-flow';

/** "When …" as a date and a time (both needed), London time. */
function whenQuestion(
  slug: string,
  title: string,
  name: string,
  pointer: string,
  required: boolean,
): Question {
  const dateName = `${name}On`;
  const timeName = `${name}Time`;
  return {
    slug,
    title,
    fields: () => [
      {
        name: dateName,
        kind: 'date',
        label: 'Date',
        hint: 'For example, 27 11 2026',
        ...(required ? { required: 'Enter the date' } : {}),
      },
      {
        name: timeName,
        kind: 'text',
        label: 'Time',
        hint: 'For example, 14:30 or 2:30pm',
        ...(required ? { required: 'Enter the time' } : {}),
        inputClasses: 'govuk-input--width-5',
        autocomplete: 'off',
      },
    ],
    validate: (a) => {
      if (!a[`${dateName}-day`] && !a[timeName]) return [];
      if (!timeOf(a[timeName])) return [{ field: timeName, text: 'Enter the time like 14:30 or 2:30pm' }];
      return londonDateTimeValue(a, dateName, timeName)
        ? []
        : [{ field: dateName, text: 'Enter a real date, like 27 11 2026' }];
    },
    summary: (a) => [
      {
        key: title.replace(/\?$/, ''),
        value: dateValue(a, dateName)
          ? `${londonDate(`${dateValue(a, dateName)}T12:00:00Z`)}, ${a[timeName] ?? ''}`
          : 'Not given',
      },
    ],
    pointers: { [pointer]: dateName },
  };
}

const instant = (a: Answers, name: string): string | undefined =>
  londonDateTimeValue(a, `${name}On`, `${name}Time`) || undefined;

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
      occurredAt: instant(a, 'occurred') ?? '',
      ...(instant(a, 'aware') ? { awareAt: instant(a, 'aware') } : {}),
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
