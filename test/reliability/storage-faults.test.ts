// Storage faults while saving: db.dir (and the config file) on a small tmpfs that fills up or is remounted
// read-only. Every API write then answers 507 with the contract's error body {code, message, details} — the
// detail says the disk is full or read-only — and is not applied: db.json keeps its previous bytes, the
// in-memory registry stays equal to it, the engine keeps serving, and the next write after the space is back
// saves again. (Core itself only logs a failed save and answers 200; acknowledging a write a restart would
// lose breaks "nothing acknowledged is lost", so this product refuses it. 507 Insufficient Storage is the
// status the HTTP layer already uses for storage that cannot take a write, e.g. a full memfs.)
// Also: a db.dir or config file under /proc fails the start with a clear error instead of spinning forever.
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { call, makeTempDir, startEngine, type TestEngine } from '../helpers/engine.js';
import { repoRoot } from '../helpers/paths.js';
import { mountUnavailable, Tmpfs } from '../helpers/tmpfs.js';

const FAKE = path.join(repoRoot, 'test/helpers/fake-ffmpeg.mjs');
const cannotMount = mountUnavailable();

const processBody = (id: string, autostart = false) => ({
  id,
  reference: 'before',
  input: [{ id: 'i', address: 'testsrc', options: ['-f', 'lavfi'] }],
  output: [{ id: 'o', address: '-', options: ['-f', 'null'] }],
  autostart,
});

/** An engine whose config file and db.dir live on `tmpfs`. */
async function engineOn(tmpfs: Tmpfs): Promise<TestEngine> {
  const configFile = path.join(tmpfs.dir, 'config.json');
  const config = { version: 3, address: '127.0.0.1:0', db: { dir: tmpfs.dir }, ffmpeg: { binary: FAKE }, api: { auth: { enable: false } }, log: { level: 'error' } };
  writeFileSync(configFile, JSON.stringify(config));
  return startEngine({ env: { CORE_CONFIGFILE: configFile } });
}

/** The contract's error body for a write that could not be saved, with the reason in the details. */
function expectRefused(response: { status: number; body: any }, reason: RegExp): void {
  expect(response.status, JSON.stringify(response.body)).toBe(507);
  expect(response.body).toEqual({ code: 507, message: expect.any(String), details: [expect.stringMatching(reason)] });
}

