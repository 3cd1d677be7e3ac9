// db.json version 4, read and written exactly as Core's restream/store does.
import {
  decodeGo,
  goAny,
  goBool,
  goFloat64,
  goInt64,
  goString,
  goUint,
  goUint64,
  type GoType,
  type GoValue,
} from '../decode.js';
import type { StoreData, StoredProcess, StoredProcessConfig, StoredProcessConfigIO } from '../types.js';
import { GoRaw, GoStruct, marshalIndent, marshalIndentAt } from './go-json.js';

export const STORE_VERSION = 4;

/** A db.json that cannot be used; `data` is what Core continues with (the empty store). */
export class StoreError extends Error {
  constructor(
    message: string,
    readonly data: StoreData = emptyStoreData(),
  ) {
    super(message);
    this.name = 'StoreError';
  }
}

export function emptyStoreData(): StoreData {
  return { version: STORE_VERSION, process: {}, metadata: { system: {}, process: {} } };
}

const cleanupType: GoType = {
  kind: 'struct',
  name: 'app.ConfigIOCleanup',
  fields: { pattern: goString, max_files: goUint, max_file_age_seconds: goUint, purge_on_delete: goBool },
};
const ioType: GoType = {
  kind: 'struct',
  name: 'app.ConfigIO',
  fields: {
    id: goString,
    address: goString,
    options: { kind: 'slice', of: goString, name: '[]string' },
    cleanup: { kind: 'slice', of: cleanupType, name: '[]app.ConfigIOCleanup' },
  },
};
const configType: GoType = {
  kind: 'struct',
  name: 'app.Config',
  fields: {
    id: goString,
    reference: goString,
    ffversion: goString,
    input: { kind: 'slice', of: ioType, name: '[]app.ConfigIO' },
    output: { kind: 'slice', of: ioType, name: '[]app.ConfigIO' },
    options: { kind: 'slice', of: goString, name: '[]string' },
    reconnect: goBool,
    reconnect_delay_seconds: goUint64,
    autostart: goBool,
    stale_timeout_seconds: goUint64,
    limit_cpu_usage: goFloat64,
    limit_memory_bytes: goUint64,
    limit_waitfor_seconds: goUint64,
  },
};
const processType: GoType = {
  kind: 'struct',
  name: 'app.Process',
  fields: { id: goString, reference: goString, config: configType, created_at: goInt64, updated_at: goInt64, order: goString },
};
const metadataType: GoType = { kind: 'map', of: goAny, name: 'map[string]interface {}' };
const storeType: GoType = {
  kind: 'struct',
  name: 'store.StoreData',
  fields: {
    version: goUint64,
    process: { kind: 'map', of: processType, name: 'map[string]*app.Process' },
    metadata: {
      kind: 'struct',
      name: '', // an anonymous struct in Core
      fields: { system: metadataType, process: { kind: 'map', of: metadataType, name: 'map[string]map[string]interface {}' } },
    },
  },
};

// Nil slices (absent in files written by other tools) become empty lists: the in-memory shape has no nil.
type LooseIO = Omit<StoredProcessConfigIO, 'options' | 'cleanup'> & {
  options: string[] | null;
  cleanup: StoredProcessConfigIO['cleanup'] | null;
};
const ioFromLoose = (io: LooseIO): StoredProcessConfigIO => ({ ...io, options: io.options ?? [], cleanup: io.cleanup ?? [] });

function processFromLoose(p: StoredProcess): StoredProcess {
  const c = p.config as unknown as Omit<StoredProcessConfig, 'input' | 'output' | 'options'> & {
    input: LooseIO[] | null;
    output: LooseIO[] | null;
    options: string[] | null;
  };
  const config: StoredProcessConfig = {
    ...c,
    input: (c.input ?? []).map(ioFromLoose),
    output: (c.output ?? []).map(ioFromLoose),
    options: c.options ?? [],
  };
  return { ...p, config, order: p.order === 'start' ? 'start' : 'stop' };
}

