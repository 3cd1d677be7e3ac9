// Parsers for the structured env formats: S3 storage URLs, Auth0 tenants and router route maps.
import type { Auth0Tenant, S3StorageConfig } from './types.js';
import { isPlainObject } from './objectPath.js';
import { isIP } from 'node:net';

/**
 * `https://access_key_id:secret@region.endpoint/bucket?name=..&mount=..&username=..&password=..`.
 * Core splits host into region and endpoint with the public-suffix list (eTLD+1); without that list the last two
 * labels are the endpoint. IP addresses and single-label hosts (localhost, minio) are the endpoint, no region.
 */
export function parseS3Url(entry: string): S3StorageConfig {
  let url: URL;
  try {
    url = new URL(entry.trim());
  } catch {
    throw new Error(`'${entry}' is not an S3 storage URL like https://key:secret@region.endpoint/bucket?name=..&mount=..`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new Error(`'${entry}' must use http:// or https://`);
  }
  const hostname = url.hostname.replace(/^\[|\]$/g, '');
  const labels = hostname.split('.');
  const splitRegion = isIP(hostname) === 0 && labels.length > 2;
  const domain = splitRegion ? labels.slice(-2).join('.') : url.hostname;
  const query = url.searchParams;
  const hasAuth = query.has('username') || query.has('password');
  return {
    name: query.get('name') ?? '',
    mountpoint: query.get('mount') ?? '',
    auth: { enable: hasAuth, username: query.get('username') ?? '', password: query.get('password') ?? '' },
    endpoint: url.port ? `${domain}:${url.port}` : domain,
    access_key_id: decodeURIComponent(url.username),
    secret_access_key: decodeURIComponent(url.password),
    bucket: decodeURIComponent(url.pathname.replace(/^\//, '')),
    region: splitRegion ? labels.slice(0, -2).join('.') : '',
    use_ssl: url.protocol === 'https:',
  };
}

/** One tenant: base64 of the tenant JSON object, or (Core 16.12+) `auth0://clientid@domain?aud=..&user=..`. */
export function parseTenant(entry: string): Auth0Tenant {
  const text = entry.trim();
  if (text.startsWith('auth0://')) {
    let url: URL;
    try {
      url = new URL(text);
    } catch {
      throw new Error(`'${text}' is not a tenant URL like auth0://clientid@domain?aud=audience&user=name`);
    }
    return {
      domain: url.host,
      audience: url.searchParams.get('aud') ?? '',
      clientid: decodeURIComponent(url.username),
      users: url.searchParams.getAll('user'),
    };
  }
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(text) || text.length % 4 !== 0) {
    throw new Error(`'${text}' is neither base64-encoded tenant JSON nor an auth0:// URL`);
  }
  let data: unknown;
  try {
    data = JSON.parse(Buffer.from(text, 'base64').toString('utf8'));
  } catch {
    throw new Error(`'${text}' does not decode to tenant JSON`);
  }
  if (!isPlainObject(data)) throw new Error(`'${text}' does not decode to a tenant object`);
  const str = (key: string): string => (typeof data[key] === 'string' ? data[key] : '');
  const users = Array.isArray(data['users']) ? data['users'].filter((u): u is string => typeof u === 'string') : [];
  return { domain: str('domain'), audience: str('audience'), clientid: str('clientid'), users };
}

/**
 * CORE_ROUTER_ROUTES: the manual does not document a format. We accept a JSON object
 * (`{"/foo.txt":"/bar.txt"}`), which is unambiguous for paths, and also Core's own form of space-separated
 * `from:to` pairs (`/foo.txt:/bar.txt /ui/*:/srv/ui`), so env files written for Core keep working.
 */
export function parseRoutes(value: string): Record<string, string> {
  const text = value.trim();
  if (text.startsWith('{')) {
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch (err) {
      throw new Error(`is not valid JSON (${(err as Error).message})`);
    }
    if (!isPlainObject(data) || !Object.values(data).every((v) => typeof v === 'string')) {
      throw new Error('must be a JSON object mapping paths to strings');
    }
    return data as Record<string, string>;
  }
  const routes: Record<string, string> = {};
  for (const pair of text.split(/\s+/).filter(Boolean)) {
    const colon = pair.indexOf(':');
    if (colon <= 0) throw new Error(`'${pair}' is not a 'from:to' route pair`);
    routes[pair.slice(0, colon)] = pair.slice(colon + 1);
  }
  return routes;
}
