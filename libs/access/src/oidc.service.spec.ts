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
      mapClaims(
        {
          sub: 'abc-1',
          email: 'Officer@Council.example',
          email_verified: true,
          groups: ['staff', 'sg-officers'],
          org,
        },
        oidc,
      ),
    ).toEqual({
      subject: 'abc-1',
      email: 'officer@council.example',
      role: 'council_officer',
      organisationId: org,
    });
  });

  it('with a role map, gives no role for an unmapped value, even one spelt like a Vigil role', () => {
    const base = { sub: 'abc-1', email: 'a@b.example', email_verified: true, org };
    expect(() => mapClaims({ ...base, groups: 'head_of_service' }, oidc)).toThrow('no Vigil role');
    // Without a map, the claim must name the role itself.
    expect(mapClaims({ ...base, groups: 'auditor' }, { ...oidc, roleMap: {} }).role).toBe('auditor');
  });

  const ok = { sub: 'abc-1', email: 'a@b.example', email_verified: true };
  it.each([
    [{ sub: 'abc-1', email_verified: true, groups: ['sg-officers'], org }, 'verified email'],
    [{ ...ok, email_verified: false, groups: ['sg-officers'], org }, 'verified email'],
    [{ sub: 'abc-1', email: 'a@b.example', groups: ['sg-officers'], org }, 'verified email'],
    [{ ...ok, email_verified: 'true', groups: ['sg-officers'], org }, 'verified email'],
    [{ email: 'a@b.example', email_verified: true, groups: ['sg-officers'], org }, 'no subject'],
    [{ ...ok, groups: ['staff'], org }, 'no Vigil role'],
    [{ ...ok, groups: ['sg-officers'], org: 'Riverside' }, 'no Vigil organisation'],
  ])('refuses %p', (claims, message) => {
    expect(() => mapClaims(claims, oidc)).toThrow(VigilError);
    expect(() => mapClaims(claims, oidc)).toThrow(message);
  });
});
