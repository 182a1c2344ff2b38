import { Injectable } from '@nestjs/common';
import { AuditWriter } from '@vigil/audit';
import { AppConfig } from '@vigil/config';
import type { Principal } from '@vigil/contracts';
import { VigilError } from '@vigil/domain';
import { Database, SystemScope } from '@vigil/persistence';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { verifyPassword } from './passwords';
import { loadPrincipal } from './principals';

export interface IssuedToken {
  accessToken: string;
  tokenType: 'Bearer';
  expiresIn: number;
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

  async issueToken(email: string, password: string, meta: RequestMeta): Promise<IssuedToken> {
    const normalised = email.trim().toLowerCase();
    const [user] = await this.db.transaction(SystemScope, (em) =>
      em.execute<{ id: string; password_hash: string | null; role: string; organisation_id: string }[]>(
        'select id, password_hash, role, organisation_id from users where email = ? and active',
        [normalised],
      ),
    );
    const ok = await verifyPassword(user?.password_hash ?? null, password);
    if (!user || !ok) {
      await this.db.transaction(SystemScope, (em) =>
        this.audit.append(em, {
          actor: user ? { userId: user.id, role: user.role, organisationId: user.organisation_id } : null,
          action: 'auth.sign_in_failed',
          outcome: 'refused',
          ip: meta.ip,
          correlationId: meta.correlationId,
          details: { channel: 'api', reason: user ? 'bad_password' : 'unknown_account' },
        }),
      );
      throw new VigilError('unauthenticated', 'The email address or password is not right');
    }
    const accessToken = randomBytes(32).toString('base64url');
    const ttl = this.config.auth.tokenTtlSeconds;
    await this.db.transaction(SystemScope, async (em) => {
      await em.execute(
        `insert into api_tokens (id, token_hash, user_id, created_at, expires_at)
         values (?, ?, ?, now(), now() + (? * interval '1 second'))`,
        [randomUUID(), tokenHash(accessToken), user.id, ttl],
      );
      await this.audit.append(em, {
        actor: { userId: user.id, role: user.role, organisationId: user.organisation_id },
        action: 'auth.token_issued',
        outcome: 'success',
        ip: meta.ip,
        correlationId: meta.correlationId,
        details: { channel: 'api', expiresIn: ttl },
      });
    });
    return { accessToken, tokenType: 'Bearer', expiresIn: ttl };
  }

  /** The principal behind a bearer token, or null when it is unknown, expired or revoked. */
  async principalForToken(token: string): Promise<Principal | null> {
    if (!/^[A-Za-z0-9_-]{20,200}$/.test(token)) return null;
    return this.db.transaction(SystemScope, async (em) => {
      const [row] = await em.execute<{ user_id: string }[]>(
        'select user_id from api_tokens where token_hash = ? and revoked_at is null and expires_at > now()',
        [tokenHash(token)],
      );
      return row ? loadPrincipal(em, row.user_id) : null;
    });
  }
}
