import type { AuditItem } from '@vigil/cases';
import type { Principal } from '@vigil/contracts';
import { AuditActionLabels, label, OutcomeLabels, roleLabel } from '@vigil/domain';
import { caseSubNavigation, type SubNavItem } from './case-overview.view-model';

export interface AuditTrailView {
  pageTitle: string;
  navSection: 'cases';
  caseId: string;
  /** From the trail's own `case.created` event: the trail never needs the case itself (auditors cannot read it). */
  reference: string | null;
  subNavigation: SubNavItem[];
  csvUrl: string;
  total: number;
  rows: {
    at: string;
    action: string;
    outcome: string;
    refused: boolean;
    role: string;
    userId: string;
    ip: string;
  }[];
}

/** A case's audit trail, oldest first: when, what, outcome, who (role and user ID) and from where. */
export function auditTrailView(
  caseId: string,
  trail: { items: AuditItem[]; total: number },
  principal: Principal,
): AuditTrailView {
  const created = trail.items.find((i) => i.action === 'case.created');
  const reference = typeof created?.details.reference === 'string' ? created.details.reference : null;
  return {
    pageTitle: reference ? `Audit trail for ${reference}` : 'Audit trail',
    navSection: 'cases',
    caseId,
    reference,
    subNavigation: caseSubNavigation(caseId, principal, 'audit'),
    csvUrl: `/cases/${caseId}/audit.csv`,
    total: trail.total,
    rows: trail.items.map((i) => ({
      at: i.at,
      action: label(AuditActionLabels, i.action),
      outcome: label(OutcomeLabels, i.outcome),
      refused: i.outcome !== 'success',
      role: i.actor.role ? roleLabel(i.actor.role) : 'System',
      userId: i.actor.userId ?? 'None',
      ip: i.ip ?? 'Not recorded',
    })),
  };
}
