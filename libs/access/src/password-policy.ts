/**
 * NCSC-style password rules: length over complexity, no composition rules, block the most common
 * choices and anything built from the user's own email address. (NCSC: "Password policy: updating your
 * approach"; a deny list rather than forced symbols, no forced expiry.)
 */
export const MIN_PASSWORD_LENGTH = 12;
export const MAX_PASSWORD_LENGTH = 256;

const COMMON = new Set([
  'password1234',
  'password12345',
  'password123456',
  'passwordpassword',
  'qwertyuiop12',
  'qwertyuiopasdf',
  '123456789012',
  '1234567890123',
  '12345678910111',
  'iloveyou1234',
  'letmein12345',
  'welcome12345',
  'changeme1234',
  'administrator',
  'safeguarding1',
  'safeguarding123',
  'monkey123456',
  'football1234',
  'aaaaaaaaaaaa',
  'abcdefghijkl',
  'abc123abc123',
  'trustno1trustno1',
  'sunshine1234',
  'princess1234',
]);

export function passwordProblems(password: string, email: string): string[] {
  const problems: string[] = [];
  if (password.length < MIN_PASSWORD_LENGTH)
    problems.push(`Use at least ${MIN_PASSWORD_LENGTH} characters, for example three random words`);
  if (password.length > MAX_PASSWORD_LENGTH) problems.push(`Use ${MAX_PASSWORD_LENGTH} characters or fewer`);
  const lowered = password.toLowerCase();
  if (COMMON.has(lowered) || /^(.)\1+$/.test(password))
    problems.push('Choose a password that is harder to guess');
  const local = email.split('@')[0]?.toLowerCase() ?? '';
  if (local.length >= 4 && lowered.includes(local))
    problems.push('Do not include your email address in your password');
  return problems;
}
