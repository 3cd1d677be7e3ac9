// Holds the JWT pair: access and refresh in memory, the refresh token also in localStorage to survive a reload.
import type { TokenClaims } from './types.js';

export const REFRESH_TOKEN_KEY = '@@streaming-appliance@@token';

/** Decodes a JWT payload without verifying it (the engine verifies); throws when `exi` is missing. */
export function decodeClaims(token: string): TokenClaims {
  const part = token.split('.')[1];
  if (!part) throw new Error('Malformed token');
  const base64 = part.replace(/-/g, '+').replace(/_/g, '/').padEnd(Math.ceil(part.length / 4) * 4, '=');
  const json = decodeURIComponent(
    Array.from(atob(base64), (char) => '%' + char.charCodeAt(0).toString(16).padStart(2, '0')).join(''),
  );
  const claims = JSON.parse(json) as Partial<TokenClaims>;
  if (typeof claims.exi !== 'number') throw new Error('Token has no exi claim');
  return claims as TokenClaims;
}

export interface TokenStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

function safeStorage(): TokenStorage | undefined {
  try {
    return typeof localStorage !== 'undefined' ? localStorage : undefined;
  } catch {
    return undefined;
  }
}

export class TokenStore {
  access: string | null = null;
  private refreshToken: string | null;
  private readonly storage: TokenStorage | undefined;

  constructor(storage: TokenStorage | undefined = safeStorage()) {
    this.storage = storage;
    this.refreshToken = storage?.getItem(REFRESH_TOKEN_KEY) ?? null;
  }

  get refresh(): string | null {
    return this.refreshToken;
  }

  set(access: string | null, refresh?: string | null): void {
    this.access = access;
    if (refresh !== undefined) {
      this.refreshToken = refresh;
      if (refresh) this.storage?.setItem(REFRESH_TOKEN_KEY, refresh);
      else this.storage?.removeItem(REFRESH_TOKEN_KEY);
    }
  }

  clear(): void {
    this.set(null, null);
  }
}
