import { Injectable, applyDecorators, UseGuards } from '@nestjs/common';
import { SkipThrottle, ThrottlerGuard, ThrottlerModule } from '@nestjs/throttler';
import { AppConfig } from '@vigil/config';

/** The account a sign-in names (normalised), or '' when the body names none. */
const accountOf = (req: Record<string, unknown>): string => {
  const body = req.body as { email?: unknown } | undefined;
  return typeof body?.email === 'string' ? body.email.trim().toLowerCase() : '';
};
const userOf = (req: Record<string, unknown>): string =>
  `user:${(req.principal as { userId?: string } | undefined)?.userId ?? `ip:${String(req.ip)}`}`;

/**
 * Limits from configuration. Sign-in is limited per account (whatever the address: a password guessed from
 * many machines) and per address (whatever the account: one machine spraying many accounts), separately.
 * Signed-in users are limited per user: creates, case reads (generous: real work never meets it) and
 * emergency-access requests. A throttled request is answered before any password is hashed.
 */
export const RateLimitModule = ThrottlerModule.forRootAsync({
  inject: [AppConfig],
  useFactory: (config: AppConfig) => ({
    throttlers: [
      {
        name: 'sign-in-account',
        ttl: 60_000,
        limit: config.auth.signInPerMinute,
        getTracker: (req: Record<string, unknown>) => `account:${accountOf(req)}`,
      },
      {
        name: 'sign-in-ip',
        ttl: 60_000,
        limit: config.auth.signInPerIpPerMinute,
        getTracker: (req: Record<string, unknown>) => `ip:${String(req.ip)}`,
      },
      { name: 'create', ttl: 60_000, limit: config.auth.createsPerMinute, getTracker: userOf },
      { name: 'read', ttl: 60_000, limit: config.auth.caseReadsPerMinute, getTracker: userOf },
      { name: 'break-glass', ttl: 3_600_000, limit: config.auth.breakGlassPerHour, getTracker: userOf },
    ],
  }),
});

const Throttlers = ['sign-in-account', 'sign-in-ip', 'create', 'read', 'break-glass'] as const;
type Throttler = (typeof Throttlers)[number];

/** Applies only the named throttlers to a route. */
const only = (...names: Throttler[]) =>
  applyDecorators(
    UseGuards(VigilThrottlerGuard),
    SkipThrottle(Object.fromEntries(Throttlers.filter((t) => !names.includes(t)).map((t) => [t, true]))),
  );

@Injectable()
export class VigilThrottlerGuard extends ThrottlerGuard {}

export const SignInRateLimit = () => only('sign-in-account', 'sign-in-ip');
export const CreateRateLimit = () => only('create');
export const ReadRateLimit = () => only('read');
export const BreakGlassRateLimit = () => only('break-glass');
