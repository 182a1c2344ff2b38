import { describe, expect, it } from '@jest/globals';
import type { AuditItem } from '@vigil/cases';
import { auditTrailView } from './audit-trail.view-model';
import { buildPrincipal } from '../../../../test/factories/principal.factory';

const caseId = '7f0c2f4e-9a41-4e0f-8f43-7d5f1b8e2c11';
const item = (id: string, action: string, extra: Partial<AuditItem> = {}): AuditItem => ({
  id,
  seq: id,
  at: `2026-03-04T14:${id.padStart(2, '0')}:00Z`,
  action,
  outcome: 'success',
  actor: { userId: '00000000-0000-4000-8000-000000000103', role: 'council_officer', organisationId: null },
  ip: '192.0.2.1',
  correlationId: null,
  details: {},
  ...extra,
});

describe('audit trail view', () => {
  it('keeps the service order (oldest first) and puts events in words', () => {
    const view = auditTrailView(
      caseId,
      {
        items: [
          item('8', 'case.created', { details: { reference: 'VIG-2026-000001' } }),
          item('9', 'case.viewed'),
          item('10', 'case.access_refused', { outcome: 'refused' }),
        ],
        total: 3,
      },
      buildPrincipal('team_manager'),
    );
    expect(view.rows.map((r) => r.action)).toEqual(['Case created', 'Case viewed', 'Access refused']);
    expect(view.rows[2]).toEqual(
      expect.objectContaining({
        outcome: 'Refused',
        refused: true,
        role: 'Council officer',
        ip: '192.0.2.1',
      }),
    );
    expect(view.reference).toBe('VIG-2026-000001');
    expect(view.pageTitle).toBe('Audit trail for VIG-2026-000001');
    expect(view.csvUrl).toBe(`/cases/${caseId}/audit.csv`);
  });

  it('gives managers the overview tab but auditors only the trail (they may not read the case)', () => {
    const trail = { items: [], total: 0 };
    expect(
      auditTrailView(caseId, trail, buildPrincipal('team_manager')).subNavigation.map((i) => i.text),
    ).toEqual(['Overview', 'Audit trail']);
    expect(auditTrailView(caseId, trail, buildPrincipal('auditor')).subNavigation.map((i) => i.text)).toEqual(
      ['Audit trail'],
    );
  });

  it('names system events and missing addresses instead of leaving cells blank', () => {
    const view = auditTrailView(
      caseId,
      {
        items: [
          item('1', 'email.sent', { actor: { userId: null, role: null, organisationId: null }, ip: null }),
        ],
        total: 1,
      },
      buildPrincipal('auditor'),
    );
    expect(view.rows[0]).toEqual(
      expect.objectContaining({ role: 'System', userId: 'None', ip: 'Not recorded' }),
    );
    expect(view.pageTitle).toBe('Audit trail');
  });
});
