import { z } from 'zod';

/** The sign-in form: an email address and a password, checked for presence and shape only. */
export const SignInFormSchema = z.object({
  email: z
    .string({ error: 'Enter your email address' })
    .trim()
    .min(1, { error: 'Enter your email address' })
    .max(320, { error: 'Email address must be 320 characters or fewer' })
    .regex(/^[^\s@]+@[^\s@]+$/, {
      error: 'Enter an email address in the correct format, like name@example.com',
    }),
  password: z
    .string({ error: 'Enter your password' })
    .min(1, { error: 'Enter your password' })
    .max(1024, { error: 'Password must be 1,024 characters or fewer' }),
});
export type SignInForm = z.infer<typeof SignInFormSchema>;
