import { describe, expect, it } from '@jest/globals';
import { parseForm } from '../common/forms';
import { SignInFormSchema } from './sign-in.form';

describe('sign-in form', () => {
  it('accepts an email address and a password, trimming the address', () => {
    expect(parseForm(SignInFormSchema, { email: ' officer@riverside.example ', password: 'x y z' })).toEqual({
      ok: true,
      value: { email: 'officer@riverside.example', password: 'x y z' },
    });
  });

  it('asks for both fields, each message linked to its field', () => {
    const result = parseForm(SignInFormSchema, { email: '', _csrf: 't' });
    expect(result).toEqual({
      ok: false,
      errors: [
        { text: 'Enter your email address', href: '#email' },
        { text: 'Enter your password', href: '#password' },
      ],
      fieldErrors: { email: { text: 'Enter your email address' }, password: { text: 'Enter your password' } },
    });
  });

  it('says how an email address should look', () => {
    const result = parseForm(SignInFormSchema, { email: 'officer', password: 'p' });
    expect(result.ok).toBe(false);
    expect(!result.ok && result.fieldErrors.email.text).toBe(
      'Enter an email address in the correct format, like name@example.com',
    );
  });

  it('refuses a repeated field rather than guessing which one was meant', () => {
    expect(parseForm(SignInFormSchema, { email: ['a@b.example', 'c@d.example'], password: 'p' }).ok).toBe(
      false,
    );
  });
});
