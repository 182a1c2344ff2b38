import type { ClockKey } from '../../contracts/src/clock-keys';
import type { UserRole } from '../../contracts/src/roles';
import { CaseDefinitions, CaseRegistry } from './cases/registry';

/*
 * One set of words for the enums that pages and emails show (issue 7): a deadline reads the same in an
 * email and on a page. Everything here is a fixed label: no personal data passes through.
 */

export const label = (labels: Record<string, string>, value: string | null | undefined): string =>
  value ? (labels[value] ?? value) : '';

export const RoleLabels: Record<UserRole, string> = {
  provider_staff: 'Provider staff',
  provider_lead: 'Provider safeguarding lead',
  council_officer: 'Council officer',
  team_manager: 'Team manager',
  head_of_service: 'Head of service',
  lado: 'LADO',
  commissioner: 'Commissioner',
  auditor: 'Auditor',
};

export const roleLabel = (role: string | null | undefined): string =>
  role ? (RoleLabels[role as UserRole] ?? role) : 'System';

/** Who a notice or a ladder rung reaches, as a phrase ("You are receiving this as the team manager"). */
export const RecipientLabels: Record<string, string> = {
  assignee: 'the assigned officer or triage team',
  team_manager: 'the team manager',
  head_of_service: 'the head of service',
  provider_manager: 'the provider manager',
  commissioner: 'the commissioner',
  lado: 'the LADO',
  edt: 'the emergency duty team',
  raiser: 'the person who raised the case',
  line_manager: 'their line manager',
};

export const CaseTypeLabels: Record<string, string> = Object.fromEntries(
  CaseDefinitions.map((d) => [d.type, d.label]),
);

/** Status words per case type ("Awaiting triage"); the same status key may read differently per type. */
export function statusLabel(type: string, status: string): string {
  const def = (CaseRegistry as Record<string, (typeof CaseDefinitions)[number] | undefined>)[type];
  return def?.statusLabels[status] ?? status;
}

export function statusTag(type: string, status: string): { text: string; classes: string } {
  const def = (CaseRegistry as Record<string, (typeof CaseDefinitions)[number] | undefined>)[type];
  return { text: statusLabel(type, status), classes: def?.statusColours[status] ?? 'govuk-tag--grey' };
}

export const TaskLabels: Record<string, string> = Object.fromEntries(
  CaseDefinitions.flatMap((d) => d.tasks.map((t) => [t.type, t.label])),
);

/** Each clock as a deadline's name: "Triage decision" on a page, "triage decision" in an email sentence. */
export const ClockLabels: Record<ClockKey, string> = {
  'concern.triage': 'Triage decision',
  'concern.urgent_triage': 'Urgent triage decision (immediate risk)',
  'concern.care_plan_review': 'Care plan review',
  'notice.safeguarding': 'Safeguarding notice to the commissioner',
  'notice.investigation': 'Notice of the investigation to the commissioning team',
  'notice.improper_conduct': 'Notice of improper conduct to the commissioner',
  'notice.si': 'Serious incident notice',
  'notice.prompt': 'Notice (as soon as practical)',
  'notice.timely': 'Notice (in a timely manner)',
  's42.msp_views': 'Adult’s views (Making Safeguarding Personal)',
  's42.strategy': 'Enquiry strategy and lead decision',
  's42.urgent_strategy': 'Urgent enquiry strategy (immediate risk)',
  's42.provider_report': 'Provider’s enquiry report',
  's42.outcome': 'Enquiry outcome',
  's42.plan_review': 'Safeguarding plan review',
  's42.signoff': 'Manager sign-off',
  'allegation.confirm_suspension': 'Confirmation of suspension',
  'allegation.lado_referral': 'Referral to the LADO',
  'allegation.lado_evaluation': 'LADO evaluation meeting',
  'allegation.dbs_referral_decision': 'DBS referral decision',
  'allegation.regulator_referral_decision': 'Regulator referral decision',
  'allegation.suspension_review': 'Suspension review',
  'allegation.resolution': 'Allegation resolution review',
  'incident.external_report': 'External incident report',
  'incident.cqc_notification': 'CQC notification',
  'incident.ico_notification': 'ICO notification',
  'incident.duty_of_candour': 'Duty of candour letter',
  'incident.initial_review': 'Initial incident review',
  'incident.si_meeting_decision': 'Serious incident meeting decision',
  'incident.investigation_report': 'Investigation report',
  'complaint.social_worker_notice': 'Notice to the social worker',
  'complaint.acknowledge': 'Complaint acknowledgement',
  'complaint.commissioner': 'Notice of a serious complaint to the commissioner',
  'complaint.feedback_reply': 'Reply to written feedback',
  'complaint.update': 'Complaint update',
  'complaint.respond': 'Complaint response',
  'complaint.six_months': 'Six-month complaint letter',
  'complaint.share_outcome': 'Complaint outcome shared with the council',
  'provider.continuity': 'Continuity report',
  'provider.continuity_interrupted': 'Continuity report (care interrupted)',
  'provider.referral_decision': 'Decision on suspending referrals',
  'provider.siap_submit': 'Service improvement action plan',
  'provider.siap_action': 'Action plan item',
  'provider.siap_review': 'Action plan review',
  'provider.notice_compliance': 'Notice compliance review',
  'provider.resumption_review': 'Phased resumption review',
  'provider.lse_decision': 'Large-scale enquiry decision',
  'provider.affected_people': 'List of people affected',
  'provider.notice_period': 'Notice period',
  'returns.pi_return': 'PI return',
  'returns.low_level_concerns': 'Low-level concerns return',
  'returns.periodic_report': 'Periodic report',
};

