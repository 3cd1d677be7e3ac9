import { spawn } from 'node:child_process';
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeStoreData, emptyStoreData, encodeStoreData, StoreError } from '../../../main/core/restream/store/format.js';
import { marshalIndent, GoStruct } from '../../../main/core/restream/store/go-json.js';
import { DB_FILENAME, load, save } from '../../../main/core/restream/store/json-store.js';
import type { StoreData, StoredProcess } from '../../../main/core/restream/types.js';
import { FIXTURES, readFixture, storedConfig } from './helpers.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const dirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'restream-store-'));
  dirs.push(dir);
  return dir;
};
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** Loads `file` from the db fixtures as <dir>/db.json. */
async function loadFixture(file: string): Promise<{ data?: StoreData; error?: StoreError }> {
  const dir = tempDir();
  copyFileSync(path.join(FIXTURES, 'db', file), path.join(dir, DB_FILENAME));
  try {
    return { data: await load(dir) };
  } catch (err) {
    return { error: err as StoreError };
  }
}

const isEmpty = (d: StoreData) => Object.keys(d.process).length === 0 && Object.keys(d.metadata.process).length === 0;

describe('db fixtures (restream/store/json_test.go)', () => {
  const expected = readFixture('db', 'expected.json');
  for (const c of expected.cases.filter((x: any) => ['v4_empty.json', 'v4_invalid.json', 'v3_empty.json'].includes(x.file))) {
    it(`${c.test}: ${c.file} → ${c.load_error ? 'error' : 'ok'}`, async () => {
      const { data, error } = await loadFixture(c.file);
      expect(error !== undefined).toBe(c.load_error);
      if (error) expect(error).toBeInstanceOf(StoreError);
      if (c.is_empty !== undefined) expect(isEmpty(data ?? error!.data)).toBe(c.is_empty);
    });
  }

  it('TestNotExists: a missing file is an empty store', async () => {
    expect(await load(tempDir())).toEqual(emptyStoreData());
  });

  it('names the versions on a version mismatch', async () => {
    expect((await loadFixture('v3_empty.json')).error?.message).toBe('unsupported version of the DB file (want: 4, have: 3)');
    expect((await loadFixture('v4_invalid.json')).error?.message).toBe('unsupported version of the DB file (want: 4, have: 0)');
  });

  it('TestStore: store system metadata and load it back', async () => {
    const dir = tempDir();
    const data = await load(dir);
    data.metadata.system = { somedata: 'foobar' };
    await save(dir, data);
    expect(await load(dir)).toEqual(data);
  });

  it('writes v4_empty byte for byte like Core', async () => {
    const dir = tempDir();
    await save(dir, emptyStoreData());
    expect(readFileSync(path.join(dir, DB_FILENAME), 'utf8')).toBe(readFileSync(path.join(FIXTURES, 'db', 'v4_empty.json'), 'utf8'));
  });

  it('rejects syntax and type errors', () => {
    expect(() => decodeStoreData('{"version":4,')).toThrow(StoreError);
    expect(() => decodeStoreData('{"version":"4"}')).toThrow('json: cannot unmarshal string into Go struct field storeVersion.version of type uint64');
    expect(() => decodeStoreData('{"version":4,"process":{"a":{"created_at":"x"}}}')).toThrow(
      'json: cannot unmarshal string into Go struct field Process.process.created_at of type int64',
    );
  });
});

function process_(id: string, extra: Partial<StoredProcess> = {}): StoredProcess {
  return {
    id,
    reference: `ref-${id}`,
    config: storedConfig({
      id,
      reference: `ref-${id}`,
      ffversion: '^5.1.9',
      input: [{ id: 'in', address: 'rtmp://h/live?token=a&b=<c>', options: ['-re'], cleanup: [] }],
      output: [
        {
          id: 'out',
          address: '{memfs}/x.m3u8',
          options: ['-f', 'hls'],
          cleanup: [{ pattern: 'memfs:/x**', max_files: 3, max_file_age_seconds: 30, purge_on_delete: true }],
        },
      ],
      options: ['-loglevel', 'level+info'],
      reconnect: true,
      reconnect_delay_seconds: 15,
      autostart: true,
      stale_timeout_seconds: 30,
      limit_cpu_usage: 12.5,
      limit_memory_bytes: 50 * 1024 * 1024,
      limit_waitfor_seconds: 5,
    }),
    created_at: 1700000000,
    updated_at: 1700000100,
    order: 'start',
    ...extra,
  };
}

