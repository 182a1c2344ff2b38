import { importEsm } from '@vigil/config';
import type { AddressInfo } from 'node:net';
import * as http from 'node:http';

/*
 * A real OpenID Provider for tests and local trials (the `oidc-provider` package), with its development
 * login and consent screens: any login name listed in `accounts` signs in, with any password.
 * oidc-provider is ESM-only, so this runs in plain Node (a child process), never inside jest.
 */

export interface LocalAccount {
  email: string;
  name: string;
  /** Values of the role claim (groups), mapped by OIDC_ROLE_MAP. */
  groups: string[];
  organisationId: string;
  /** `email_verified` as the provider asserts it (default true). */
  emailVerified?: boolean;
}

export interface LocalProvider {
  issuer: string;
  clientId: string;
  clientSecret: string;
  close(): Promise<void>;
}

interface ProviderInstance {
  callback(): http.RequestListener;
}
type ProviderClass = new (issuer: string, configuration: Record<string, unknown>) => ProviderInstance;

export async function startLocalProvider(
  redirectUri: string,
  accounts: Record<string, LocalAccount>,
): Promise<LocalProvider> {
  const { default: Provider } = await importEsm<{ default: ProviderClass }>('oidc-provider');
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const clientId = 'vigil-test';
  const clientSecret = 'vigil-test-secret-0123456789abcdef';
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: clientId,
        client_secret: clientSecret,
        redirect_uris: [redirectUri],
        grant_types: ['authorization_code'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_post',
      },
    ],
    pkce: { required: () => true },
    // Put the profile claims (with the role and organisation) in the ID token, which Vigil reads.
    conformIdTokenClaims: false,
    claims: {
      openid: ['sub'],
      email: ['email', 'email_verified'],
      profile: ['name', 'groups', 'vigil_organisation'],
    },
    findAccount: (_ctx: unknown, id: string) => {
      const account = accounts[id];
      if (!account) return undefined;
      return {
        accountId: id,
        claims: () => ({
          sub: id,
          email: account.email,
          email_verified: account.emailVerified ?? true,
          name: account.name,
          groups: account.groups,
          vigil_organisation: account.organisationId,
        }),
      };
    },
    features: { devInteractions: { enabled: true } },
    cookies: { keys: ['vigil-test-cookie-key-0123456789'] },
  });
  server.on('request', provider.callback());
  return {
    issuer,
    clientId,
    clientSecret,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