export const clockLabel = (name: string | null | undefined): string =>
  name ? (ClockLabels[name as ClockKey] ?? name.replace(/[._]/g, ' ')) : 'Deadline';

export const DecisionLabels: Record<string, string> = {
  section_42_enquiry: 'Section 42 enquiry',
  no_further_action: 'No further action',
  signpost: 'Signpost',
};

export const CategoryLabels: Record<string, string> = {
  physical: 'Physical abuse',
  sexual: 'Sexual abuse',
  psychological: 'Psychological or emotional abuse',
  financial: 'Financial or material abuse',
  neglect: 'Neglect and acts of omission',
  discriminatory: 'Discriminatory abuse',
  organisational: 'Organisational abuse',
  domestic_abuse: 'Domestic abuse',
  modern_slavery: 'Modern slavery',
  self_neglect: 'Self-neglect',
};

export const ConsentLabels: Record<string, string> = {
  given: 'Given',
  refused: 'Refused',
  lacks_capacity: 'The adult lacks capacity to consent',
  not_asked: 'Not asked',
};

export const MspLabels: Record<string, string> = {
  outcomes_expressed: 'Asked, and the adult expressed desired outcomes',
  none_expressed: 'Asked, and the adult expressed none',
  not_asked: 'Not asked',
};
export const CapacityLabels: Record<string, string> = {
  has_capacity: 'Has capacity',
  lacks_capacity: 'Lacks capacity',
  not_assessed: 'Not assessed',
};
export const EnquiryLeadLabels: Record<string, string> = {
  council_led: 'The council leads the enquiry',
  provider_caused: 'The provider is caused to make enquiries',
};
export const EnquiryOutcomeLabels: Record<string, string> = {
  risk_identified_action_taken: 'Risk identified and action taken',
  risk_identified_no_action: 'Risk identified and no action taken',
  no_risk: 'No risk identified',
  ceased_at_request: 'Enquiry ceased at the adult’s request',
};
export const RiskNowLabels: Record<string, string> = {
  removed: 'Risk removed',
  reduced: 'Risk reduced',
  remains: 'Risk remains',
};
export const OutcomesMetLabels: Record<string, string> = {
  fully: 'Fully met',
  partly: 'Partly met',
  not: 'Not met',
  not_expressed: 'No outcomes were expressed',
};

