// Go's json.MarshalIndent output: struct fields in declaration order, map keys sorted, HTML-safe escaping.

/** A Go struct: its fields are written in this order. Plain objects are Go maps and get sorted keys. */
export class GoStruct {
  constructor(readonly fields: ReadonlyArray<readonly [string, unknown]>) {}
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/gu;
const GO_EXTRA_ESCAPES = /[<>&\u2028\u2029]/gu;

/** Go escapes <, > and & (HTML safety) and U+2028/2029, and writes invalid UTF-16/8 as U+FFFD. */
function encodeString(s: string): string {
  const json = JSON.stringify(s.replace(LONE_SURROGATE, '\uFFFD'));
  return json.replace(GO_EXTRA_ESCAPES, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Go sorts map keys by their UTF-8 bytes, which differs from UTF-16 order for characters beyond U+FFFF. */
const byUtf8 = (a: string, b: string) => Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));

function encode(value: unknown, indent: string, depth: number): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'string') return encodeString(value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`json: unsupported value: ${value}`);
    return JSON.stringify(value); // same shortest form and exponent thresholds as Go's float64 encoding
  }
  let entries: [string, unknown][];
  let open = '{';
  let close = '}';
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    open = '[';
    close = ']';
    entries = value.map((v) => ['', v]);
  } else if (value instanceof GoStruct) {
    entries = value.fields.map(([k, v]) => [encodeString(k) + ': ', v]);
  } else if (typeof value === 'object') {
    entries = Object.keys(value)
      .sort(byUtf8)
      .map((k) => [encodeString(k) + ': ', (value as Record<string, unknown>)[k]]);
  } else {
    throw new Error(`json: unsupported type: ${typeof value}`);
  }
  if (entries.length === 0) return open + close;
  const inner = indent.repeat(depth + 1);
  const body = entries.map(([key, v]) => inner + key + encode(v, indent, depth + 1)).join(',\n');
  return `${open}\n${body}\n${indent.repeat(depth)}${close}`;
}

/** json.MarshalIndent(value, "", indent), without a trailing newline. */
export function marshalIndent(value: unknown, indent = '    '): string {
  return encode(value, indent, 0);
}
