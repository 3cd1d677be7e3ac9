import { copyFileSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  ConfigError,
  ConfigInputError,
  ConfigStore,
  ConfigValidationError,
  ConfigVersionError,
  type ConfigData,
  type Env,
} from './configApi.js';
import { FIXTURES, manualClock, seededRandom, tempDir, thrown } from './helpers.js';

const T0 = '2024-05-01T10:00:00.000Z';
let dir: string;
let cleanup: () => void;
let file: string;
let clock: ReturnType<typeof manualClock>;

beforeEach(() => {
  ({ dir, cleanup } = tempDir());
  file = path.join(dir, 'cfg', 'config.json');
  clock = manualClock(T0);
});
afterEach(() => cleanup());

function store(env: Env = {}, seed = 9): ConfigStore {
  return new ConfigStore({ path: file, env, cwd: dir, clock, random: seededRandom(seed) });
}
const readFile = (): ConfigData => JSON.parse(readFileSync(file, 'utf8')) as ConfigData;
function writeConfig(content: unknown): void {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
}

describe('load', () => {
  it('creates a missing file with defaults and first-run provisioning', () => {
    const result = store().load();
    expect(result.firstRun).toBe(true);
    expect(result.written).toBe(true);
    expect(result.generatedPassword).toMatch(/^[A-Za-z0-9]{24}$/);
    const onDisk = readFile();
    expect(onDisk.api.auth).toMatchObject({ enable: true, username: 'admin', password: result.generatedPassword, disable_localhost: true });
    expect(onDisk.version).toBe(3);
    expect(onDisk.created_at).toBe(T0);
    expect(onDisk.storage.memory.auth.password).toMatch(/^[A-Za-z0-9]{18}$/);
    expect(onDisk.address).toBe(':8080');
    expect(result.config).toEqual(onDisk);
    expect(result.timestamps).toEqual({ created_at: T0, loaded_at: T0, updated_at: T0 });
  });

  it('writes JSON with 4-space indentation and owner-only permissions', () => {
    store().load();
    const text = readFileSync(file, 'utf8');
    expect(text.startsWith('{\n    "created_at": "2024-05-01T10:00:00.000Z",\n    "version": 3,\n')).toBe(true);
    if (process.platform !== 'win32') expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it('a second load reads the same file without first-run or rewrite', () => {
    const first = store().load();
    const before = readFileSync(file, 'utf8');
    clock.set('2024-05-02T00:00:00.000Z');
    const second = store(undefined, 99).load();
    expect(second.firstRun).toBe(false);
    expect(second.generatedPassword).toBeUndefined();
    expect(second.written).toBe(false);
    expect(second.config).toEqual(first.config);
    expect(readFileSync(file, 'utf8')).toBe(before);
    expect(second.timestamps.loaded_at).toBe('2024-05-02T00:00:00.000Z');
    expect(second.timestamps.created_at).toBe(T0);
  });

  it.each([
    ['config_v1.json', 1, [] as string[]],
    ['config_v2.json', 2, ['.ts']],
  ])('migrates %s and writes it back as version 3', (fixture, version, allow) => {
    mkdirSync(path.dirname(file), { recursive: true });
    copyFileSync(path.join(FIXTURES, fixture), file);
    const result = store().load();
    expect(result.migratedFrom).toBe(version);
    expect(result.written).toBe(true);
    expect(result.firstRun).toBe(false);
    const onDisk = readFile();
    expect(onDisk.version).toBe(3);
    expect(onDisk.storage.disk.cache.types).toEqual({ allow, block: ['.m3u8', '.mpd'] });
    expect(onDisk.tls.email).toBe('cert@datarhei.com');
    expect(onDisk.storage.s3).toEqual([]);
    expect(onDisk.api.auth.enable).toBe(false);
    expect(result.config).toEqual(onDisk);
  });

  it('fills a partial { "version": 3 } file with defaults and writes it back', () => {
    writeConfig({ version: 3, name: 'mine', log: { level: 'debug' } });
    const result = store().load();
    expect(result.written).toBe(true);
    const onDisk = readFile();
    expect(onDisk.name).toBe('mine');
    expect(onDisk.log).toEqual({ level: 'debug', topics: [], max_lines: 1000 });
    expect(onDisk.id).toMatch(/^00000000-0000-4000-8000-/);
    expect(onDisk.router.blocked_prefixes).toEqual(['/api']);
    expect(onDisk.api.auth.enable).toBe(false);
  });

  it('invalid JSON is a ConfigError naming the file', () => {
    writeConfig('{ "version": 3, ');
    const error = thrown(() => store().load());
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.message).toContain(file);
    expect(error.message).toContain('invalid JSON');
    expect(readFileSync(file, 'utf8')).toBe('{ "version": 3, ');
  });

  it('an unknown version is a ConfigError naming the file and version', () => {
    writeConfig({ version: 7 });
    const error = thrown(() => store().load());
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.message).toBe(`${file}: version not supported: 7 (expected version 1, 2 or 3)`);
  });

  it('a wrongly typed value is a ConfigError with details', () => {
    writeConfig({ version: 3, address: 8080 });
    const error = thrown(() => store().load()) as ConfigError;
    expect(error.message).toContain(file);
    expect(error.details).toEqual(['address: expected a string, got a number (8080)']);
  });
});

