// The bits of Go's net/url and net the templates need, so generated URLs are byte-identical to Core's.

const UNRESERVED = /[A-Za-z0-9\-_.~]/u;

function percentEncode(s: string, keep: (c: string) => boolean, spaceAsPlus: boolean): string {
  let out = '';
  for (const byte of Buffer.from(s, 'utf8')) {
    const c = String.fromCharCode(byte);
    if (byte < 0x80 && keep(c)) out += c;
    else if (spaceAsPlus && c === ' ') out += '+';
    else out += '%' + byte.toString(16).toUpperCase().padStart(2, '0');
  }
  return out;
}

/** url.QueryEscape: unreserved characters stay, space becomes '+', everything else %XX. */
export const goQueryEscape = (s: string) => percentEncode(s, (c) => UNRESERVED.test(c), true);

/** url.UserPassword(...).String(): userinfo keeps sub-delims but escapes '@', '/', '?' and ':'. */
const goUserinfoEscape = (s: string) => percentEncode(s, (c) => UNRESERVED.test(c) || '$&+,;='.includes(c), false);

export function goUserinfo(username: string, password: string): string {
  return `${goUserinfoEscape(username)}:${goUserinfoEscape(password)}`;
}

/** net.SplitHostPort for the "host:port" / ":port" / "[v6]:port" listen addresses of Core's config. */
export function splitHostPort(address: string): { host: string; port: string } {
  if (address.startsWith('[')) {
    const end = address.indexOf(']');
    if (end > 0 && address[end + 1] === ':') return { host: address.slice(1, end), port: address.slice(end + 2) };
    return { host: '', port: '' };
  }
  const colon = address.lastIndexOf(':');
  if (colon < 0 || address.indexOf(':') !== colon) return { host: '', port: '' };
  return { host: address.slice(0, colon), port: address.slice(colon + 1) };
}

/** host:port for a URL; IPv6 literals need brackets. */
export const joinHostPort = (host: string, port: string) => (host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`);
