import { Injectable, Logger } from '@nestjs/common';
import { AuditWriter } from '@vigil/audit';
import { AppConfig, importEsm, type OidcConfig } from '@vigil/config';
import { roleFitsOrganisation, UserRoles, type OrganisationKind, type UserRole } from '@vigil/contracts';
import { VigilError } from '@vigil/domain';
import { Database, SystemScope } from '@vigil/persistence';
import { randomUUID } from 'node:crypto';
import type * as OpenIdClient from 'openid-client';
import type { RequestMeta, VerifiedUser } from './auth.service';

type Client = typeof OpenIdClient;

/** What the browser session keeps between the redirect out and the callback. */
export interface OidcPending {
  state: string;
  nonce: string;
  codeVerifier: string;
}

export interface OidcClaims {
  email?: unknown;
  email_verified?: unknown;
  name?: unknown;
  [claim: string]: unknown;
}

/**
 * Maps an identity provider's claims to a Vigil role and organisation (docs/oidc.md). The role claim may
 * be a string or an array (groups); the first value that maps to a Vigil role wins.
 */
export function mapClaims(
  claims: OidcClaims,
  oidc: Pick<OidcConfig, 'roleClaim' | 'organisationClaim' | 'roleMap'>,
): { email: string; role: UserRole; organisationId: string } {
  const email = typeof claims.email === 'string' ? claims.email.trim().toLowerCase() : '';
  if (!email || claims.email_verified === false)
    throw new VigilError('unauthenticated', 'Your identity provider did not share a verified email address');
  const raw = claims[oidc.roleClaim];
  const values = (Array.isArray(raw) ? raw : [raw]).filter((v): v is string => typeof v === 'string');
  const role = values
    .map((v) => oidc.roleMap[v] ?? v)
    .find((v): v is UserRole => (UserRoles as readonly string[]).includes(v));
  if (!role) throw new VigilError('forbidden', 'Your account has no Vigil role: ask your administrator');
  const organisationId = claims[oidc.organisationClaim];
  if (typeof organisationId !== 'string' || !/^[0-9a-f-]{36}$/i.test(organisationId)) {
    throw new VigilError('forbidden', 'Your account names no Vigil organisation: ask your administrator');
  }
  return { email, role, organisationId: organisationId.toLowerCase() };
}

/**
 * Sign-in with the council's identity provider (OpenID Connect, authorisation code + PKCE, state and
 * nonce). openid-client is ESM-only, so it is loaded with a real dynamic import (ADR 0002). Accounts are
 * created or updated from the claims on each sign-in: the identity provider is the source of truth for
 * role and organisation; team membership stays as Vigil has it.
 */
@Injectable()
export class OidcService {
  private readonly logger = new Logger(OidcService.name);
  private configuration: Promise<{ client: Client; config: OpenIdClient.Configuration }> | undefined;

  constructor(
    private readonly db: Database,
    private readonly audit: AuditWriter,
    private readonly appConfig: AppConfig,
  ) {}

  get enabled(): boolean {
    return this.appConfig.auth.oidc !== null;
  }

  private oidc(): OidcConfig {
    const oidc = this.appConfig.auth.oidc;
    if (!oidc) throw new VigilError('not_found', 'Sign-in with an identity provider is not set up');
    return oidc;
  }

  private async discover(): Promise<{ client: Client; config: OpenIdClient.Configuration }> {
    const oidc = this.oidc();
    this.configuration ??= (async () => {
      const client = await importEsm<Client>('openid-client');
      const config = await client.discovery(
        new URL(oidc.issuer),
        oidc.clientId,
        undefined,
        client.ClientSecretPost(oidc.clientSecret),
        oidc.allowHttp ? { execute: [client.allowInsecureRequests] } : undefined,
      );
      return { client, config };
    })().catch((error: unknown) => {
      this.configuration = undefined;
      this.logger.error({ err: error instanceof Error ? error.message : 'unknown' }, 'OIDC discovery failed');
      throw new VigilError('unavailable', 'The identity provider cannot be reached: try again shortly');
    });
    return this.configuration;
  }

  callbackUrl(): string {
    return `${this.appConfig.http.publicBaseUrl}/sign-in/oidc/callback`;
  }

  async start(): Promise<{ url: string; pending: OidcPending }> {
    const { client, config } = await this.discover();
    const pending: OidcPending = {
      state: client.randomState(),
      nonce: client.randomNonce(),
      codeVerifier: client.randomPKCECodeVerifier(),
    };
    const url = client.buildAuthorizationUrl(config, {
      redirect_uri: this.callbackUrl(),
      scope: 'openid email profile',
      code_challenge: await client.calculatePKCECodeChallenge(pending.codeVerifier),
      code_challenge_method: 'S256',
      state: pending.state,
      nonce: pending.nonce,
    });
    return { url: url.href, pending };
  }

