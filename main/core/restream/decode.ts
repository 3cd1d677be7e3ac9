// Go encoding/json decoding of a JSON value into a typed struct, including its quirks Core's API relies on.
//
// Core binds request bodies with json.Unmarshal over a pre-filled struct, so: keys match case-insensitively,
// unknown keys are ignored, `null` clears slices but leaves scalars and structs alone, arrays decode element-wise
// INTO the existing elements (a partial update merges by index), and the first type mismatch is reported while
// the rest is still decoded.

export type GoType =
  | { kind: 'string' }
  | { kind: 'bool' }
  | { kind: 'uint'; name: 'uint' | 'uint64' }
  | { kind: 'int'; name: 'int64' }
  | { kind: 'float' }
  | { kind: 'any' }
  | { kind: 'map'; of: GoType; name: string }
  | { kind: 'slice'; of: GoType; name: string }
  | { kind: 'struct'; name: string; fields: Readonly<Record<string, GoType>> };

export const goString: GoType = { kind: 'string' };
export const goBool: GoType = { kind: 'bool' };
export const goUint: GoType = { kind: 'uint', name: 'uint' };
export const goUint64: GoType = { kind: 'uint', name: 'uint64' };
export const goInt64: GoType = { kind: 'int', name: 'int64' };
export const goFloat64: GoType = { kind: 'float' };
export const goAny: GoType = { kind: 'any' };

/** A decoded value: scalars, `null` for a nil slice or map, arrays, and records for structs and maps. */
export type GoValue = string | number | boolean | null | GoValue[] | { [field: string]: GoValue };

export function zeroValue(type: GoType): GoValue {
  switch (type.kind) {
    case 'string':
      return '';
    case 'bool':
      return false;
    case 'uint':
    case 'int':
    case 'float':
      return 0;
    case 'slice':
    case 'map':
    case 'any':
      return null;
    case 'struct':
      return Object.fromEntries(Object.entries(type.fields).map(([k, t]) => [k, zeroValue(t)]));
  }
}

function goTypeName(type: GoType): string {
  switch (type.kind) {
    case 'string':
      return 'string';
    case 'bool':
      return 'bool';
    case 'uint':
    case 'int':
      return type.name;
    case 'float':
      return 'float64';
    case 'any':
      return 'interface {}';
    case 'slice':
    case 'map':
    case 'struct':
      return type.name;
  }
}

function jsonKind(value: unknown): string {
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return 'number';
  if (typeof value === 'boolean') return 'bool';
  return typeof value; // 'string' | 'object'
}

interface Context {
  struct: string;
  path: string[];
  firstError?: string;
}

function mismatch(ctx: Context, value: string, type: GoType): void {
  if (ctx.firstError !== undefined) return;
  const target =
    ctx.path.length > 0
      ? `Go struct field ${ctx.struct.replace(/^.*\./, '')}.${ctx.path.join('.')}`
      : `Go value`;
  ctx.firstError = `json: cannot unmarshal ${value} into ${target} of type ${goTypeName(type)}`;
}

/** encoding/json matches a key to a field exactly first, then case-insensitively. */
function fieldFor(fields: Readonly<Record<string, GoType>>, key: string): string | undefined {
  if (Object.hasOwn(fields, key)) return key;
  const lower = key.toLowerCase();
  return Object.keys(fields).find((f) => f.toLowerCase() === lower);
}

function decodeValue(type: GoType, json: unknown, current: GoValue, ctx: Context): GoValue {
  if (json === null) return type.kind === 'slice' || type.kind === 'map' || type.kind === 'any' ? null : current;
  switch (type.kind) {
    case 'string':
    case 'bool': {
      if (typeof json === (type.kind === 'string' ? 'string' : 'boolean')) return json as string | boolean;
      mismatch(ctx, jsonKind(json), type);
      return current;
    }
    case 'uint': {
      if (typeof json === 'number' && Number.isInteger(json) && json >= 0) return json;
      mismatch(ctx, typeof json === 'number' ? `number ${json}` : jsonKind(json), type);
      return current;
    }
    case 'int': {
      if (typeof json === 'number' && Number.isInteger(json)) return json;
      mismatch(ctx, typeof json === 'number' ? `number ${json}` : jsonKind(json), type);
      return current;
    }
    case 'float': {
      if (typeof json === 'number') return json;
      mismatch(ctx, jsonKind(json), type);
      return current;
    }
    case 'any':
      return json as GoValue;
    case 'map': {
      if (typeof json !== 'object' || Array.isArray(json)) {
        mismatch(ctx, jsonKind(json), type);
        return current;
      }
      // Go decodes into the existing map (adding/overwriting keys); fromEntries keeps "__proto__" an own key
      const existing = current !== null && typeof current === 'object' && !Array.isArray(current) ? current : {};
      const entries = Object.entries(json).map(([key, value]) => {
        const prev = Object.hasOwn(existing, key) ? existing[key] : zeroValue(type.of);
        return [key, decodeValue(type.of, value, prev, ctx)] as const;
      });
      return Object.fromEntries([...Object.entries(existing), ...entries]);
    }
    case 'slice': {
      if (!Array.isArray(json)) {
        mismatch(ctx, jsonKind(json), type);
        return current;
      }
      const existing = Array.isArray(current) ? current : [];
      return json.map((item, i) => decodeValue(type.of, item, i < existing.length ? existing[i] : zeroValue(type.of), ctx));
    }
    case 'struct': {
      if (typeof json !== 'object' || Array.isArray(json)) {
        mismatch(ctx, jsonKind(json), type);
        return current;
      }
      const out = { ...(current as Record<string, GoValue>) };
      const outerStruct = ctx.struct;
      for (const [key, value] of Object.entries(json)) {
        const field = fieldFor(type.fields, key);
        if (field === undefined) continue;
        ctx.struct = type.name;
        ctx.path.push(field);
        out[field] = decodeValue(type.fields[field], value, out[field], ctx);
        ctx.path.pop();
        ctx.struct = outerStruct;
      }
      return out;
    }
  }
}

/**
 * Decodes `json` over `current` (a value of `type`). Returns the result and Core's error text for the first
 * type mismatch, if any (json.Unmarshal's UnmarshalTypeError message).
 */
export function decodeGo(type: GoType, json: unknown, current: GoValue): { value: GoValue; error?: string } {
  const ctx: Context = { struct: type.kind === 'struct' ? type.name : goTypeName(type), path: [] };
  const value = decodeValue(type, json, current, ctx);
  return ctx.firstError === undefined ? { value } : { value, error: ctx.firstError };
}