describe('round trip', () => {
  const data: StoreData = {
    version: 4,
    process: {
      // deliberately unsorted, with an integer-like id: Go sorts map keys bytewise ("10" < "9" < "b")
      b: process_('b', { order: 'stop' }),
      '9': process_('9'),
      '10': process_('10'),
      'restreamer-ui:ingest:4186b095': process_('restreamer-ui:ingest:4186b095'),
    },
    metadata: {
      system: { 'restreamer-ui': { version: '1.14.0', z: 1, a: [1, 'two', null] } },
      process: { b: null, '9': { 'restreamer-ui': { name: 'Livestream 1 & 2 <test>' } } },
    },
  };

  it('re-saves byte for byte', async () => {
    const dir = tempDir();
    await save(dir, data);
    const first = readFileSync(path.join(dir, DB_FILENAME), 'utf8');
    const loaded = await load(dir);
    expect(loaded).toEqual(data);
    await save(dir, loaded);
    expect(readFileSync(path.join(dir, DB_FILENAME), 'utf8')).toBe(first);
  });

  it('writes Go json.MarshalIndent bytes: 4 spaces, sorted map keys, struct order, HTML-safe escapes', () => {
    const text = encodeStoreData(data);
    expect(text.endsWith('}')).toBe(true);
    expect(text.indexOf('"10": {')).toBeLessThan(text.indexOf('"9": {'));
    expect(text.indexOf('"9": {')).toBeLessThan(text.indexOf('"b": {'));
    expect(text).toContain('"address": "rtmp://h/live?token=a\\u0026b=\\u003cc\\u003e"');
    expect(text).toContain('"name": "Livestream 1 \\u0026 2 \\u003ctest\\u003e"');
    expect(text).toContain('"limit_cpu_usage": 12.5,\n');
    expect(text).toContain(
      '            "created_at": 1700000000,\n            "updated_at": 1700000100,\n            "order": "start"\n',
    );
    const keys = [...text.matchAll(/^ {12}"([a-z_]+)":/gmu)].slice(0, 6).map((m) => m[1]);
    expect(keys).toEqual(['id', 'reference', 'config', 'created_at', 'updated_at', 'order']);
    expect(text).toContain('"b": null');
  });

  it('reads files of other writers: missing fields are zero values, nil slices empty lists', () => {
    const loaded = decodeStoreData(
      '{"version":4,"process":{"x":{"id":"x","config":{"id":"x","input":[{"id":"i","address":"a"}]},"created_at":0,"order":"start"}}}',
    );
    expect(loaded.process.x.config.input[0]).toEqual({ id: 'i', address: 'a', options: [], cleanup: [] });
    expect(loaded.process.x.updated_at).toBe(0);
    expect(loaded.metadata).toEqual({ system: {}, process: {} });
  });

  it('reads the importer goldens (v4 files with metadata)', () => {
    const text = readFileSync(path.join(FIXTURES, 'import', 'v4_rtmp_h264,-_copyvideo_noaudio_output_none.json'), 'utf8');
    const loaded = decodeStoreData(text);
    expect(Object.keys(loaded.process)).toHaveLength(2);
    const snapshot = 'restreamer-ui:ingest:4186b095-7f0a-4e94-8c3d-f17459ab252f_snapshot';
    expect(loaded.metadata.process[snapshot]).toBeNull();
    expect(loaded.process[snapshot].config.input[0].address).toBe('#restreamer-ui:ingest:4186b095-7f0a-4e94-8c3d-f17459ab252f:output=output_0');
  });

  it('refuses to write another version', () => {
    expect(() => encodeStoreData({ ...emptyStoreData(), version: 3 })).toThrow('invalid version (have: 3, want: 4)');
  });

  it('marshals like Go for structs, maps and odd strings', () => {
    expect(marshalIndent(new GoStruct([['b', []], ['a', {}], ['s', 'x\u2028\n\u0001']]))).toBe(
      '{\n    "b": [],\n    "a": {},\n    "s": "x\\u2028\\n\\u0001"\n}',
    );
  });
});

describe('atomic save', () => {
  let child = '';
  beforeAll(async () => {
    // Bundle the TypeScript child so a plain `node` can run (and be killed) as a separate process.
    child = path.join(tempDir(), 'crash-child.mjs');
    await build({ entryPoints: [path.join(here, 'crash-child.ts')], bundle: true, platform: 'node', format: 'esm', outfile: child, logLevel: 'silent' });
  });

  const run = (args: string[]) => spawn(process.execPath, [child, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  const exited = (p: ReturnType<typeof run>) =>
    new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => p.on('exit', (code, signal) => resolve({ code, signal })));

  it('leaves no temp files behind', async () => {
    const dir = tempDir();
    for (let i = 0; i < 5; i++) await save(dir, { ...emptyStoreData(), metadata: { system: { i }, process: {} } });
    expect(readdirSync(dir)).toEqual([DB_FILENAME]);
  });

  it('a crash before the rename keeps the old file intact', async () => {
    const dir = tempDir();
    const old = { ...emptyStoreData(), metadata: { system: { generation: 'old' }, process: {} } };
    await save(dir, old);
    const before = readFileSync(path.join(dir, DB_FILENAME), 'utf8');

    const result = await exited(run([dir, 'before-rename']));
    expect(result.signal).toBe('SIGKILL');

    // The killed save left its complete temp file, but db.json is the old one and loads as such.
    const leftovers = readdirSync(dir).filter((f) => f !== DB_FILENAME);
    expect(leftovers).toHaveLength(1);
    expect(readFileSync(path.join(dir, DB_FILENAME), 'utf8')).toBe(before);
    expect(await load(dir)).toEqual(old);
  });

  it('kill -9 at arbitrary moments leaves a complete old or new file', async () => {
    for (const delay of [5, 20, 45, 80]) {
      const dir = tempDir();
      const p = run([dir, 'loop']);
      await new Promise<void>((resolve) => p.stdout!.once('data', () => resolve()));
      await new Promise((resolve) => setTimeout(resolve, delay));
      p.kill('SIGKILL');
      await exited(p);
      const data = await load(dir);
      const n = (data.metadata.system as { n: number; count: number }).n;
      expect(n).toBeGreaterThanOrEqual(1);
      expect(Object.keys(data.process)).toHaveLength(n % 50);
      expect((data.metadata.system as { count: number }).count).toBe(n % 50);
    }
  });

  it('a torn temp file from a crash does not affect loading', async () => {
    const dir = tempDir();
    await save(dir, emptyStoreData());
    writeFileSync(path.join(dir, `.${DB_FILENAME}.deadbeef.tmp`), '{"version":4,"proc');
    expect(await load(dir)).toEqual(emptyStoreData());
  });
});