/** Parses db.json text; a version other than 4 (also a missing one, as in `{}`) is an error, as in Core. */
export function decodeStoreData(text: string): StoreData {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new StoreError(`invalid JSON in the DB file: ${(err as Error).message}`);
  }
  const versionOnly = decodeGo({ kind: 'struct', name: 'store.storeVersion', fields: { version: goUint64 } }, json, {
    version: 0,
  });
  if (versionOnly.error !== undefined) throw new StoreError(versionOnly.error);
  const version = (versionOnly.value as { version: number }).version;
  if (version !== STORE_VERSION) {
    throw new StoreError(`unsupported version of the DB file (want: ${STORE_VERSION}, have: ${version})`);
  }

  // A null process entry would be a nil pointer in Core; it carries nothing, so it is dropped.
  const raw = json as { process?: unknown };
  if (raw.process !== null && typeof raw.process === 'object' && !Array.isArray(raw.process)) {
    raw.process = Object.fromEntries(Object.entries(raw.process).filter(([, p]) => p !== null));
  }
  const decoded = decodeGo(storeType, json, emptyStoreData() as unknown as GoValue);
  if (decoded.error !== undefined) throw new StoreError(decoded.error);
  const data = decoded.value as unknown as StoreData;
  const processes = Object.entries(data.process ?? {}).map(([id, p]) => [id, processFromLoose(p)] as const);
  return {
    version: STORE_VERSION,
    process: Object.fromEntries(processes),
    metadata: { system: data.metadata.system, process: data.metadata.process ?? {} },
  };
}

const cleanupStruct = (c: StoredProcessConfigIO['cleanup'][number]) =>
  new GoStruct([
    ['pattern', c.pattern],
    ['max_files', c.max_files],
    ['max_file_age_seconds', c.max_file_age_seconds],
    ['purge_on_delete', c.purge_on_delete],
  ]);

const ioStruct = (io: StoredProcessConfigIO) =>
  new GoStruct([
    ['id', io.id],
    ['address', io.address],
    ['options', io.options],
    ['cleanup', io.cleanup.map(cleanupStruct)],
  ]);

const configStruct = (c: StoredProcessConfig) =>
  new GoStruct([
    ['id', c.id],
    ['reference', c.reference],
    ['ffversion', c.ffversion],
    ['input', c.input.map(ioStruct)],
    ['output', c.output.map(ioStruct)],
    ['options', c.options],
    ['reconnect', c.reconnect],
    ['reconnect_delay_seconds', c.reconnect_delay_seconds],
    ['autostart', c.autostart],
    ['stale_timeout_seconds', c.stale_timeout_seconds],
    ['limit_cpu_usage', c.limit_cpu_usage],
    ['limit_memory_bytes', c.limit_memory_bytes],
    ['limit_waitfor_seconds', c.limit_waitfor_seconds],
  ]);

/** Where a config sits in db.json: store struct -> process map -> process struct -> config. */
const CONFIG_DEPTH = 3;

/**
 * db.json is written whole after every change and the configs are most of it, so each config's encoding is kept
 * with it. A stored config is never changed in place (an update or a restore makes a new object).
 */
const encodedConfigs = new WeakMap<StoredProcessConfig, GoRaw>();

/**
 * The encoder builds strings by concatenation (V8 ropes); a kept rope would be walked piece by piece on every
 * save. A copy through a Buffer is one flat string.
 */
const flat = (text: string) => Buffer.from(text, 'utf8').toString('utf8');

function encodedConfig(config: StoredProcessConfig): GoRaw {
  let raw = encodedConfigs.get(config);
  if (!raw) encodedConfigs.set(config, (raw = new GoRaw(flat(marshalIndentAt(configStruct(config), CONFIG_DEPTH)))));
  return raw;
}

const processStruct = (p: StoredProcess) =>
  new GoStruct([
    ['id', p.id],
    ['reference', p.reference],
    ['config', encodedConfig(p.config)],
    ['created_at', p.created_at],
    ['updated_at', p.updated_at],
    ['order', p.order],
  ]);

/** Core's bytes: MarshalIndent with 4 spaces, no trailing newline; maps (ids, metadata) in sorted key order. */
export function encodeStoreData(data: StoreData): string {
  if (data.version !== STORE_VERSION) {
    throw new StoreError(`invalid version (have: ${data.version}, want: ${STORE_VERSION})`, data);
  }
  const process = Object.fromEntries(Object.entries(data.process).map(([id, p]) => [id, processStruct(p)]));
  return marshalIndent(
    new GoStruct([
      ['version', data.version],
      ['process', process],
      [
        'metadata',
        new GoStruct([
          ['system', data.metadata.system],
          ['process', data.metadata.process],
        ]),
      ],
    ]),
  );
}
