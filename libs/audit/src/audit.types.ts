/** What was done; an enum, so the trail never carries narrative. */
export const AuditActions = [
  'case.created',
  'case.viewed',
  'case.listed',
  'case.triaged',
  'case.access_refused',
  'case.transitioned',
  'case.revealed',
  'task.listed',
  'task.completed',
  'task.returned',
  'task.extended',
  'dashboard.read',
  'returns.read',
  'returns.submitted',
  'providers.read',
  'case.information_added',
  'case.assigned',
  'auth.token_issued',
  'auth.token_revoked',
  'auth.signed_in',
  'auth.signed_out',
  'auth.sign_in_failed',
  'case.audit_read',
  'case.audit_exported',
  'case.break_glass',
  'email.sent',
] as const;
export type AuditAction = (typeof AuditActions)[number];

export interface AuditActor {
  userId: string;
  role: string;
  organisationId: string;
}

export interface AuditEventInput {
  actor: AuditActor | null;
  action: AuditAction;
  outcome: 'success' | 'refused' | 'failed';
  subjectType?: string;
  subjectId?: string;
  ip?: string | null;
  correlationId?: string | null;
  /** IDs, enums, counts and reasons codes only. */
  details?: Record<string, unknown>;
}
