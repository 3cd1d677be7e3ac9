// Decides who a request is: the API's local JWT login, with Core's localhost exemption.
import { InvalidTokenError, type JwtIssuer } from './JwtIssuer.js';
import { isLoopback } from './passwords.js';
import type { LoginThrottle } from './LoginThrottle.js';
import type { Auth0Verifier } from './Auth0Verifier.js';

export interface ApiAuthSettings {
  enable: boolean;
  disableLocalhost: boolean;
  username: string;
  password: string;
}

export type Identity = { kind: 'token'; subject: string } | { kind: 'localhost' } | { kind: 'open' };

export class ApiAuth {
  constructor(
    readonly settings: ApiAuthSettings,
    readonly jwt: JwtIssuer,
    readonly throttle: LoginThrottle,
    /** Present when api.auth.auth0.enable is on. */
    readonly auth0: Auth0Verifier | null = null,
  ) {}

  /** The auth methods `GET /api` advertises. */
  get methods(): string[] {
    if (!this.settings.enable) return [];
    return ['localjwt', ...(this.auth0?.methods() ?? [])];
  }

  /**
   * Who is calling, or null when the call needs a token it does not carry.
   * Throws InvalidTokenError when a token is present but bad, so callers can say why.
   */
  async identify(authorization: string | undefined, remoteAddress: string | undefined): Promise<Identity | null> {
    if (!this.settings.enable) return { kind: 'open' };
    // Core skips the token check entirely for loopback callers when disable_localhost is on.
    if (this.settings.disableLocalhost && isLoopback(remoteAddress)) return { kind: 'localhost' };
    const token = bearerToken(authorization);
    if (token) return { kind: 'token', subject: (await this.jwt.verify(token, 'access')).sub };
    return null;
  }

  /** Like identify, but bad tokens count as "no identity". */
  async tryIdentify(authorization: string | undefined, remoteAddress: string | undefined): Promise<Identity | null> {
    try {
      return await this.identify(authorization, remoteAddress);
    } catch (error) {
      if (error instanceof InvalidTokenError) return null;
      throw error;
    }
  }
}

export function bearerToken(authorization: string | undefined): string | null {
  if (!authorization) return null;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
  return match ? match[1]! : null;
}