describe.skipIf(cannotMount !== null)(`db.json on a full or read-only disk${cannotMount ? ` (skipped: ${cannotMount})` : ''}`, () => {
  let tmpfs: Tmpfs | null = null;
  let engine: TestEngine | null = null;

  beforeEach(() => {
    tmpfs = new Tmpfs(512);
  });
  afterEach(async () => {
    // Writable again first, so the engine's shutdown save and the cleanup cannot fail on our mount.
    try {
      tmpfs?.readWrite();
    } catch {
      // already unmounted
    }
    await engine?.stop();
    engine = null;
    tmpfs?.unmount();
    tmpfs = null;
  });

  const dbFile = () => path.join(tmpfs!.dir, 'db.json');
  const readDb = () => JSON.parse(readFileSync(dbFile(), 'utf8'));

  /** Two acknowledged processes (one running), metadata on one and system metadata: the state to keep. */
  async function seed(): Promise<string> {
    engine = await engineOn(tmpfs!);
    expect((await call(engine.url, 'POST', '/api/v3/process', { body: processBody('running', true) })).status).toBe(200);
    expect((await call(engine.url, 'POST', '/api/v3/process', { body: processBody('stopped') })).status).toBe(200);
    expect((await call(engine.url, 'PUT', '/api/v3/process/running/metadata/k', { body: 1 })).status).toBe(200);
    expect((await call(engine.url, 'PUT', '/api/v3/metadata/k', { body: 1 })).status).toBe(200);
    return readFileSync(dbFile(), 'utf8');
  }

  /** Every kind of write is refused with `reason`, nothing of it is applied, and db.json keeps `before`. */
  async function expectWritesRefused(before: string, reason: RegExp): Promise<void> {
    const url = engine!.url;
    expectRefused(await call(url, 'POST', '/api/v3/process', { body: processBody('new', true) }), reason);
    expectRefused(await call(url, 'PUT', '/api/v3/process/stopped', { body: { ...processBody('stopped'), reference: 'after' } }), reason);
    expectRefused(await call(url, 'PUT', '/api/v3/process/running/metadata/k', { body: 2 }), reason);
    expectRefused(await call(url, 'PUT', '/api/v3/process/stopped/command', { body: { command: 'start' } }), reason);
    expectRefused(await call(url, 'PUT', '/api/v3/process/running/command', { body: { command: 'stop' } }), reason);
    expectRefused(await call(url, 'DELETE', '/api/v3/process/stopped'), reason);
    expectRefused(await call(url, 'PUT', '/api/v3/metadata/k', { body: 2 }), reason);
    // The config file lives there too: the contract's 400, saying why, and the file unchanged.
    const configBefore = readFileSync(path.join(tmpfs!.dir, 'config.json'), 'utf8');
    const config = await call(url, 'PUT', '/api/v3/config', { body: { version: 3, name: 'renamed' } });
    expect(config.status).toBe(400);
    expect(config.body.details.join(' ')).toMatch(reason);
    expect(readFileSync(path.join(tmpfs!.dir, 'config.json'), 'utf8')).toBe(configBefore);

    // The file on disk: the same bytes, parseable, with the acknowledged processes; no temp file left behind.
    expect(readFileSync(dbFile(), 'utf8')).toBe(before);
    expect(Object.keys(readDb().process).sort()).toEqual(['running', 'stopped']);
    expect(readdirSync(tmpfs!.dir).filter((name) => name.endsWith('.tmp'))).toEqual([]);

    // Memory equals the file: nothing of the refused writes shows, and the engine keeps serving.
    expect((await call(url, 'GET', '/ping')).text).toBe('pong');
    const list = (await call(url, 'GET', '/api/v3/process?filter=config,state,metadata')).body as any[];
    expect(list.map((p) => p.id).sort()).toEqual(['running', 'stopped']);
    const byId = Object.fromEntries(list.map((p) => [p.id, p]));
    expect(byId.stopped.config.reference).toBe('before');
    expect(byId.stopped.state.order).toBe('stop');
    expect(byId.running.state.order).toBe('start');
    expect(byId.running.state.exec).toBe('running');
    expect(byId.running.metadata).toEqual({ k: 1 });
    expect((await call(url, 'GET', '/api/v3/metadata/k')).body).toBe(1);
  }

  /** Once the storage takes writes again, the next write is saved. */
  async function expectSavesAgain(): Promise<void> {
    const url = engine!.url;
    expect((await call(url, 'POST', '/api/v3/process', { body: processBody('new') })).status).toBe(200);
    expect((await call(url, 'PUT', '/api/v3/process/running/metadata/k', { body: 3 })).status).toBe(200);
    const db = readDb();
    expect(Object.keys(db.process).sort()).toEqual(['new', 'running', 'stopped']);
    expect(db.metadata.process.running).toEqual({ k: 3 });
  }

  it('refuses writes on a full disk, keeps db.json, and saves again once space is back', async () => {
    const before = await seed();
    const filled = tmpfs!.fill('filler');
    expect(filled).toBeGreaterThan(0);
    await expectWritesRefused(before, /disk is full/);
    rmSync(path.join(tmpfs!.dir, 'filler'));
    await expectSavesAgain();
  });

  it('refuses writes on a read-only data directory, and saves again once it is writable', async () => {
    const before = await seed();
    tmpfs!.readOnly();
    await expectWritesRefused(before, /read-only/);
    tmpfs!.readWrite();
    await expectSavesAgain();
  });

  it('grows db.json until the disk is full: every acknowledged process is saved, the first refused one is not', async () => {
    tmpfs!.resize(128);
    engine = await engineOn(tmpfs!);
    const acknowledged: string[] = [];
    let refused: { status: number; body: any } | null = null;
    for (let i = 0; i < 2000 && !refused; i++) {
      const response = await call(engine.url, 'POST', '/api/v3/process', { body: { ...processBody(`p${i}`), reference: 'x'.repeat(200) } });
      if (response.status === 200) acknowledged.push(`p${i}`);
      else refused = response;
    }
    expect(refused, 'the disk never filled up').not.toBeNull();
    expectRefused(refused!, /disk is full/);
    const saved = Object.keys(readDb().process);
    expect(saved.sort()).toEqual([...acknowledged].sort());
    const listed = ((await call(engine.url, 'GET', '/api/v3/process?filter=config')).body as any[]).map((p) => p.id);
    expect(listed.sort()).toEqual([...acknowledged].sort());

    tmpfs!.resize(1024);
    const next = `p${acknowledged.length}`;
    expect((await call(engine.url, 'POST', '/api/v3/process', { body: processBody(next) })).status).toBe(200);
    expect(Object.keys(readDb().process)).toContain(next);
  });
});

describe('data directories under /proc', () => {
  const dir = makeTempDir('core-proc-');
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /**
   * Runs the built CLI with `env` in a separate process with a deadline: a regression would spin inside a
   * synchronous mkdir, which no in-process timeout can interrupt.
   */
  function startCli(env: Record<string, string>): Promise<{ code: number | null; stderr: string; ms: number }> {
    const started = Date.now();
    const child = spawn(process.execPath, [path.join(repoRoot, 'dist/main/cli.js')], {
      cwd: dir,
      env: { PATH: process.env.PATH, HOME: dir, CORE_ADDRESS: '127.0.0.1:0', CORE_FFMPEG_BINARY: FAKE, ...env },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    return new Promise((resolve) =>
      child.on('exit', (code) => {
        clearTimeout(timer);
        resolve({ code, stderr, ms: Date.now() - started });
      }),
    );
  }

  it.each([
    ['db.dir', { CORE_DB_DIR: '/proc/foo' }, /db\.dir: '\/proc\/foo' can't be created, '\/proc' is on the proc pseudo filesystem/],
    ['storage.disk.dir', { CORE_STORAGE_DISK_DIR: '/proc/foo/data' }, /storage\.disk\.dir: .*proc pseudo filesystem/],
    ['the config file', { CORE_CONFIGFILE: '/proc/foo/config.json' }, /cannot create directory '\/proc\/foo': '\/proc' is on the proc pseudo filesystem/],
  ])('%s under /proc: the start fails at once with a clear error', async (_what, env, message) => {
    const result = await startCli(env);
    expect(result.code, `stderr: ${result.stderr}`).toBe(1);
    expect(result.stderr).toMatch(/^Cannot start: /);
    expect(result.stderr).toMatch(message);
    expect(result.ms).toBeLessThan(10_000);
  });
});
