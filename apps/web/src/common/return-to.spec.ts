import { describe, expect, it } from '@jest/globals';
import { safeReturnTo, sessionExpiredUrl, signInUrl } from './return-to';

describe('returnTo after sign-in', () => {
  it.each(['/cases', '/cases/7f0c2f4e-9a41-4e0f-8f43-7d5f1b8e2c11/audit', '/cases?status=closed&page=2'])(
    'keeps the local path %p',
    (path) => {
      expect(safeReturnTo(path)).toBe(path);
    },
  );

  it.each([
    'https://evil.example/',
    '//evil.example/cases',
    '/\\evil.example',
    'cases',
    '/sign-in?returnTo=/cases',
    '/sign-out',
    '/signed-out',
    '/session-expired?returnTo=/cases',
    '/cases/<script>',
    '/x'.repeat(300),
    42,
    undefined,
  ])('refuses %p', (value) => {
    expect(safeReturnTo(value)).toBeNull();
  });

  it('builds the session-expired address with the reason and the page to come back to', () => {
    expect(sessionExpiredUrl('idle', '/cases?status=closed')).toBe(
      '/session-expired?reason=idle&returnTo=%2Fcases%3Fstatus%3Dclosed',
    );
    expect(sessionExpiredUrl('absolute', null)).toBe('/session-expired?reason=absolute');
    expect(sessionExpiredUrl('idle', '//evil.example')).toBe('/session-expired?reason=idle');
  });

  it('builds the sign-in address with the page to come back to, encoded', () => {
    expect(signInUrl('/cases?status=closed')).toBe('/sign-in?returnTo=%2Fcases%3Fstatus%3Dclosed');
    expect(signInUrl('/')).toBe('/sign-in');
    expect(signInUrl('//evil.example')).toBe('/sign-in');
  });
});
