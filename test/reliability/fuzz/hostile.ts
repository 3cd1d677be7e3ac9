// Hostile ingredients for generated requests: path segments, strings, wrong-typed values, mutated, deep, huge and
// broken JSON bodies. Everything is drawn from a Prng, so a seed reproduces it.
import type { Prng } from './prng.js';
import type { Schema } from './contractOps.js';

/** Path segments sent as they are (already percent-encoded where needed): traversal, NUL, broken encodings. */
const RAW_SEGMENTS = [
  '..', '.', '%2e%2e', '%2E%2E', '.%2e', '%252e%252e', '%252e%252e%252f', '..%2f..%2f..%2fetc%2fpasswd', '%2fetc%2fpasswd',
  '..%5c..%5cwindows', '%5c', '%00', 'a%00b', '%zz', '%', '%e0%80%ae%e0%80%ae', '%c0%ae%c0%ae', ';', 'a;b=c', '%3F', '%23',
  '%20', '+', '~', '%ff%fe', '%ed%a0%80',
];

/** Strings sent percent-encoded (in paths and queries) or inside JSON bodies. */
export const HOSTILE_STRINGS = [
  '', ' ', '🎥', 'über', '\u202e\u0041', '\u0000', '\uFEFF', '\uD800', 'a'.repeat(300), 'a'.repeat(4000), '${jndi:ldap://127.0.0.1/x}',
  "' OR 1=1 --", '<script>alert(1)</script>', '{{7*7}}', 'CON', 'nul.txt', '/etc/passwd', '../../../../etc/passwd', 'C:\\Windows\\win.ini',
  '\\\\server\\share', '\t', '\r\n', '__proto__', 'constructor', 'prototype', '%s%s%s%n', '-1', '0', '9'.repeat(40), 'NaN', 'null',
  'true', '[]', '{}', '#fz-0:output=out', '{diskfs}', '{memfs}/../x', '$(reboot)', '`id`', 'file:///etc/passwd', '-f lavfi -i /etc/passwd',
];

/** encodeURIComponent, which throws on a lone surrogate: that one goes out as its (invalid) UTF-8 bytes. */
export function encode(text: string): string {
  try {
    return encodeURIComponent(text);
  } catch {
    return encodeURIComponent(text.replace(/[\uD800-\uDFFF]/g, '')) + '%ed%a0%80';
  }
}

export function hostileSegment(prng: Prng): string {
  return prng.chance(0.5) ? prng.pick(RAW_SEGMENTS) : encode(prng.pick(HOSTILE_STRINGS));
}

/** A value of another JSON type than `value` (or a boundary value of the same type). */
export function wrongValue(value: unknown, prng: Prng): unknown {
  const candidates: unknown[] = [
    null, true, 0, -1, 1.5, 1e308, -1e308, 2 ** 63, '', prng.pick(HOSTILE_STRINGS), [], [prng.pick(HOSTILE_STRINGS)], {}, { x: 1 }, [[[]]], '1', 'true',
  ];
  const differs = candidates.filter((candidate) => typeof candidate !== typeof value || Array.isArray(candidate) !== Array.isArray(value) || candidate === null);
  return prng.pick(differs.length > 0 ? differs : candidates);
}

/** A plausible instance of a schema: the starting point that mutations then break. */
export function schemaInstance(schema: Schema, prng: Prng, depth = 0): unknown {
  if (schema.enum && schema.enum.length > 0) return prng.pick(schema.enum);
  switch (schema.type) {
    case 'object': {
      const out: Record<string, unknown> = {};
      if (depth > 4) return out;
      for (const [key, property] of Object.entries(schema.properties ?? {})) {
        if (prng.chance(0.8) || schema.required?.includes(key)) out[key] = schemaInstance(property, prng, depth + 1);
      }
      return out;
    }
    case 'array':
      return depth > 4 || !schema.items ? [] : Array.from({ length: prng.int(3) }, () => schemaInstance(schema.items!, prng, depth + 1));
    case 'integer':
      return prng.int(100);
    case 'number':
      return prng.next() * 100;
    case 'boolean':
      return prng.chance(0.5);
    case 'string':
      return prng.chance(0.7) ? prng.string(1 + prng.int(12)) : prng.pick(HOSTILE_STRINGS);
    default:
      return prng.chance(0.5) ? { any: prng.string(5) } : prng.string(5);
  }
}

