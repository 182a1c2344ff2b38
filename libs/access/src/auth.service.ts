import { Injectable } from '@nestjs/common';
import { AuditWriter } from '@vigil/audit';
import { AppConfig } from '@vigil/config';
import type { Principal } from '@vigil/contracts';
import { VigilError } from '@vigil/domain';
import { Database, SystemScope } from '@vigil/persistence';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { verifyPassword } from './passwords';
import { principalFrom, PrincipalQueries, type PrincipalRow } from './principals';

export interface IssuedToken {
  accessToken: string;
  tokenType: 'Bearer';
  expiresIn: number;
}

export interface VerifiedUser {
  userId: string;
  role: string;
  organisationId: string;
}

export interface RequestMeta {
  ip: string | null;
  correlationId: string | null;
}

const tokenHash = (token: string): string => createHash('sha256').update(token).digest('hex');

/** Bearer tokens for the API: opaque, random, stored only as a hash, expiring, revocable. */
@Injectable()
export class AuthService {
  constructor(
    private readonly db: Database,
    private readonly audit: AuditWriter,
    private readonly config: AppConfig,
  ) {}

  /**
   * Checks an email and password with lockout: after LOCKOUT_THRESHOLD consecutive failures the account
   * is locked for LOCKOUT_BASE_SECONDS, doubling with each further failure (capped at a day). Every
   * attempt is audited; the answer never says whether the account exists or is locked.
   */
  async verifyCredentials(
    email: string,
    password: string,
    meta: RequestMeta,
    channel: 'api' | 'web',
  ): Promise<VerifiedUser> {
    if (!this.config.auth.localAccountsEnabled) {
      throw new VigilError('unauthenticated', "Sign in with your organisation's account");
    }
    const normalised = email.trim().toLowerCase();
    // One atomic step counts the attempt as a failure and reads whether the account was already locked
    // (the row lock serialises a burst of parallel guesses, so each one counts); a right password then
    // resets the count. Attempts during a lock do not count.
    const [user] = await this.db.transaction(SystemScope, (em) =>
      em.execute<
        { id: string; password_hash: string | null; role: string; organisation_id: string; locked: boolean }[]
      >(
        `with prev as (
           select id, coalesce(locked_until > now(), false) as locked from users where email = ? and active for update)
         update users u set
           failed_sign_ins = case when prev.locked then u.failed_sign_ins else u.failed_sign_ins + 1 end,
           locked_until = case
             when prev.locked then u.locked_until
             when u.failed_sign_ins + 1 >= ?
               then now() + least(? * power(2, u.failed_sign_ins + 1 - ?), 86400) * interval '1 second'
             else u.locked_until end
         from prev where u.id = prev.id
         returning u.id, u.password_hash, u.role, u.organisation_id, prev.locked as locked`,
        [
          normalised,
          this.config.auth.lockoutThreshold,
          this.config.auth.lockoutBaseSeconds,
          this.config.auth.lockoutThreshold,
        ],
      ),
    );
    // Verify even when locked or unknown, so timing reveals neither.
    const ok = await verifyPassword(user?.password_hash ?? null, password);
    if (!user || !ok || user.locked) {
      const reason = !user ? 'unknown_account' : user.locked ? 'locked' : 'bad_password';
      await this.db.transaction(SystemScope, (em) =>
        this.audit.append(em, {
          actor: user ? { userId: user.id, role: user.role, organisationId: user.organisation_id } : null,
          action: 'auth.sign_in_failed',
          outcome: 'refused',
          ip: meta.ip,
          correlationId: meta.correlationId,
          details: { channel, reason },
        }),
      );
      throw new VigilError(
        'unauthenticated',
        'The email address or password is not right, or the account is locked for a while after too many attempts',
      );
    }
    await this.db.transaction(SystemScope, async (em) => {
      await em.execute(
        'update users set failed_sign_ins = 0, locked_until = null, last_sign_in_at = now() where id = ?',
        [user.id],
      );
      await this.audit.append(em, {
        actor: { userId: user.id, role: user.role, organisationId: user.organisation_id },
        action: 'auth.signed_in',
        outcome: 'success',
        ip: meta.ip,
        correlationId: meta.correlationId,
        details: { channel, method: 'password' },
      });
    });
    return { userId: user.id, role: user.role, organisationId: user.organisation_id };
  }

  async issueToken(email: string, password: string, meta: RequestMeta): Promise<IssuedToken> {
    const user = await this.verifyCredentials(email, password, meta, 'api');
    const accessToken = randomBytes(32).toString('base64url');
    const ttl = this.config.auth.tokenTtlSeconds;
    await this.db.transaction(SystemScope, async (em) => {
      await em.execute(
        `insert into api_tokens (id, token_hash, user_id, created_at, expires_at)
         values (?, ?, ?, now(), now() + (? * interval '1 second'))`,
        [randomUUID(), tokenHash(accessToken), user.userId, ttl],
      );
      await this.audit.append(em, {
        actor: user,
        action: 'auth.token_issued',
        outcome: 'success',
        ip: meta.ip,
        correlationId: meta.correlationId,
        details: { channel: 'api', expiresIn: ttl },
      });
    });
    return { accessToken, tokenType: 'Bearer', expiresIn: ttl };
  }

  /** Revokes the bearer token presented (signing out of the API); later requests with it are 401. */
  async revokeToken(token: string, principal: Principal, meta: RequestMeta): Promise<void> {
    await this.db.transaction(SystemScope, async (em) => {
      await em.execute(
        'update api_tokens set revoked_at = now() where token_hash = ? and revoked_at is null',
        [tokenHash(token)],
      );
      await this.audit.append(em, {
        actor: { userId: principal.userId, role: principal.role, organisationId: principal.organisationId },
        action: 'auth.token_revoked',
        outcome: 'success',
        ip: meta.ip,
        correlationId: meta.correlationId,
        details: { channel: 'api' },
      });
    });
  }

  /** Records a web sign-out (the session is destroyed by the caller). */
  async recordSignOut(
    user: VerifiedUser,
    meta: RequestMeta,
    reason: 'signed_out' | 'idle_timeout' | 'absolute_timeout' = 'signed_out',
  ): Promise<void> {
    await this.db.transaction(SystemScope, (em) =>
      this.audit.append(em, {
        actor: { userId: user.userId, role: user.role, organisationId: user.organisationId },
        action: 'auth.signed_out',
        outcome: 'success',
        ip: meta.ip,
        correlationId: meta.correlationId,
        details: { channel: 'web', reason },
      }),
    );
  }

  /** The principal of a signed-in user (web sessions hold only the user ID). */
  async principalForUser(userId: string): Promise<Principal | null> {
    const [row] = await this.db.unguardedStatement<PrincipalRow>(PrincipalQueries.byUserId, [userId]);
    return principalFrom(row);
  }

  /** The principal behind a bearer token, or null when it is unknown, expired or revoked. */
  async principalForToken(token: string): Promise<Principal | null> {
    if (!/^[A-Za-z0-9_-]{20,200}$/.test(token)) return null;
    const [row] = await this.db.unguardedStatement<PrincipalRow>(PrincipalQueries.byTokenHash, [
      tokenHash(token),
    ]);
    return principalFrom(row);
  }
}
