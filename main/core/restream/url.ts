// Core's relaxed URL check (net/url): only the authority of `scheme://host/...` is parsed strictly, like Go does.

const SCHEME = /^([a-z][a-z0-9.+-:]*):\/{1,3}/iu;

/** Whether the address starts with `scheme:/`, `scheme://` or `scheme:///` (so it is a URL, not a path). */
export function hasScheme(address: string): boolean {
  return SCHEME.test(address);
}

const HEX = /^[0-9A-Fa-f]$/u;
const USERINFO_CHAR = /^[A-Za-z0-9\-._:~!$&'()*+,;=%@]$/u;
// Characters Go's url.shouldEscape lets through unescaped in a host (besides letters and digits).
const HOST_CHAR = /^[A-Za-z0-9\-_.~!$&'()*+,;=:[\]<>"]$/u;

/** Go's unescape(): %XX must be complete; in a host only non-ASCII bytes (or %25) may be escaped. */
function checkEscapes(s: string, host: boolean): string | null {
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === '%') {
      if (!HEX.test(s[i + 1] ?? '') || !HEX.test(s[i + 2] ?? '')) return `invalid URL escape "${s.slice(i, i + 3)}"`;
      if (host && parseInt(s[i + 1], 16) < 8 && s.slice(i, i + 3) !== '%25') {
        return `invalid URL escape "${s.slice(i, i + 3)}"`;
      }
      i += 2;
    } else if (host && c.charCodeAt(0) < 0x80 && !HOST_CHAR.test(c)) {
      return `invalid character "${c}" in host name`;
    }
  }
  return null;
}

const validOptionalPort = (p: string) => p === '' || /^:[0-9]*$/u.test(p);

/** Go's url.Parse("//" + authority) error, or null. */
function checkAuthority(authority: string): string | null {
  // eslint-disable-next-line no-control-regex
  if (/[\x00-\x1f\x7f]/u.test(authority)) return 'net/url: invalid control character in URL';
  const at = authority.lastIndexOf('@');
  let host = authority;
  if (at >= 0) {
    const userinfo = authority.slice(0, at);
    if (![...userinfo].every((c) => USERINFO_CHAR.test(c))) return 'net/url: invalid userinfo';
    const err = checkEscapes(userinfo, false);
    if (err) return err;
    host = authority.slice(at + 1);
  }
  if (host.startsWith('[')) {
    const close = host.lastIndexOf(']');
    if (close < 0) return "missing ']' in host";
    const port = host.slice(close + 1);
    if (!validOptionalPort(port)) return `invalid port "${port}" after host`;
  } else {
    const colon = host.lastIndexOf(':');
    if (colon >= 0 && !validOptionalPort(host.slice(colon))) return `invalid port "${host.slice(colon)}" after host`;
  }
  return checkEscapes(host, true);
}

/** Returns Go's error text when `address` is not a valid URL by Core's rules, else null. */
export function urlError(address: string): string | null {
  let rest = address.split('#', 1)[0];
  const scheme = SCHEME.exec(rest);
  if (scheme) rest = rest.replace(scheme[1] + ':', '');
  rest = rest.split('?', 1)[0];
  if (rest.startsWith('///') || !rest.startsWith('//')) return null;
  const authority = rest.slice(2).split('/', 1)[0];
  const err = checkAuthority(authority);
  return err === null ? null : `parse "//${authority}": ${err}`;
}
