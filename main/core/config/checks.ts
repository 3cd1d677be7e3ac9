// Syntax checks for single config values (addresses, CIDR ranges, regexes, ...); each returns a message or null.
import { isIP } from 'node:net';

export interface HostPort {
  host: string;
  port: number;
}

/** Parses Go's `net.SplitHostPort` forms: `host:port`, `:port`, `[ipv6]:port`. */
export function parseAddress(value: string): HostPort | null {
  const match = /^(?:\[([^\]]+)\]|([^:[\]]*)):(\d+)$/.exec(value);
  if (!match) return null;
  const host = match[1] ?? match[2] ?? '';
  if (match[1] !== undefined && isIP(match[1].split('%')[0]!) !== 6) return null;
  return { host, port: Number(match[3]) };
}

export function checkAddress(value: string): string | null {
  const parsed = parseAddress(value);
  if (!parsed) return `must be an address like ':8080' or '127.0.0.1:8080', got '${value}'`;
  if (parsed.port > 65535) return `the port must be between 0 and 65535, got '${value}'`;
  return null;
}

export function checkCidr(value: string): string | null {
  const invalid = `must be a CIDR range like 127.0.0.1/32 or ::1/128, got '${value}'`;
  const slash = value.indexOf('/');
  if (slash < 0) return invalid;
  const family = isIP(value.slice(0, slash));
  const bits = value.slice(slash + 1);
  if (family === 0 || !/^\d{1,3}$/.test(bits)) return invalid;
  return Number(bits) <= (family === 4 ? 32 : 128) ? null : invalid;
}

/**
 * Compiles a Core (Go RE2) pattern with JavaScript. A leading inline flag group like `(?i)` is common in Go
 * patterns but a syntax error in JS, so it is turned into RegExp flags.
 */
export function compileGoRegex(pattern: string): RegExp {
  const inline = /^\(\?([imsU]+)\)/.exec(pattern);
  if (!inline) return new RegExp(pattern);
  const flags = inline[1]!;
  if (flags.includes('U')) throw new Error('the U (ungreedy) flag is not supported');
  return new RegExp(pattern.slice(inline[0].length), flags);
}

export function checkRegex(value: string): string | null {
  try {
    compileGoRegex(value);
    return null;
  } catch (err) {
    return `must be a valid regular expression, got '${value}' (${(err as Error).message})`;
  }
}

const EMAIL = /^[^\s@<>()]+@[^\s@<>()]+\.[^\s@<>()]+$/;

export function checkEmail(value: string): string | null {
  if (value === '' || EMAIL.test(value)) return null;
  return `must be an e-mail address like cert@example.com, got '${value}'`;
}

export function checkUrl(value: string): string | null {
  if (value === '') return null;
  try {
    const url = new URL(value);
    if (url.protocol && url.host) return null;
  } catch {
    // fall through
  }
  return `must be a URL with scheme and host like https://example.com, got '${value}'`;
}

export function checkAbsolutePath(value: string): string | null {
  return value.startsWith('/') ? null : `must be an absolute path starting with '/', got '${value}'`;
}

/** Cleans a slash path like Go's filepath.Clean (Core applies it to rtmp.app). */
export function cleanPath(value: string): string {
  if (value === '') return '.';
  const absolute = value.startsWith('/');
  const parts: string[] = [];
  for (const part of value.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..' && parts.length > 0 && parts[parts.length - 1] !== '..') parts.pop();
    else if (part !== '..' || !absolute) parts.push(part);
  }
  const joined = parts.join('/');
  return absolute ? `/${joined}` : joined || '.';
}

const DNS_LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/i;

/** Let's Encrypt issues certificates for DNS names only, never for IP addresses. */
export function checkHostname(value: string): string | null {
  if (isIP(value) !== 0) return `must be a host name, not an IP address, for automatic TLS, got '${value}'`;
  const name = value.endsWith('.') ? value.slice(0, -1) : value;
  if (name.length === 0 || name.length > 253 || !name.split('.').every((label) => DNS_LABEL.test(label))) {
    return `must be a valid DNS host name like example.com, got '${value}'`;
  }
  return null;
}

export function checkCorsOrigin(value: string): string | null {
  if (value === '*') return null;
  try {
    const url = new URL(value);
    if ((url.protocol === 'http:' || url.protocol === 'https:') && url.host && url.pathname === '/' && !url.search) {
      return null;
    }
  } catch {
    // fall through
  }
  return `must be '*' or an origin like https://example.com, got '${value}'`;
}