describe('active and generated values', () => {
  it('applies env, lists overrides and env errors, validates', () => {
    const s = store({ CORE_NAME: 'from-env', CORE_LOG_MAX_LINES: 'abc', CORE_ADDRESS: 'bad' });
    s.load();
    const active = s.active();
    expect(active.config.name).toBe('from-env');
    expect(active.overrides).toEqual(['address', 'name']);
    expect(active.errors['log.max_lines']![0]).toContain('CORE_LOG_MAX_LINES');
    expect(active.valid).toBe(false);
    expect(Object.keys(active.validation)).toEqual(['address']);
    expect(s.get().name).not.toBe('from-env');
    expect(readFile().name).toBe(s.get().name);
  });

  it('an explicit env argument wins over the constructor env', () => {
    const s = store({ CORE_NAME: 'ctor' });
    s.load();
    expect(s.active({ CORE_NAME: 'arg' }).config.name).toBe('arg');
    expect(s.active({}).overrides).toEqual([]);
  });

  it('empty id, name, JWT secret and memfs password are generated, persisted and stable across loads', () => {
    writeConfig({ version: 3, id: '', name: '', api: { auth: { jwt: { secret: '' } } }, storage: { memory: { auth: { enable: true, password: '' } } } });
    const first = store(undefined, 1);
    first.load();
    const a = first.active().config;
    expect(a.id).not.toBe('');
    expect(a.name).toMatch(/^[a-z]+-[a-z]+-\d{4}$/);
    expect(a.api.auth.jwt.secret).toHaveLength(32);
    expect(a.storage.memory.auth.password).toHaveLength(18);
    const second = store(undefined, 2);
    second.load();
    const b = second.active().config;
    expect([b.id, b.name, b.api.auth.jwt.secret, b.storage.memory.auth.password]).toEqual([
      a.id,
      a.name,
      a.api.auth.jwt.secret,
      a.storage.memory.auth.password,
    ]);
    expect(readFile().api.auth.jwt.secret).toBe(a.api.auth.jwt.secret);
  });

  it('a memfs password is generated when env switches memfs auth on over an empty stored password', () => {
    writeConfig({ version: 3, storage: { memory: { auth: { enable: false, password: '' } } } });
    const s = store({ CORE_STORAGE_MEMORY_AUTH_ENABLE: 'true' });
    s.load();
    const active = s.active();
    expect(active.config.storage.memory.auth.enable).toBe(true);
    expect(active.config.storage.memory.auth.password).toMatch(/^[A-Za-z0-9]{18}$/);
    expect(readFile().storage.memory.auth.password).toBe(active.config.storage.memory.auth.password);
    expect(active.valid).toBe(true);
  });

  it('an env variable set to "" does not blank the stored JWT secret', () => {
    const s = store({ CORE_API_AUTH_JWT_SECRET: '' });
    const { config } = s.load();
    expect(s.active().config.api.auth.jwt.secret).toBe(config.api.auth.jwt.secret);
  });

  it('view() is the GET /api/v3/config body', () => {
    const s = store({ CORE_RTMP_ENABLE: 'true' });
    s.load();
    const view = s.view();
    expect(Object.keys(view)).toEqual(['created_at', 'loaded_at', 'updated_at', 'config', 'overrides']);
    expect(view.config.rtmp.enable).toBe(true);
    expect(view.overrides).toEqual(['rtmp.enable']);
  });

  it('markLoaded moves loaded_at only', () => {
    const s = store();
    s.load();
    clock.set('2024-06-01T00:00:00.000Z');
    s.markLoaded();
    expect(s.timestamps()).toEqual({ created_at: T0, loaded_at: '2024-06-01T00:00:00.000Z', updated_at: T0 });
  });
});

