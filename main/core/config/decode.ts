// Decodes a JSON document over a base config the way Go's json.Unmarshal fills a pre-populated struct.
// Known keys replace base values (arrays and maps whole), missing keys keep them, unknown keys are ignored, and a
// JSON type that does not fit a known key is an error.
import type { Shape } from './kinds.js';
import { cloneJson, getPath, isPlainObject, setPath, type JsonObject } from './objectPath.js';

export interface SchemaEntry {
  path: string;
  shape: Shape;
}

const SHAPE_NAMES: Record<'string' | 'boolean' | 'integer' | 'unsigned', string> = {
  string: 'a string',
  boolean: 'a boolean',
  integer: 'an integer',
  unsigned: 'a non-negative integer',
};

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') return `a string (${JSON.stringify(value)})`;
  return `a ${typeof value} (${String(value)})`;
}

function shapeName(shape: Shape): string {
  if (typeof shape === 'string') return SHAPE_NAMES[shape];
  if ('array' in shape) return 'an array';
  return 'an object';
}

/** The value Go leaves in a field that the document does not mention. */
function zeroOf(shape: Shape): unknown {
  if (shape === 'string') return '';
  if (shape === 'boolean') return false;
  if (shape === 'integer' || shape === 'unsigned') return 0;
  if ('array' in shape) return [];
  if ('map' in shape) return {};
  return Object.fromEntries(Object.entries(shape.object).map(([key, field]) => [key, zeroOf(field)]));
}

function fits(value: unknown, shape: 'string' | 'boolean' | 'integer' | 'unsigned'): boolean {
  switch (shape) {
    case 'string':
      return typeof value === 'string';
    case 'boolean':
      return typeof value === 'boolean';
    case 'integer':
      return Number.isSafeInteger(value);
    case 'unsigned':
      return Number.isSafeInteger(value) && (value as number) >= 0;
  }
}

/** Returns the decoded value, or undefined after recording an error. null decodes to the zero value. */
export function decodeValue(value: unknown, shape: Shape, path: string, errors: string[]): unknown {
  if (value === null) return zeroOf(shape);
  const mismatch = (): undefined => {
    errors.push(`${path}: expected ${shapeName(shape)}, got ${describe(value)}`);
    return undefined;
  };
  if (typeof shape === 'string') return fits(value, shape) ? value : mismatch();
  if ('array' in shape) {
    if (!Array.isArray(value)) return mismatch();
    return value.map((item, i) => decodeValue(item, shape.array, `${path}[${i}]`, errors));
  }
  if (!isPlainObject(value)) return mismatch();
  if ('map' in shape) {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [key, decodeValue(item, shape.map, `${path}.${key}`, errors)]),
    );
  }
  return Object.fromEntries(
    Object.entries(shape.object).map(([key, field]) => {
      const item = value[key];
      return [key, item === undefined ? zeroOf(field) : decodeValue(item, field, `${path}.${key}`, errors)];
    }),
  );
}

function sectionsOf(schema: readonly SchemaEntry[]): string[] {
  const sections = new Set<string>();
  for (const { path } of schema) {
    const keys = path.split('.');
    for (let i = 1; i < keys.length; i++) sections.add(keys.slice(0, i).join('.'));
  }
  return [...sections];
}

/**
 * Overlays `input` on a copy of `base`. Type errors are appended to `errors` (the affected keys keep base values);
 * keys below a section that is not an object are unreachable and so keep their base values too.
 */
export function decodeOver(
  base: JsonObject,
  input: JsonObject,
  schema: readonly SchemaEntry[],
  errors: string[],
): JsonObject {
  const out = cloneJson(base);
  for (const section of sectionsOf(schema)) {
    const value = getPath(input, section);
    if (value !== undefined && value !== null && !isPlainObject(value)) {
      errors.push(`${section}: expected an object, got ${describe(value)}`);
    }
  }
  for (const { path, shape } of schema) {
    const raw = getPath(input, path);
    if (raw === undefined) continue;
    const before = errors.length;
    const decoded = decodeValue(raw, shape, path, errors);
    // Go leaves a scalar untouched when the document holds null; only slices and maps are reset.
    if (raw === null && typeof shape === 'string') continue;
    if (errors.length === before) setPath(out, path, decoded);
  }
  return out;
}