/** Every [container, key] inside a JSON value, so a mutation can hit any field at any depth. */
function slots(value: unknown, out: Array<[Record<string, unknown> | unknown[], string | number]> = []): typeof out {
  if (Array.isArray(value)) value.forEach((item, index) => (out.push([value, index]), slots(item, out)));
  else if (value && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      out.push([value as Record<string, unknown>, key]);
      slots(item, out);
    }
  }
  return out;
}

export type Mutation = 'wrong-type' | 'drop-field' | 'extra-field' | 'several';

/** Breaks a (deep-copied) JSON value in place of one or more fields. */
export function mutate(value: unknown, prng: Prng, mutation: Mutation): unknown {
  const copy = structuredClone(value);
  const rounds = mutation === 'several' ? 2 + prng.int(4) : 1;
  for (let round = 0; round < rounds; round++) {
    const kind: Mutation = mutation === 'several' ? prng.pick(['wrong-type', 'drop-field', 'extra-field'] as const) : mutation;
    const targets = slots(copy);
    if (targets.length === 0) return wrongValue(copy, prng);
    const [container, key] = prng.pick(targets);
    if (kind === 'wrong-type') (container as Record<string | number, unknown>)[key] = wrongValue((container as Record<string | number, unknown>)[key], prng);
    else if (kind === 'drop-field' && !Array.isArray(container)) delete container[key as string];
    else if (kind === 'extra-field' && !Array.isArray(container)) container[prng.pick(HOSTILE_STRINGS) || 'extra'] = wrongValue(undefined, prng);
  }
  return copy;
}

/** JSON text nesting `levels` arrays or objects (built as text: a value that deep cannot be stringified). */
export function deepJson(levels: number, prng: Prng): string {
  return prng.chance(0.5) ? '['.repeat(levels) + ']'.repeat(levels) : '{"a":'.repeat(levels) + '1' + '}'.repeat(levels);
}

/**
 * A JSON body of about `bytes` bytes: one huge string (mostly), a huge array, or a huge object. Arrays and objects
 * of millions of members are rarer: stored as metadata they make every later db.json save cost about a second.
 */
export function hugeJson(bytes: number, prng: Prng): string {
  switch (prng.weighted([[0, 2], [1, 1], [2, 1]] as const)) {
    case 0:
      return JSON.stringify({ id: 'huge', data: 'x'.repeat(bytes) });
    case 1:
      return '[' + '1,'.repeat(Math.floor(bytes / 2)) + '1]';
    default:
      return '{' + Array.from({ length: Math.floor(bytes / 16) }, (_, index) => `"k${index.toString(36).padStart(8, '0')}":1`).join(',') + '}';
  }
}

/** Texts that are not JSON, or not the JSON a parser expects. */
export const INVALID_JSON = [
  '{', '}', '{"a":', '{"a" 1}', "{'a': 1}", '{"a": NaN}', '{"a": Infinity}', '{"a": 01}', '[1,]', '{"a":1,}', 'undefined', '\uFEFF{}', '{"a":"\u0000"}',
  '{"__proto__": {"polluted": true}}', '{"constructor": {"prototype": {"polluted": true}}}', '"\\ud800"', '{"a": "\\x41"}', '/* */ {}', '{} {}', 'nul',
];

export const CONTENT_TYPES = [
  'text/plain', 'application/xml', 'multipart/form-data; boundary=x', 'application/x-www-form-urlencoded', 'application/octet-stream',
  'application/json; charset=utf-16', 'application/json; charset=latin1', 'application/JSON', 'application/json;;;', 'image/png', 'application/vnd.api+json',
  '*/*', 'json', 'application/json, text/plain',
];
