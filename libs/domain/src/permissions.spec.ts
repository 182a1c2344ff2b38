import { describe, expect, it } from '@jest/globals';
import { UserRoles, type CaseScopeFacts, type Principal, type UserRole } from '@vigil/contracts';
import { canSeeCase, caseScopeFor, roleMay, roleMayComplete, seesMasked } from './permissions';

const council = 'c0000000-0000-4000-8000-000000000001';
const sunrise = 'p0000000-0000-4000-8000-000000000002';
const oakwood = 'p0000000-0000-4000-8000-000000000003';
const team = 't0000000-0000-4000-8000-000000000010';

const principal = (role: UserRole, over: Partial<Principal> = {}): Principal => ({
  userId: `u-${role}`,
  role,
  organisationId: role.startsWith('provider') ? sunrise : council,
  organisationKind: role.startsWith('provider') ? 'provider' : 'council',
  councilId: council,
  teamId: ['council_officer', 'team_manager', 'head_of_service'].includes(role) ? team : null,
  commissionedProviderIds: role === 'commissioner' ? [sunrise, oakwood] : [],
  ...over,
});

const concern: CaseScopeFacts = {
  type: 'concern',
  providerId: sunrise,
  councilId: council,
  teamId: team,
  raisedBy: 'u-provider_staff',
  assigneeUserId: null,
};

describe('who may see a safeguarding concern', () => {
  it.each<[UserRole, boolean]>([
    ['provider_staff', true],
    ['provider_lead', true],
    ['council_officer', true],
    ['team_manager', true],
    ['head_of_service', true],
    ['lado', false],
    // Masked: for the providers they commission, without the adult's identity (DOMAIN §3, §7).
    ['commissioner', true],
    ['auditor', true],
  ])('%s → %s', (role, visible) => {
    expect(canSeeCase(principal(role), concern)).toBe(visible);
  });

  it('shows a commissioner only the providers they commission, and masked', () => {
    expect(canSeeCase(principal('commissioner', { commissionedProviderIds: [oakwood] }), concern)).toBe(
      false,
    );
    expect(canSeeCase(principal('commissioner', { councilId: 'another-council' }), concern)).toBe(false);
    expect(seesMasked(principal('commissioner'), 'concern')).toBe(true);
    expect(seesMasked(principal('council_officer'), 'concern')).toBe(false);
  });

  it('shows a Section 42 enquiry to the provider it is about, the council, not the provider’s staff', () => {
    const enquiry = { ...concern, type: 's42_enquiry', raisedBy: 'u-council_officer' };
    expect(canSeeCase(principal('provider_lead'), enquiry)).toBe(true);
    expect(canSeeCase(principal('provider_lead', { organisationId: oakwood }), enquiry)).toBe(false);
    expect(canSeeCase(principal('provider_staff'), enquiry)).toBe(false);
    expect(canSeeCase(principal('council_officer'), enquiry)).toBe(true);
    expect(canSeeCase(principal('lado'), enquiry)).toBe(false);
  });

  it('keeps a provider to its own cases and staff to the cases they raised', () => {
    expect(canSeeCase(principal('provider_lead', { organisationId: oakwood }), concern)).toBe(false);
    expect(canSeeCase(principal('provider_staff', { userId: 'someone-else' }), concern)).toBe(false);
  });

  it('keeps council roles to their council, and a team manager to the team', () => {
    expect(canSeeCase(principal('council_officer', { councilId: 'another-council' }), concern)).toBe(false);
    expect(canSeeCase(principal('team_manager', { teamId: 'another-team' }), concern)).toBe(false);
    expect(canSeeCase(principal('head_of_service', { teamId: 'another-team' }), concern)).toBe(true);
    expect(caseScopeFor(principal('team_manager', { teamId: null }))).toEqual({ kind: 'none' });
  });

  it('gives no scope to a role held at the wrong kind of organisation', () => {
    const atProvider = { organisationId: sunrise, organisationKind: 'provider' } as const;
    for (const role of ['council_officer', 'head_of_service', 'auditor'] as const) {
      expect(caseScopeFor(principal(role, atProvider))).toEqual({ kind: 'none' });
      expect(canSeeCase(principal(role, atProvider), concern)).toBe(false);
    }
    const atCouncil = { organisationId: council, organisationKind: 'council' } as const;
    expect(canSeeCase(principal('provider_lead', atCouncil), { ...concern, providerId: council })).toBe(
      false,
    );
  });
});

describe('what each role may do', () => {
  it('lets an auditor see a case only to read its audit trail', () => {
    expect(roleMay('auditor', 'case.read')).toBe(false);
    expect(roleMay('auditor', 'case.audit.read')).toBe(true);
  });

  it('lets only officers and team managers record a triage decision', () => {
    const allowed = UserRoles.filter((r) => roleMay(r, 'concern.triage'));
    expect(allowed).toEqual(['council_officer', 'team_manager']);
  });

  it('takes who completes each task from the registry: sign-off is a manager’s, the report the provider’s', () => {
    expect(UserRoles.filter((r) => roleMayComplete(r, 'sign_off'))).toEqual([
      'team_manager',
      'head_of_service',
    ]);
    expect(UserRoles.filter((r) => roleMayComplete(r, 'submit_provider_report'))).toEqual(['provider_lead']);
    expect(UserRoles.filter((r) => roleMayComplete(r, 'care_plan_review'))).toEqual(['provider_lead']);
  });

  it('lets provider users and officers raise concerns, and never the LADO or an auditor', () => {
    expect(roleMay('provider_lead', 'concern.raise')).toBe(true);
    expect(roleMay('council_officer', 'concern.raise')).toBe(true);
    expect(roleMay('lado', 'concern.raise')).toBe(false);
    expect(roleMay('auditor', 'concern.raise')).toBe(false);
  });
});
