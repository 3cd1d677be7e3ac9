// Issues and verifies the HS256 access/refresh tokens of Core's local JWT auth ("localjwt").
import { randomUUID } from 'node:crypto';
import { SignJWT, jwtVerify, errors as joseErrors } from 'jose';

export type TokenUse = 'access' | 'refresh';

export interface TokenClaims {
  sub: string;
  usefor: TokenUse;
  iat: number;
  exp: number;
  exi: number;
  jti: string;
}

export interface JwtIssuerOptions {
  secret: string;
  accessTtlSeconds?: number;
  refreshTtlSeconds?: number;
  now?: () => number;
}

export const JWT_ISSUER = 'datarhei-core';

export class InvalidTokenError extends Error {}

export class JwtIssuer {
  private readonly key: Uint8Array;
  readonly accessTtlSeconds: number;
  readonly refreshTtlSeconds: number;
  private readonly now: () => number;

  constructor(options: JwtIssuerOptions) {
    this.key = new TextEncoder().encode(options.secret);
    this.accessTtlSeconds = options.accessTtlSeconds ?? 600;
    this.refreshTtlSeconds = options.refreshTtlSeconds ?? 86_400;
    this.now = options.now ?? Date.now;
  }

  async issue(subject: string, use: TokenUse): Promise<string> {
    const ttl = use === 'access' ? this.accessTtlSeconds : this.refreshTtlSeconds;
    const iat = Math.floor(this.now() / 1000);
    // `exi` (expires-in seconds) is Core's own claim; the Restreamer UI schedules its refresh from it.
    return new SignJWT({ usefor: use, exi: ttl })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setIssuer(JWT_ISSUER)
      .setSubject(subject)
      .setIssuedAt(iat)
      .setExpirationTime(iat + ttl)
      .setJti(randomUUID())
      .sign(this.key);
  }

  async issuePair(subject: string): Promise<{ access_token: string; refresh_token: string }> {
    const [access_token, refresh_token] = await Promise.all([this.issue(subject, 'access'), this.issue(subject, 'refresh')]);
    return { access_token, refresh_token };
  }

  /** Verifies signature, issuer, expiry and that the token is meant for `use`. */
  async verify(token: string, use: TokenUse): Promise<TokenClaims> {
    try {
      const { payload } = await jwtVerify(token, this.key, {
        issuer: JWT_ISSUER,
        algorithms: ['HS256'],
        currentDate: new Date(this.now()),
      });
      if (payload.usefor !== use) throw new InvalidTokenError(`token is not a ${use} token`);
      if (typeof payload.sub !== 'string') throw new InvalidTokenError('token has no subject');
      return payload as unknown as TokenClaims;
    } catch (error) {
      if (error instanceof InvalidTokenError) throw error;
      if (error instanceof joseErrors.JWTExpired) throw new InvalidTokenError('token has expired');
      throw new InvalidTokenError('token is invalid');
    }
  }
}
