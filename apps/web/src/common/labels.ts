import type { UserRole } from '@vigil/contracts';

/*
 * Words for the enums pages show. Everything here is a fixed label: no personal data passes through.
 */

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

export const TaskLabels: Record<string, string> = {
  triage_decision: 'Triage decision',
};

export const ClockLabels: Record<string, string> = {
  'concern.triage': 'Triage',
  'concern.urgent_triage': 'Urgent triage (immediate risk)',
};

export const AuditActionLabels: Record<string, string> = {
  'case.created': 'Case created',
  'case.viewed': 'Case viewed',
  'case.listed': 'Case listed',
  'case.triaged': 'Triage decision recorded',
  'case.access_refused': 'Access refused',
  'task.listed': 'Task listed',
  'task.completed': 'Task completed',
  'auth.token_issued': 'API token issued',
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

export const label = (labels: Record<string, string>, value: string | null | undefined): string =>
  value ? (labels[value] ?? value) : '';