export const AllegationOutcomeLabels: Record<string, string> = {
  substantiated: 'Substantiated',
  unsubstantiated: 'Unsubstantiated',
  unfounded: 'Unfounded',
  false: 'False',
  malicious: 'Malicious',
};
export const IncidentCategoryLabels: Record<string, string> = {
  unexpected_death: 'Unexpected or avoidable death',
  serious_harm: 'Serious harm',
  service_continuity: 'Threat to continuity of service (including IT failure or loss of information)',
  allegation_of_abuse: 'Allegation of abuse',
  adverse_media: 'Adverse media interest',
  controlled_drugs: 'Controlled drugs incident',
  information_security_breach: 'Information-security breach',
  professional_standards_breach: 'Breach of professional standards',
};
export const NotificationTriggerLabels: Record<string, string> = {
  refusal_of_services: 'Consistent refusal of services, medication or medical attention',
  serious_accident_or_injury: 'Serious accident, illness or injury',
  death: 'Death during, or as a result of, service delivery',
  infectious_disease_outbreak: 'Outbreak of a notifiable infectious disease',
  emergency: 'Emergency, such as a fire or flood',
  legacy_or_bequest: 'Legacy or bequest',
  unplanned_absence: 'Unplanned absence',
  hospital_admission: 'Hospital admission',
  safeguarding_investigation: 'Safeguarding investigation',
  unable_to_gain_access: 'Unable to gain access to the home',
  failure_to_deliver: 'Failure to deliver the service',
  contract_manager_change: 'Change of contract manager',
  capacity_or_urgent_issue: 'Capacity or another urgent issue',
  exclusion: 'Exclusion of a person from the service',
  risk_to_delivery: 'Risk to delivering the service',
  financial_difficulty: 'Financial difficulty',
  significant_change_in_needs: 'Significant change in a person’s needs',
  safeguarding_lead_change: 'Change of safeguarding lead',
  court_of_protection_application: 'Court of Protection application needed',
};
export const ComplaintOutcomeLabels: Record<string, string> = {
  upheld: 'Upheld',
  partly_upheld: 'Partly upheld',
  not_upheld: 'Not upheld',
};
export const NoticeMethodLabels: Record<string, string> = {
  phone: 'By phone',
  email: 'By email',
  letter: 'By letter',
  in_person: 'In person',
};
/** The outcome words of each type that closes through `POST /cases/:id/close`. */
export const ProviderConcernOutcomeLabels: Record<string, string> = {
  standard_reached: 'Improvements evidenced and the required standard reached',
  no_action_needed: 'No action needed',
  decommissioned: 'Decommissioned',
};
export const ReferralStatusLabels: Record<string, string> = {
  open: 'Open to referrals',
  suspended: 'Referrals suspended',
  phased_resumption: 'Phased resumption',
  closed_to_new_business: 'Closed to new business',
  decommissioned: 'Decommissioned',
};
export const ReferralStatusColours: Record<string, string> = {
  open: 'govuk-tag--green',
  suspended: 'govuk-tag--red',
  phased_resumption: 'govuk-tag--purple',
  closed_to_new_business: 'govuk-tag--orange',
  decommissioned: 'govuk-tag--grey',
};
export const ContinuityStageLabels: Record<string, string> = {
  invoked: 'Business continuity plan invoked',
  early_warning: 'Early warning',
  back_to_normal: 'Back to normal',
  review: 'Plan reviewed',
};
export const ProviderNoticeLabels: Record<string, string> = {
  improvement: 'Improvement Notice',
  default: 'Default Notice',
};
/** The outcome words of each type that closes through `POST /cases/:id/close`. */
export const CloseOutcomeLabels: Record<string, Record<string, string>> = {
  allegation: AllegationOutcomeLabels,
  complaint: ComplaintOutcomeLabels,
  provider_concern: ProviderConcernOutcomeLabels,
};
export const EmploymentOutcomeLabels: Record<string, string> = {
  no_change: 'No change',
  dismissed: 'Dismissed',
  resigned: 'Resigned',
  retired: 'Retired',
  removed_from_regulated_activity: 'Removed from regulated activity',
};
export const LadoDecisionLabels: Record<string, string> = {
  threshold_met: 'Threshold met',
  threshold_not_met: 'Threshold not met',
  advice_only: 'Advice only',
};
export const LadoEvaluationStepLabels: Record<string, string> = {
  police_investigation: 'Police investigation',
  childrens_social_care: 'Children’s social care enquiries',
  employer_investigation: 'The employer investigates',
  no_further_action: 'No further action',
};
export const ResolutionWaitLabels: Record<string, string> = {
  police_investigation: 'A police investigation',
  employer_investigation: 'The employer’s investigation',
  disciplinary_process: 'A disciplinary process',
  referral_decision: 'A referral decision (DBS or regulator)',
  other: 'Something else',
};
export const StaffTypeLabels: Record<string, string> = {
  employee: 'Employee',
  volunteer: 'Volunteer',
  agency: 'Agency',
};
export const RegulatorLabels: Record<string, string> = {
  NMC: 'Nursing and Midwifery Council (NMC)',
  GMC: 'General Medical Council (GMC)',
  HCPC: 'Health and Care Professions Council (HCPC)',
  SWE: 'Social Work England',
  other: 'Another regulator',
};

export const AuditActionLabels: Record<string, string> = {
  'case.created': 'Case created',
  'case.viewed': 'Case viewed',
  'case.listed': 'Case listed',
  'case.triaged': 'Triage decision recorded',
  'case.access_refused': 'Access refused',
  'case.transitioned': 'Case status changed',
  'case.revealed': 'Adult’s identity shown',
  'task.listed': 'Task listed',
  'task.completed': 'Task completed',
  'task.returned': 'Task returned',
  'task.extended': 'Due date moved',
  'dashboard.read': 'Dashboard read',
  'returns.read': 'Returns read',
  'providers.read': 'Providers read',
  'case.information_added': 'Information added',
  'auth.token_issued': 'API token issued',
  'auth.token_revoked': 'API token revoked',
  'auth.signed_in': 'Signed in',
  'auth.signed_out': 'Signed out',
  'auth.sign_in_failed': 'Sign-in failed',
  'case.audit_read': 'Audit trail read',
  'case.audit_exported': 'Audit trail downloaded',
  'case.break_glass': 'Emergency access opened',
  'email.sent': 'Email sent',
};

