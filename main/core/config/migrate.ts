// Config layout versions 1 → 2 → 3 (Core's config/v2/data.go and config/data.go), and the way back for merging.
// A v1/v2 document is decoded over a base converted down to its own version, then upgraded onto that base.
import { ConfigInputError, ConfigVersionError } from './errors.js';
import { decodeOver, type SchemaEntry } from './decode.js';
import { KINDS } from './kinds.js';
import { cloneJson, deletePath, getPath, isPlainObject, setPath, type JsonObject } from './objectPath.js';
import { parseAddress } from './checks.js';
import type { ConfigData } from './types.js';
import { VARIABLES } from './variables.js';

export type ConfigVersion = 1 | 2 | 3;
export const CURRENT_VERSION = 3;

/** Keys that exist only since v3; `storage.disk.cache.types` was a plain list (today's `types.allow`) before. */
const V3_ONLY = [
  'tls.email',
  'storage.s3',
  'debug.memory_limit_mbytes',
  'storage.disk.cache.types.allow',
  'storage.disk.cache.types.block',
];
const LEGACY_TYPES = 'storage.disk.cache.types';

const V3_SCHEMA: readonly SchemaEntry[] = VARIABLES.map((v) => ({ path: v.path, shape: KINDS[v.kind].shape }));
const V2_SCHEMA: readonly SchemaEntry[] = [
  ...V3_SCHEMA.filter((entry) => !V3_ONLY.includes(entry.path)),
  { path: LEGACY_TYPES, shape: { array: 'string' } },
];
const V1_SCHEMA: readonly SchemaEntry[] = V2_SCHEMA.filter((entry) => entry.path !== 'rtmp.address_tls');
const SCHEMAS: Record<ConfigVersion, readonly SchemaEntry[]> = { 1: V1_SCHEMA, 2: V2_SCHEMA, 3: V3_SCHEMA };

/** A v3 config as a v2 (or v1) document, like Core's DowngradeV3toV2 / DowngradeV2toV1. */
export function downgrade(config: ConfigData, to: 1 | 2): JsonObject {
  const doc = cloneJson(config) as unknown as JsonObject;
  for (const path of V3_ONLY) deletePath(doc, path);
  setPath(doc, LEGACY_TYPES, [...config.storage.disk.cache.types.allow]);
  doc['version'] = 2;
  if (to === 1) {
    deletePath(doc, 'rtmp.address_tls');
    doc['version'] = 1;
  }
  return doc;
}

/** v1 → v2: `rtmp.app` gets a leading "/"; v1's enable_tls meant "RTMPS on the RTMP address, RTMP one port below". */
function upgradeV1(doc: JsonObject, base: ConfigData): JsonObject {
  const out = cloneJson(doc);
  const app = String(getPath(out, 'rtmp.app') ?? '');
  if (!app.startsWith('/')) setPath(out, 'rtmp.app', `/${app}`);
  setPath(out, 'rtmp.address_tls', base.rtmp.address_tls);
  if (getPath(out, 'rtmp.enable_tls') === true) {
    const address = String(getPath(out, 'rtmp.address') ?? '');
    const parsed = parseAddress(address);
    if (!parsed) {
      throw new ConfigInputError('migrating rtmp.address to rtmp.address_tls failed', [
        `rtmp.address: '${address}' is not a host:port address`,
      ]);
    }
    const host = parsed.host.includes(':') ? `[${parsed.host}]` : parsed.host;
    setPath(out, 'rtmp.enable', true);
    setPath(out, 'rtmp.address_tls', address);
    setPath(out, 'rtmp.address', `${host}:${parsed.port - 1}`);
  }
  out['version'] = 2;
  return out;
}

/** v2 → v3 onto `base`: the cache type list becomes `types.allow`; v3-only keys keep the base's values. */
function upgradeV2(doc: JsonObject, base: ConfigData): ConfigData {
  const out = cloneJson(base) as unknown as JsonObject;
  for (const { path } of V2_SCHEMA) {
    if (path === LEGACY_TYPES) continue;
    setPath(out, path, cloneJson(getPath(doc, path)));
  }
  setPath(out, 'storage.disk.cache.types.allow', cloneJson(getPath(doc, LEGACY_TYPES)));
  out['version'] = CURRENT_VERSION;
  return out as unknown as ConfigData;
}

/**
 * Decodes a config document of any known version over `base` (the defaults when loading a file, the stored
 * config for a partial update) and returns it as v3. Throws ConfigVersionError for an unknown `version` and
 * ConfigInputError (with one detail per key) for JSON types that do not fit.
 */
export function mergeVersioned(base: ConfigData, raw: unknown): { config: ConfigData; version: ConfigVersion } {
  if (!isPlainObject(raw)) throw new ConfigInputError('the config must be a JSON object');
  const version = raw['version'];
  if (version !== 1 && version !== 2 && version !== 3) throw new ConfigVersionError(version);
  const errors: string[] = [];
  const start = version === 3 ? (cloneJson(base) as unknown as JsonObject) : downgrade(base, version);
  const decoded = decodeOver(start, raw, SCHEMAS[version], errors);
  if (errors.length > 0) throw new ConfigInputError('the config has values of the wrong type', errors);
  if (version === 3) return { config: { ...(decoded as unknown as ConfigData), version: CURRENT_VERSION }, version };
  const v2 = version === 1 ? upgradeV1(decoded, base) : decoded;
  return { config: upgradeV2(v2, base), version };
}

/** Migrates a v1, v2 or v3 document to v3, filling missing keys from `defaults` (Core's own-version defaults). */
export function migrateConfig(raw: unknown, defaults: ConfigData): ConfigData {
  return mergeVersioned(defaults, raw).config;
}
