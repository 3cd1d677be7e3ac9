// Go's json.MarshalIndent output: struct fields in declaration order, map keys sorted, HTML-safe escaping.

/** A Go struct: its fields are written in this order. Plain objects are Go maps and get sorted keys. */
export class GoStruct {
  constructor(readonly fields: ReadonlyArray<readonly [string, unknown]>) {}
}

/** Text from marshalIndentAt for the depth at which it is placed; written as it is. */
export class GoRaw {
  constructor(readonly json: string) {}
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/gu;
const GO_EXTRA_ESCAPES = /[<>&\u2028\u2029]/gu;

/** Any code unit that Go writes differently from JSON.stringify (checked per code unit: no `u` flag, no lookaround). */
const NEEDS_GO_ESCAPING = /[<>&\u2028\u2029\uD800-\uDFFF]/;
const SURROGATE = /[\uD800-\uDFFF]/;

/** Go escapes <, > and & (HTML safety) and U+2028/2029, and writes invalid UTF-16/8 as U+FFFD. */
function encodeString(s: string): string {
  // Fast path: db.json is rewritten on every change, and almost no string needs the two rewriting passes.
  if (!NEEDS_GO_ESCAPING.test(s)) return JSON.stringify(s);
  const json = JSON.stringify(s.replace(LONE_SURROGATE, '\uFFFD'));
  return json.replace(GO_EXTRA_ESCAPES, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/**
 * Go sorts map keys by their UTF-8 bytes, which differs from UTF-16 order for characters beyond U+FFFF. Without
 * surrogates both orders are code point order, so only keys with surrogates pay for the byte comparison.
 */
const byUtf8 = (a: string, b: string) =>
  SURROGATE.test(a) || SURROGATE.test(b) ? Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8')) : a < b ? -1 : a > b ? 1 : 0;

// Built by appending to one string (no entry arrays, no joins): db.json is encoded whole on every change.
function encode(value: unknown, indent: string, depth: number): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'string') return encodeString(value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`json: unsupported value: ${value}`);
    return JSON.stringify(value); // same shortest form and exponent thresholds as Go's float64 encoding
  }
  if (typeof value !== 'object') throw new Error(`json: unsupported type: ${typeof value}`);
  if (value instanceof GoRaw) return value.json;
  const inner = '\n' + indent.repeat(depth + 1);
  let out = '';
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    for (const item of value) out += (out === '' ? '[' : ',') + inner + encode(item, indent, depth + 1);
    return out + '\n' + indent.repeat(depth) + ']';
  }
  if (value instanceof GoStruct) {
    for (const [key, item] of value.fields) out += (out === '' ? '{' : ',') + inner + encodeString(key) + ': ' + encode(item, indent, depth + 1);
  } else {
    const map = value as Record<string, unknown>;
    for (const key of Object.keys(map).sort(byUtf8)) out += (out === '' ? '{' : ',') + inner + encodeString(key) + ': ' + encode(map[key], indent, depth + 1);
  }
  return out === '' ? '{}' : out + '\n' + indent.repeat(depth) + '}';
}

/** json.MarshalIndent(value, "", indent), without a trailing newline. */
export function marshalIndent(value: unknown, indent = '    '): string {
  return encode(value, indent, 0);
}

/** The same for a value that will be placed `depth` levels deep (as a GoRaw) in a larger document. */
export function marshalIndentAt(value: unknown, depth: number, indent = '    '): string {
  return encode(value, indent, depth);
}
