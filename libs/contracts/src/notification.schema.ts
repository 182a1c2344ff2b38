import { z } from 'zod';
import { narrative, requiredText } from './fields';

/**
 * DOMAIN §4.6: a notification to the commissioner. The ten triggers of specs/004 §16.1 go to the
 * commissioning team "as soon as it is practical" (the T-prompt tier, `notice.prompt`, 24 hours from when
 * the provider became aware).
 */
export const SpecifiedNotificationTriggers = [
  'refusal_of_services',
  'serious_accident_or_injury',
  'death',
  'infectious_disease_outbreak',
  'emergency',
  'legacy_or_bequest',
  'unplanned_absence',
  'hospital_admission',
  'safeguarding_investigation',
  'unable_to_gain_access',
] as const;

/**
 * The other seed duties to tell the commissioner that no other case type covers (DOMAIN §4.6 "Other seed
 * triggers"), each with its tier: failure to deliver and a change of contract manager are T-prompt
 * (`notice.prompt`); the rest are T-timely (`notice.timely`, 2 working days).
 */
export const OtherNotificationTriggers = [
  'failure_to_deliver',
  'contract_manager_change',
  'capacity_or_urgent_issue',
  'exclusion',
  'risk_to_delivery',
  'financial_difficulty',
  'significant_change_in_needs',
  'safeguarding_lead_change',
  'court_of_protection_application',
] as const;

export const NotificationTriggers = [...SpecifiedNotificationTriggers, ...OtherNotificationTriggers] as const;
export type NotificationTrigger = (typeof NotificationTriggers)[number];

/** The policy clock that sets each trigger's window (DOMAIN §4.0 tiers), from when the provider became aware. */
export const NotificationTriggerTiers: Record<NotificationTrigger, 'notice.prompt' | 'notice.timely'> = {
  ...(Object.fromEntries(SpecifiedNotificationTriggers.map((t) => [t, 'notice.prompt'])) as Record<
    (typeof SpecifiedNotificationTriggers)[number],
    'notice.prompt'
  >),
  failure_to_deliver: 'notice.prompt',
  contract_manager_change: 'notice.prompt',
  capacity_or_urgent_issue: 'notice.timely',
  exclusion: 'notice.timely',
  risk_to_delivery: 'notice.timely',
  financial_difficulty: 'notice.timely',
  significant_change_in_needs: 'notice.timely',
  safeguarding_lead_change: 'notice.timely',
  court_of_protection_application: 'notice.timely',
};

export const NotificationStatuses = ['sent', 'sent_late', 'acknowledged'] as const;
export type NotificationStatus = (typeof NotificationStatuses)[number];

const FUTURE_SKEW_MS = 5 * 60 * 1000;
const pastInstant = (label: string) =>
  z.iso
    .datetime({
      offset: true,
      error: `Enter ${label} as an ISO-8601 date and time, like 2026-03-04T14:15:00Z`,
    })
    .refine((v) => Date.parse(v) <= Date.now() + FUTURE_SKEW_MS, {
      error: `${label.charAt(0).toUpperCase()}${label.slice(1)} must not be in the future`,
    });

/** `POST /api/v1/notifications` (a provider lead). */
export const RecordNotificationSchema = z
  .object({
    trigger: z.enum(NotificationTriggers, {
      error: `Choose the trigger: ${NotificationTriggers.join(', ')}`,
    }),
    occurredAt: pastInstant('when it happened'),
    /** When the provider became aware; the window runs from here (from when it happened when not given). */
    awareAt: pastInstant('when you became aware').optional(),
    summary: requiredText('what happened', 10_000, 'The summary'),
    /** Required when the notice is sent after its window. */
    lateReason: narrative('The reason it is late', 5_000),
    linkedCaseId: z.uuid({ error: 'The linked case ID must be a UUID' }).optional(),
  })
  .refine((v) => !v.awareAt || Date.parse(v.awareAt) >= Date.parse(v.occurredAt), {
    error: 'When you became aware must be the same as or after when it happened',
    path: ['awareAt'],
  });
export type RecordNotification = z.infer<typeof RecordNotificationSchema>;

/** Strict: an acknowledgement carries at most a note, so a stray body cannot acknowledge by accident. */
export const AcknowledgeNotificationSchema = z
  .strictObject({ note: narrative('The note', 2_000) }, { error: 'Send {} or { "note": "…" }' })
  .meta({ id: 'AcknowledgeNotification' });
