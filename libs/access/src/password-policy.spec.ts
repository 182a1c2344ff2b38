import { describe, expect, it } from '@jest/globals';
import { passwordProblems } from './password-policy';

describe('password rules (NCSC style)', () => {
  it('accepts three random words, with no symbol or digit demanded', () => {
    expect(passwordProblems('correct horse battery', 'officer@riverside.example')).toEqual([]);
  });

  it.each([
    ['short1', 'Use at least 12 characters, for example three random words'],
    ['password1234', 'Choose a password that is harder to guess'],
    ['zzzzzzzzzzzzzz', 'Choose a password that is harder to guess'],
    ['officer-of-the-year', 'Do not include your email address in your password'],
  ])('refuses %p', (password, problem) => {
    expect(passwordProblems(password, 'officer@riverside.example')).toContain(problem);
  });
});