export const OutcomeLabels: Record<string, string> = {
  success: 'Success',
  refused: 'Refused',
  failed: 'Failed',
};

const recipientsText = (n: unknown): string => `${String(n)} recipient${n === 1 ? '' : 's'}`;

/** A sentence for each timeline kind, built from enums only (narrative is attached by the reader). */
export function timelineSummary(kind: string, d: Record<string, unknown>): string {
  switch (kind) {
    case 'concern.raised':
      return 'Concern raised';
    case 'enquiry.opened':
      return 'Section 42 enquiry opened';
    case 'allegation.raised':
      return 'Allegation raised';
    case 'allegation.employment_outcome_changed':
      return `Employment outcome changed: ${EmploymentOutcomeLabels[String(d.outcome)] ?? String(d.outcome)}`;
    case 'case.closed_with_outcome': {
      const words = Object.values(CloseOutcomeLabels).find((l) => l[String(d.outcome)])?.[String(d.outcome)];
      return `Closed: ${words ?? String(d.outcome)}`;
    }
    case 'incident.reported':
      return `Serious incident reported: ${IncidentCategoryLabels[String(d.category)] ?? String(d.category)}${
        d.careInterrupted === true ? ' (care interrupted)' : ''
      }`;
    case 'incident.closed':
      return 'Incident closed';
    case 'notification.recorded':
      return `${d.late ? 'Sent late' : 'Sent'} to the commissioner: ${
        NotificationTriggerLabels[String(d.trigger)] ?? String(d.trigger)
      }`;
    case 'complaint.recorded':
      return d.affectsCare ? 'Complaint recorded (it affects the person’s care)' : 'Complaint recorded';
    case 'provider_concern.opened':
      return d.source === 'early_warning'
        ? `Opened by the early warning: ${String(d.count)} cases within ${String(d.window)}`
        : d.source === 'continuity'
          ? 'Opened by the provider’s continuity report'
          : 'Provider concern opened';
    case 'provider_concern.case_linked':
      return d.via === 'continuity'
        ? 'Linked: the provider’s continuity report'
        : `Linked by the early warning: ${CaseTypeLabels[String(d.linkedType)] ?? 'a case'}`;
    case 'case.information_added':
      return 'Information added';
    case 'provider_concern.plan_requested':
      return 'Action plan requested from the provider';
    case 'provider_concern.notice_issued':
      return `${ProviderNoticeLabels[String(d.kind)] ?? 'Notice'} issued`;
    case 'provider_concern.continuity_logged':
      return `Continuity log: ${ContinuityStageLabels[String(d.stage)] ?? String(d.stage)}`;
    case 'provider_concern.failure':
      return 'Provider failure instigated';
    case 'task.extended':
      return `Due date moved: ${TaskLabels[String(d.taskType)] ?? String(d.taskType)}`;
    case 'clock.breached':
      return `Deadline passed: ${clockLabel(String(d.clock))}`;
    case 'clock.escalated': {
      const to = RecipientLabels[String(d.role)] ?? String(d.role);
      return `Reminder ${String(d.rung)} sent to ${to} (${recipientsText(d.recipients)})`;
    }
    case 'concern.triaged':
      return `Triage decision: ${DecisionLabels[String(d.decision)] ?? String(d.decision)}`;
    case 'concern.withdrawn':
      return 'Concern withdrawn';
    case 'concern.merged':
      return 'Concern merged into another case';
    case 'concern.enquiry_closed':
      return `Enquiry closed: ${EnquiryOutcomeLabels[String(d.outcome)] ?? 'outcome recorded'}`;
    case 'task.completed':
      return `${TaskLabels[String(d.taskType)] ?? String(d.taskType)}: done`;
    case 'task.returned':
      return `${TaskLabels[String(d.taskType)] ?? String(d.taskType)}: returned`;
    case 'case.linked':
      return `Linked to ${CaseTypeLabels[String(d.linkedType)] ?? 'another case'}`;
    case 'case.closed':
      return 'Case closed';
    case 'case.break_glass':
      return 'Emergency (break-glass) access opened';
    case 'case.revealed':
      return 'The adult’s identity was shown to a commissioner';
    default:
      return kind;
  }
}