describe('setPartial (PUT /api/v3/config)', () => {
  function loaded(env: Env = {}): ConfigStore {
    const s = store(env);
    s.load();
    clock.set('2024-05-03T12:00:00.000Z');
    return s;
  }

  it('changes only the given keys, saves, and sets updated_at but not loaded_at', () => {
    const s = loaded();
    const before = s.get();
    const after = s.setPartial({ version: 3, name: 'renamed', log: { level: 'debug' } });
    expect(after).toEqual({ ...before, name: 'renamed', log: { ...before.log, level: 'debug' } });
    expect(readFile()).toEqual(after);
    expect(s.get()).toEqual(after);
    expect(s.timestamps()).toEqual({ created_at: T0, loaded_at: T0, updated_at: '2024-05-03T12:00:00.000Z' });
  });

  it('ignores created_at in the body', () => {
    const s = loaded();
    expect(s.setPartial({ version: 3, created_at: '1999-01-01T00:00:00Z' }).created_at).toBe(T0);
  });

  it('a v2 body is merged over the stored config and migrated', () => {
    const s = loaded();
    const after = s.setPartial({ version: 2, storage: { disk: { cache: { types: ['.mp4'] } } } });
    expect(after.version).toBe(3);
    expect(after.storage.disk.cache.types).toEqual({ allow: ['.mp4'], block: ['.m3u8', '.mpd'] });
    expect(readFile().storage.disk.cache.types.allow).toEqual(['.mp4']);
  });

  it('a v1 body with rtmp.enable_tls moves the RTMP port', () => {
    const s = loaded();
    writeFileSync(path.join(dir, 'c.pem'), 'x');
    writeFileSync(path.join(dir, 'k.pem'), 'x');
    s.setPartial({ version: 3, tls: { enable: true, auto: false, cert_file: 'c.pem', key_file: 'k.pem' } });
    const after = s.setPartial({ version: 1, rtmp: { enable_tls: true, address: ':2000' } });
    expect(after.rtmp).toMatchObject({ enable: true, enable_tls: true, address: ':1999', address_tls: ':2000' });
  });

  it.each([[{ name: 'x' }], [{ version: 4 }], [null], ['{"version":3}'], [[1]]])('rejects %j with a 400-type error', (body) => {
    const s = loaded();
    const before = readFileSync(file, 'utf8');
    const error = thrown(() => s.setPartial(body));
    expect(error).toBeInstanceOf(ConfigInputError);
    expect(readFileSync(file, 'utf8')).toBe(before);
  });

  it('a missing or unknown version is a ConfigVersionError', () => {
    const s = loaded();
    expect(thrown(() => s.setPartial({ name: 'x' }))).toBeInstanceOf(ConfigVersionError);
    expect(thrown(() => s.setPartial({ version: 9 })).message).toBe('version not supported: 9 (expected version 1, 2 or 3)');
  });

  it('wrong JSON types are a ConfigInputError with details and leave the file unchanged', () => {
    const s = loaded();
    const before = readFileSync(file, 'utf8');
    const error = thrown(() => s.setPartial({ version: 3, address: 5, rtmp: { enable: 'on' } })) as ConfigInputError;
    expect(error).toBeInstanceOf(ConfigInputError);
    expect(error).not.toBeInstanceOf(ConfigValidationError);
    expect(error.details).toEqual(['address: expected a string, got a number (5)', 'rtmp.enable: expected a boolean, got a string ("on")']);
    expect(readFileSync(file, 'utf8')).toBe(before);
  });

  it('an invalid result is a ConfigValidationError with per-key messages and leaves the file unchanged', () => {
    const s = loaded();
    const before = readFileSync(file, 'utf8');
    const error = thrown(() =>
      s.setPartial({ version: 3, address: 'nope', api: { access: { http: { allow: ['foo'] } } }, metrics: { enable: true, interval_sec: 0 } }),
    ) as ConfigValidationError;
    expect(error).toBeInstanceOf(ConfigValidationError);
    expect(error.errors).toEqual({
      address: ["must be an address like ':8080' or '127.0.0.1:8080', got 'nope'"],
      'api.access.http.allow': ["must be a CIDR range like 127.0.0.1/32 or ::1/128, got 'foo'"],
      'metrics.interval_sec': ['must be greater than 0, got 0'],
    });
    expect(error.fields).toBe(error.errors);
    expect(readFileSync(file, 'utf8')).toBe(before);
    expect(s.timestamps().updated_at).toBe(T0);
  });

  it('validates with env applied: env-enabled auth needs the password the body removes', () => {
    const s = loaded({ CORE_API_AUTH_ENABLE: 'true' });
    const error = thrown(() => s.setPartial({ version: 3, api: { auth: { password: '' } } })) as ConfigValidationError;
    expect(error.errors).toEqual({ 'api.auth.enable': ['api.auth.username and api.auth.password must be set when auth is enabled'] });
  });

  it('an env-overridden key can be set, but env keeps winning', () => {
    const s = loaded({ CORE_NAME: 'from-env' });
    s.setPartial({ version: 3, name: 'from-api' });
    expect(readFile().name).toBe('from-api');
    const view = s.view();
    expect(view.config.name).toBe('from-env');
    expect(view.overrides).toEqual(['name']);
  });

  it('checks the filesystem: db.dir that is a file is rejected', () => {
    const s = loaded();
    writeFileSync(path.join(dir, 'plainfile'), 'x');
    const error = thrown(() => s.setPartial({ version: 3, db: { dir: 'plainfile' } })) as ConfigValidationError;
    expect(error.errors).toEqual({ 'db.dir': ["'plainfile' is not a directory"] });
  });
});