  /** Completes the callback: checks state, nonce and PKCE, maps the claims, and provisions the account. */
  async complete(callback: URL, pending: OidcPending, meta: RequestMeta): Promise<VerifiedUser> {
    const { client, config } = await this.discover();
    let claims: OidcClaims;
    try {
      const tokens = await client.authorizationCodeGrant(config, callback, {
        pkceCodeVerifier: pending.codeVerifier,
        expectedState: pending.state,
        expectedNonce: pending.nonce,
        idTokenExpected: true,
      });
      claims = (tokens.claims() ?? {}) as OidcClaims;
    } catch (error) {
      await this.refused(null, meta, 'oidc_callback_invalid');
      this.logger.warn({ err: error instanceof Error ? error.name : 'unknown' }, 'OIDC callback refused');
      throw new VigilError('unauthenticated', 'Sign-in with your organisation did not complete: try again');
    }
    let mapped: ReturnType<typeof mapClaims>;
    try {
      mapped = mapClaims(claims, this.oidc());
    } catch (error) {
      await this.refused(null, meta, 'oidc_claims_unmapped');
      throw error;
    }
    // A refusal found inside the transaction is audited after its rollback, in a transaction of its own.
    let refusal: string | null = null;
    const refuse = (reason: string, message: string): never => {
      refusal = reason;
      throw new VigilError('forbidden', message);
    };
    try {
      return await this.db.transaction(SystemScope, async (em) => {
        const [org] = await em.execute<{ id: string; kind: OrganisationKind; council_id: string }[]>(
          'select id, kind, council_id from organisations where id = ?',
          [mapped.organisationId],
        );
        if (!org)
          refuse(
            'oidc_unknown_organisation',
            'Your account names an organisation Vigil does not know: ask your administrator',
          );
        if (!roleFitsOrganisation(mapped.role, org.kind))
          refuse(
            'oidc_role_does_not_fit_organisation',
            'Your account’s role does not belong at its organisation: ask your administrator',
          );
        // An identity provider never takes over a local (password) account, nor moves an account between
        // councils: both need an administrator.
        const [existing] = await em.execute<{ has_password: boolean; council_id: string }[]>(
          `select u.password_hash is not null as has_password, o.council_id
             from users u join organisations o on o.id = u.organisation_id where u.email = ?`,
          [mapped.email],
        );
        if (existing?.has_password)
          refuse(
            'oidc_local_account',
            'This email address signs in with a Vigil password, not your organisation: ask your administrator',
          );
        if (existing && existing.council_id !== org.council_id)
          refuse(
            'oidc_other_council',
            'Your Vigil account belongs to another council: ask your administrator',
          );
        const [team] =
          org.kind === 'council'
            ? await em.execute<{ id: string }[]>(
                'select id from teams where council_id = ? order by created_at, id limit 1',
                [org.id],
              )
            : [];
        const display = typeof claims.name === 'string' ? claims.name.slice(0, 200) : mapped.email;
        const [user] = await em.execute<{ id: string; active: boolean }[]>(
          `insert into users (id, email, display_name, password_hash, organisation_id, role, team_id, active, created_at, last_sign_in_at)
           values (?, ?, ?, null, ?, ?, ?, true, now(), now())
           on conflict (email) do update set role = excluded.role, organisation_id = excluded.organisation_id,
             team_id = coalesce(users.team_id, excluded.team_id), display_name = excluded.display_name, last_sign_in_at = now()
           returning id, active`,
          [
            randomUUID(),
            mapped.email,
            display,
            org.id,
            mapped.role,
            ['council_officer', 'team_manager', 'head_of_service'].includes(mapped.role)
              ? (team?.id ?? null)
              : null,
          ],
        );
        if (!user.active) refuse('oidc_account_switched_off', 'Your Vigil account is switched off');
        const verified = { userId: user.id, role: mapped.role, organisationId: org.id };
        await this.audit.append(em, {
          actor: verified,
          action: 'auth.signed_in',
          outcome: 'success',
          ip: meta.ip,
          correlationId: meta.correlationId,
          details: { channel: 'web', method: 'oidc' },
        });
        return verified;
      });
    } catch (error) {
      if (refusal) await this.refused(null, meta, refusal);
      throw error;
    }
  }

  private async refused(user: VerifiedUser | null, meta: RequestMeta, reason: string): Promise<void> {
    await this.db.transaction(SystemScope, (em) =>
      this.audit.append(em, {
        actor: user,
        action: 'auth.sign_in_failed',
        outcome: 'refused',
        ip: meta.ip,
        correlationId: meta.correlationId,
        details: { channel: 'web', reason },
      }),
    );
  }
}
