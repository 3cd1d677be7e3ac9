// Auth0 login (api.auth.auth0): an RS256 access token of a configured tenant, for one of its allowed users,
// is exchanged for the engine's own tokens. Each tenant's signing keys come from its JWKS, fetched and cached.
import { createRemoteJWKSet, jwtVerify, type JWTVerifyGetKey } from 'jose';
import type { Auth0Tenant } from '../config/index.js';

export class Auth0Error extends Error {}

interface TenantVerifier {
  tenant: Auth0Tenant;
  issuer: string;
  keys: JWTVerifyGetKey;
}

/** A domain is a host name as Core writes it ("x.eu.auth0.com"); a full URL is used as given (tests use http). */
function tenantBase(domain: string): string {
  const base = /^https?:\/\//.test(domain) ? domain : `https://${domain}`;
  return base.replace(/\/+$/, '');
}

export class Auth0Verifier {
  private readonly tenants: TenantVerifier[];

  constructor(tenants: Auth0Tenant[]) {
    this.tenants = tenants.map((tenant) => {
      const base = tenantBase(tenant.domain);
      // jose caches the key set and refetches it (rate limited) when a token names an unknown key id.
      return { tenant, issuer: `${base}/`, keys: createRemoteJWKSet(new URL(`${base}/.well-known/jwks.json`), { cooldownDuration: 30_000, timeoutDuration: 5000 }) };
    });
  }

  /** What GET /api advertises per tenant. */
  methods(): string[] {
    return this.tenants.map(({ tenant }) => `auth0 domain=${tenant.domain} audience=${tenant.audience} clientid=${tenant.clientid}`);
  }

  /** The user (the token's subject) when the token is valid for a tenant that allows that user. */
  async verify(token: string): Promise<string> {
    let reason = 'no tenant accepts this token';
    for (const { tenant, issuer, keys } of this.tenants) {
      try {
        const { payload } = await jwtVerify(token, keys, { issuer, audience: tenant.audience, algorithms: ['RS256'] });
        const user = payload.sub ?? '';
        if (!tenant.users.includes(user)) {
          reason = `user '${user}' is not allowed for tenant ${tenant.domain}`;
          continue;
        }
        return user;
      } catch (error) {
        reason = `tenant ${tenant.domain}: ${(error as Error).message}`;
      }
    }
    throw new Auth0Error(reason);
  }
}
