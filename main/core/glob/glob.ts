// Glob matching with Core's semantics (gobwas/glob): `*` stops at separators, `**` crosses them.
//
// Callers depend on the GlobMatcher type only, so another implementation can be swapped in. picomatch is not a
// drop-in: it treats `**` inside a segment (`/abc**`) like `*`, while Core documents `diskfs:/{reference}**`
// as matching `/abc/1.ts` too.

/** Compiles `pattern`; the returned predicate tells whether a whole name matches. Invalid patterns match nothing. */
export type GlobMatcher = (pattern: string, separators?: string) => (name: string) => boolean;

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\/]/gu, '\\$&');
const escapeClass = (s: string) => s.replace(/[\\\]^-]/gu, '\\$&');

class GlobSyntaxError extends Error {}

/** Translates one glob (or one `{...}` alternative) starting at `i`; stops at `stop` characters when nested. */
function translate(p: string, start: number, notSep: string, nested: boolean): { re: string; end: number } {
  let re = '';
  let i = start;
  while (i < p.length) {
    const c = p[i];
    if (nested && (c === ',' || c === '}')) return { re, end: i };
    if (c === '\\') {
      if (i + 1 >= p.length) throw new GlobSyntaxError('dangling escape');
      re += escapeRegExp(p[i + 1]);
      i += 2;
    } else if (c === '*') {
      if (p[i + 1] === '*') {
        re += '.*';
        i += 2;
      } else {
        re += `${notSep}*`;
        i += 1;
      }
    } else if (c === '?') {
      re += notSep;
      i += 1;
    } else if (c === '[') {
      const close = p.indexOf(']', i + 1);
      if (close < 0) throw new GlobSyntaxError('unclosed [');
      let body = p.slice(i + 1, close);
      const negate = body.startsWith('!');
      if (negate) body = body.slice(1);
      if (body.length === 0) throw new GlobSyntaxError('empty class');
      re += `[${negate ? '^' : ''}${body.replace(/[\\\]^]/gu, '\\$&')}]`;
      i = close + 1;
    } else if (c === '{') {
      const alternatives: string[] = [];
      let j = i + 1;
      for (;;) {
        const alt = translate(p, j, notSep, true);
        alternatives.push(alt.re);
        if (alt.end >= p.length) throw new GlobSyntaxError('unclosed {');
        j = alt.end + 1;
        if (p[alt.end] === '}') break;
      }
      re += `(?:${alternatives.join('|')})`;
      i = j;
    } else {
      re += escapeRegExp(c);
      i += 1;
    }
  }
  if (nested) throw new GlobSyntaxError('unclosed {');
  return { re, end: i };
}

/** Compiles a glob into an anchored RegExp; throws on syntax errors. */
export function globToRegExp(pattern: string, separators = ''): RegExp {
  const notSep = separators.length > 0 ? `[^${escapeClass(separators)}]` : '.';
  return new RegExp(`^${translate(pattern, 0, notSep, false).re}$`, 'su');
}

const cache = new Map<string, (name: string) => boolean>();
const CACHE_LIMIT = 1000;

/** The built-in matcher; compiled patterns are memoized because cleanup runs the same rules every second. */
export const matchGlob: GlobMatcher = (pattern, separators = '') => {
  const key = `${separators}\u0000${pattern}`;
  let test = cache.get(key);
  if (!test) {
    try {
      const re = globToRegExp(pattern, separators);
      test = (name) => re.test(name);
    } catch {
      test = () => false;
    }
    if (cache.size >= CACHE_LIMIT) cache.clear();
    cache.set(key, test);
  }
  return test;
};