describe('save', () => {
  it('is atomic: no temp files remain and the file is always complete JSON', () => {
    const s = store();
    s.load();
    for (let i = 0; i < 5; i++) s.setPartial({ version: 3, name: `n${i}` });
    expect(readdirSync(path.dirname(file))).toEqual(['config.json']);
    expect(readFile().name).toBe('n4');
  });

  it('creates the parent directory and keeps created_at', () => {
    const s = store();
    s.load();
    const nested = path.join(dir, 'a', 'b', 'config.json');
    const other = new ConfigStore({ path: nested, cwd: dir, clock, random: seededRandom(1) });
    other.save({ ...s.get(), created_at: '2020-01-01T00:00:00.000Z' });
    expect((JSON.parse(readFileSync(nested, 'utf8')) as ConfigData).created_at).toBe('2020-01-01T00:00:00.000Z');
  });

  it('wraps write failures in a ConfigError naming the file', () => {
    writeFileSync(path.join(dir, 'blocker'), 'x');
    const s = new ConfigStore({ path: path.join(dir, 'blocker', 'config.json'), cwd: dir, clock, random: seededRandom(1) });
    const error = thrown(() => s.load());
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.message).toContain(path.join(dir, 'blocker', 'config.json'));
  });
});

describe('config file location', () => {
  it('uses CORE_CONFIGFILE (relative to cwd) when no path is given', () => {
    const s = new ConfigStore({ env: { CORE_CONFIGFILE: 'x/core.json' }, cwd: dir, home: dir, userConfigDir: dir });
    expect(s.file).toBe(path.join(dir, 'x', 'core.json'));
  });
});
