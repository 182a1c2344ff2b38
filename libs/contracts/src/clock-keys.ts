/**
 * Every clock DOMAIN.md names, as `<case type>.<clock>`. A policy file may set only these keys;
 * anything else is a start-up error. Workflows and screens refer to clocks by these names.
 */
export const ClockKeys = [
  // 4.1 Safeguarding concern
  'concern.triage',
  'concern.urgent_triage',
  'concern.care_plan_review',
  // Notices (4.0 tiers, 4.1–4.6)
  'notice.safeguarding',
  'notice.investigation',
  'notice.improper_conduct',
  'notice.si',
  'notice.prompt',
  'notice.timely',
  // 4.2 Section 42 enquiry
  's42.msp_views',
  's42.strategy',
  's42.urgent_strategy',
  's42.provider_report',
  's42.outcome',
  's42.plan_review',
  's42.signoff',
  // 4.3 Allegation against staff
  'allegation.confirm_suspension',
  'allegation.lado_referral',
  'allegation.lado_evaluation',
  'allegation.dbs_referral_decision',
  'allegation.regulator_referral_decision',
  'allegation.suspension_review',
  'allegation.resolution',
  // 4.4 Serious incident
  'incident.external_report',
  'incident.cqc_notification',
  'incident.ico_notification',
  'incident.duty_of_candour',
  'incident.initial_review',
  'incident.si_meeting_decision',
  'incident.investigation_report',
  // 4.5 Complaint
  'complaint.social_worker_notice',
  'complaint.acknowledge',
  'complaint.commissioner',
  'complaint.feedback_reply',
  'complaint.update',
  'complaint.respond',
  'complaint.six_months',
  'complaint.share_outcome',
  // 4.7 Provider concern and provider failure
  'provider.continuity',
  'provider.continuity_interrupted',
  'provider.referral_decision',
  'provider.siap_submit',
  'provider.siap_action',
  'provider.siap_review',
  'provider.notice_compliance',
  'provider.resumption_review',
  'provider.lse_decision',
  'provider.affected_people',
  'provider.notice_period',
  // 6 Returns
  'returns.pi_return',
  'returns.low_level_concerns',
  'returns.periodic_report',
] as const;
export type ClockKey = (typeof ClockKeys)[number];

export function isClockKey(value: string): value is ClockKey {
  return (ClockKeys as readonly string[]).includes(value);
}
