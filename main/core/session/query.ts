// Go's net/url query handling (ParseQuery, Values.Encode), so rewritten playlist URIs read exactly like Core's.

export type QueryValues = Map<string, string[]>;

function unescapeComponent(text: string): string | null {
  try {
    return decodeURIComponent(text.replaceAll('+', ' '));
  } catch {
    return null;
  }
}

/** url.ParseQuery: pairs split on "&", "+" is a space; pairs with bad escapes or a ";" are dropped like Go drops them. */
export function parseQuery(raw: string): QueryValues {
  const values: QueryValues = new Map();
  if (raw === '') return values;
  for (const part of raw.split('&')) {
    if (part === '' || part.includes(';')) continue;
    const eq = part.indexOf('=');
    const key = unescapeComponent(eq < 0 ? part : part.slice(0, eq));
    const value = eq < 0 ? '' : unescapeComponent(part.slice(eq + 1));
    if (key === null || value === null) continue;
    const list = values.get(key);
    if (list) list.push(value);
    else values.set(key, [value]);
  }
  return values;
}

const EXTRA_ESCAPES = /[!'()*]/g;

/** url.QueryEscape: only A-Z a-z 0-9 - _ . ~ stay, a space becomes "+". */
export function queryEscape(text: string): string {
  let escaped: string;
  try {
    escaped = encodeURIComponent(text);
  } catch {
    return text;
  }
  return escaped.replace(EXTRA_ESCAPES, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase()).replaceAll('%20', '+');
}

/** url.Values.Encode: keys sorted, values in order. */
export function encodeQuery(values: QueryValues): string {
  const keys = [...values.keys()].sort();
  const parts: string[] = [];
  for (const key of keys) {
    const name = queryEscape(key);
    for (const value of values.get(key)!) parts.push(`${name}=${queryEscape(value)}`);
  }
  return parts.join('&');
}
