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
  sub?: unknown;
  email?: unknown;
  email_verified?: unknown;
  name?: unknown;
  [claim: string]: unknown;
}

/**
 * Maps an identity provider's claims to a Vigil role and organisation (docs/oidc.md). The role claim may
 * be a string or an array (groups); the first value that maps to a Vigil role wins. With a role map set,
 * only mapped values count (a group that happens to be called "head_of_service" gives nothing); without
 * one, the claim must name a Vigil role itself. The email must be verified (`email_verified: true`).
 */
export function mapClaims(
  claims: OidcClaims,
  oidc: Pick<OidcConfig, 'roleClaim' | 'organisationClaim' | 'roleMap'>,
): { subject: string; email: string; role: UserRole; organisationId: string } {
  const email = typeof claims.email === 'string' ? claims.email.trim().toLowerCase() : '';
  if (!email || claims.email_verified !== true)
    throw new VigilError('unauthenticated', 'Your identity provider did not share a verified email address');
  const subject = typeof claims.sub === 'string' && claims.sub.length > 0 ? claims.sub : '';
  if (!subject || subject.length > 255)
    throw new VigilError('unauthenticated', 'Your identity provider did not say who you are (no subject)');
  const raw = claims[oidc.roleClaim];
  const values = (Array.isArray(raw) ? raw : [raw]).filter((v): v is string => typeof v === 'string');
  const mapped = Object.keys(oidc.roleMap).length > 0;
  const role = values
    .map((v) => (mapped ? oidc.roleMap[v] : v))
    .find((v): v is UserRole => v !== undefined && (UserRoles as readonly string[]).includes(v));
  if (!role) throw new VigilError('forbidden', 'Your account has no Vigil role: ask your administrator');
  const organisationId = claims[oidc.organisationClaim];
  if (typeof organisationId !== 'string' || !/^[0-9a-f-]{36}$/i.test(organisationId)) {
    throw new VigilError('forbidden', 'Your account names no Vigil organisation: ask your administrator');
  }
  return { subject, email, role, organisationId: organisationId.toLowerCase() };
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
      // No verified email or no subject (who), or no role or organisation (what).
      const unverified = error instanceof VigilError && error.kind === 'unauthenticated';
      await this.refused(null, meta, unverified ? 'oidc_claims_unverified' : 'oidc_claims_unmapped');
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
        const oidc = this.oidc();
        if (!oidc.organisations.includes(org.id))
          refuse(
            'oidc_organisation_not_allowed',
            'Your identity provider may not sign people in to that organisation: ask your administrator',
          );
        // The account is the one linked to this issuer and subject; an email address never links one (it
        // can be reassigned, or claimed by another provider's user).
        const [linked] = await em.execute<{ id: string; council_id: string }[]>(
          `select u.id, o.council_id from users u join organisations o on o.id = u.organisation_id
            where u.oidc_issuer = ? and u.oidc_subject = ?`,
          [oidc.issuer, mapped.subject],
        );
        if (linked && linked.council_id !== org.council_id)
          refuse(
            'oidc_other_council',
            'Your Vigil account belongs to another council: ask your administrator',
          );
        {
          const [byEmail] = await em.execute<{ has_password: boolean }[]>(
            `select password_hash is not null as has_password from users where email = ? and id <> ?`,
            [mapped.email, linked?.id ?? '00000000-0000-0000-0000-000000000000'],
          );
          // An identity provider never takes over an existing account (a password one, or another link).
          if (byEmail?.has_password)
            refuse(
              'oidc_local_account',
              'This email address signs in with a Vigil password, not your organisation: ask your administrator',
            );
          if (byEmail)
            refuse(
              'oidc_email_in_use',
              'Another Vigil account has this email address: ask your administrator',
            );
        }
        const [team] =
          org.kind === 'council'
            ? await em.execute<{ id: string }[]>(
                'select id from teams where council_id = ? order by created_at, id limit 1',
                [org.id],
              )
            : [];
        const display = typeof claims.name === 'string' ? claims.name.slice(0, 200) : mapped.email;
        const teamId = ['council_officer', 'team_manager', 'head_of_service'].includes(mapped.role)
          ? (team?.id ?? null)
          : null;
        const [user] = linked
          ? await em.execute<{ id: string; active: boolean }[]>(
              `update users set email = ?, role = ?, organisation_id = ?, team_id = coalesce(team_id, ?),
                 display_name = ?, last_sign_in_at = now()
               where id = ? returning id, active`,
              [mapped.email, mapped.role, org.id, teamId, display, linked.id],
            )
          : await em.execute<{ id: string; active: boolean }[]>(
              `insert into users (id, email, display_name, password_hash, organisation_id, role, team_id, active,
                 created_at, last_sign_in_at, oidc_issuer, oidc_subject)
               values (?, ?, ?, null, ?, ?, ?, true, now(), now(), ?, ?) returning id, active`,
              [randomUUID(), mapped.email, display, org.id, mapped.role, teamId, oidc.issuer, mapped.subject],
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
