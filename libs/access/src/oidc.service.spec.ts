import { describe, expect, it } from '@jest/globals';
import { VigilError } from '@vigil/domain';
import { mapClaims } from './oidc.service';

const oidc = {
  roleClaim: 'groups',
  organisationClaim: 'org',
  roleMap: { 'sg-officers': 'council_officer', 'sg-managers': 'team_manager' },
};
const org = '00000000-0000-4000-8000-000000000001';

describe('mapping identity provider claims', () => {
  it('maps a group to a role and keeps the organisation', () => {
    expect(
      mapClaims({ email: 'Officer@Council.example', groups: ['staff', 'sg-officers'], org }, oidc),
    ).toEqual({
      email: 'officer@council.example',
      role: 'council_officer',
      organisationId: org,
    });
  });

  it('accepts a Vigil role name as it is when no map entry applies', () => {
    expect(mapClaims({ email: 'a@b.example', groups: 'auditor', org }, oidc).role).toBe('auditor');
  });

  it.each([
    [{ groups: ['sg-officers'], org }, 'verified email'],
    [{ email: 'a@b.example', email_verified: false, groups: ['sg-officers'], org }, 'verified email'],
    [{ email: 'a@b.example', groups: ['staff'], org }, 'no Vigil role'],
    [{ email: 'a@b.example', groups: ['sg-officers'], org: 'Riverside' }, 'no Vigil organisation'],
  ])('refuses %p', (claims, message) => {
    expect(() => mapClaims(claims, oidc)).toThrow(VigilError);
    expect(() => mapClaims(claims, oidc)).toThrow(message);
  });
});
