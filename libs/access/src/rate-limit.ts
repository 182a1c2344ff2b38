import { Injectable, applyDecorators, UseGuards } from '@nestjs/common';
import { SkipThrottle, ThrottlerGuard, ThrottlerModule } from '@nestjs/throttler';
import { AppConfig } from '@vigil/config';

/** Sign-in and create limits per minute, from configuration (defaults: 30 sign-ins, 120 creates). */
export const RateLimitModule = ThrottlerModule.forRootAsync({
  inject: [AppConfig],
  useFactory: (config: AppConfig) => ({
    throttlers: [
      { name: 'sign-in', ttl: 60_000, limit: config.auth.signInPerMinute },
      { name: 'create', ttl: 60_000, limit: config.auth.createsPerMinute },
    ],
  }),
});

/** Signed in: per user. Signing in: per address and account, so one noisy office does not lock out another. */
@Injectable()
export class VigilThrottlerGuard extends ThrottlerGuard {
  protected override async getTracker(req: Record<string, unknown>): Promise<string> {
    const principal = req.principal as { userId: string } | undefined;
    if (principal) return `user:${principal.userId}`;
    const body = req.body as { email?: unknown } | undefined;
    const email = typeof body?.email === 'string' ? body.email.trim().toLowerCase() : '';
    return `ip:${String(req.ip)}|${email}`;
  }
}

export const SignInRateLimit = () =>
  applyDecorators(UseGuards(VigilThrottlerGuard), SkipThrottle({ create: true }));
export const CreateRateLimit = () =>
  applyDecorators(UseGuards(VigilThrottlerGuard), SkipThrottle({ 'sign-in': true }));
