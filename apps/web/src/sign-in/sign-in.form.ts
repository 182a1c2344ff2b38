import { requiredText } from '@vigil/contracts';
import { z } from 'zod';

/**
 * The sign-in form: an email address and a password, checked for presence and shape only. The address is
 * the shared text field (trimmed, limited, no NUL byte: PostgreSQL would refuse one with a 500).
 */
export const SignInFormSchema = z.object({
  email: requiredText('your email address', 320, 'Email address').regex(/^[^\s@]+@[^\s@]+$/, {
    error: 'Enter an email address in the correct format, like name@example.com',
  }),
  password: z
    .string({ error: 'Enter your password' })
    .min(1, { error: 'Enter your password' })
    .max(1024, { error: 'Password must be 1,024 characters or fewer' }),
});
export type SignInForm = z.infer<typeof SignInFormSchema>;
