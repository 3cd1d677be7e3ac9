import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { defaultConfig, validateConfig, type ConfigData, type S3StorageConfig } from './configApi.js';
import { fixedClock, seededRandom, tempDir } from './helpers.js';

const valid = (): ConfigData => defaultConfig(seededRandom(5), fixedClock('2024-05-01T10:00:00.000Z'));

const s3 = (over: Partial<S3StorageConfig> = {}): S3StorageConfig => ({
  name: 'aws',
  mountpoint: '/aws',
  auth: { enable: false, username: '', password: '' },
  endpoint: 's3.example.com',
  access_key_id: 'k',
  secret_access_key: 's',
  bucket: 'b',
  region: '',
  use_ssl: true,
  ...over,
});

type Case = [string, (c: ConfigData) => void, string, string | RegExp];

const CASES: Case[] = [
  ['log level', (c) => ((c.log as { level: string }).level = 'verbose'), 'log.level', "must be one of silent, error, warn, info, debug, got 'verbose'"],
  ['address without port', (c) => (c.address = 'localhost'), 'address', "must be an address like ':8080' or '127.0.0.1:8080', got 'localhost'"],
  ['address port too big', (c) => (c.address = ':70000'), 'address', "the port must be between 0 and 65535, got ':70000'"],
  ['empty address', (c) => (c.address = ''), 'address', /must be an address/],
  ['tls address empty while TLS on', (c) => Object.assign(c.tls, { enable: true, auto: false, cert_file: 'c', key_file: 'k', address: '' }), 'tls.address', /must be an address/],
  ['rtmp address invalid while RTMP on', (c) => Object.assign(c.rtmp, { enable: true, address: '1935' }), 'rtmp.address', /must be an address/],
  ['CIDR', (c) => (c.api.access.http.allow = ['foo']), 'api.access.http.allow', "must be a CIDR range like 127.0.0.1/32 or ::1/128, got 'foo'"],
  ['IPv6 CIDR prefix too long', (c) => (c.sessions.ip_ignorelist = ['::1/129']), 'sessions.ip_ignorelist', /got '::1\/129'/],
  ['regex', (c) => (c.ffmpeg.access.output.allow = ['(unclosed']), 'ffmpeg.access.output.allow', /must be a valid regular expression, got '\(unclosed'/],
  ['api auth without password', (c) => Object.assign(c.api.auth, { enable: true, username: 'admin', password: '' }), 'api.auth.enable', 'api.auth.username and api.auth.password must be set when auth is enabled'],
  ['auth0 without tenants', (c) => (c.api.auth.auth0.enable = true), 'api.auth.auth0.enable', 'at least one tenant must be set'],
  ['auth0 tenant without clientid', (c) => Object.assign(c.api.auth.auth0, { enable: true, tenants: [{ domain: 'd', audience: 'a', clientid: '', users: [] }] }), 'api.auth.auth0.tenants', 'tenant 0: clientid must be set'],
  ['TLS without cert file', (c) => Object.assign(c.tls, { enable: true, key_file: 'k.pem' }), 'tls.cert_file', 'must be set when tls.enable is on and tls.auto is off'],
  ['TLS without key file', (c) => Object.assign(c.tls, { enable: true, cert_file: 'c.pem' }), 'tls.key_file', 'must be set when tls.enable is on and tls.auto is off'],
  ['TLS auto without host name', (c) => Object.assign(c.tls, { enable: true, auto: true }), 'host.name', 'a host name must be set in order to get an automatic TLS certificate'],
  ['TLS auto with an IP', (c) => { Object.assign(c.tls, { enable: true, auto: true }); c.host.name = ['192.0.2.1']; }, 'host.name', "must be a host name, not an IP address, for automatic TLS, got '192.0.2.1'"],
  ['TLS auto without email', (c) => { Object.assign(c.tls, { enable: true, auto: true, email: '' }); c.host.name = ['example.com']; }, 'tls.email', "must be set for Let's Encrypt when tls.auto is on"],
  ['invalid email', (c) => (c.tls.email = 'no-at-sign'), 'tls.email', /must be an e-mail address/],
  ['RTMPS without RTMP', (c) => { Object.assign(c.rtmp, { enable_tls: true }); Object.assign(c.tls, { enable: true, auto: false, cert_file: 'c', key_file: 'k' }); }, 'rtmp.enable', 'RTMP server must be enabled if RTMPS server is enabled'],
  ['RTMPS without TLS', (c) => Object.assign(c.rtmp, { enable: true, enable_tls: true }), 'rtmp.enable_tls', 'RTMPS server can only be enabled if TLS is enabled (tls.enable)'],
  ['RTMP and RTMPS on one address', (c) => { Object.assign(c.rtmp, { enable: true, enable_tls: true, address_tls: ':1935' }); Object.assign(c.tls, { enable: true, cert_file: 'c', key_file: 'k' }); }, 'rtmp.address', "the RTMP and RTMPS server can't listen on the same address ':1935'"],
  ['rtmp.app relative', (c) => (c.rtmp.app = 'live'), 'rtmp.app', "must be an absolute path starting with '/', got 'live'"],
  ['memfs auth without password', (c) => (c.storage.memory.auth.password = ''), 'storage.memory.auth.enable', 'storage.memory.auth.username and storage.memory.auth.password must be set'],
  ['S3 name pattern', (c) => (c.storage.s3 = [s3({ name: 'a b' })]), 'storage.s3', 'storage 0 (a b): the name must match ^[A-Za-z0-9_-]+$'],
  ['S3 reserved name', (c) => (c.storage.s3 = [s3({ name: 'memfs' })]), 'storage.s3', "storage 0 (memfs): the name 'memfs' is reserved"],
  ['S3 duplicate name', (c) => (c.storage.s3 = [s3(), s3({ mountpoint: '/other' })]), 'storage.s3', "storage 1 (aws): the name 'aws' is already in use"],
  ['S3 missing mountpoint', (c) => (c.storage.s3 = [s3({ mountpoint: '' })]), 'storage.s3', 'storage 0 (aws): the mountpoint is missing'],
  ['S3 relative mountpoint', (c) => (c.storage.s3 = [s3({ mountpoint: 'aws' })]), 'storage.s3', "storage 0 (aws): the mountpoint must be an absolute path, got 'aws'"],
  ['S3 mountpoint /memfs', (c) => (c.storage.s3 = [s3({ mountpoint: '/memfs' })]), 'storage.s3', "storage 0 (aws): the mountpoint '/memfs' is reserved"],
  ['S3 mountpoint under /api', (c) => (c.storage.s3 = [s3({ mountpoint: '/api/s3' })]), 'storage.s3', "storage 0 (aws): the mountpoint '/api/s3' is inside the blocked prefix '/api'"],
  ['S3 duplicate mountpoint', (c) => (c.storage.s3 = [s3(), s3({ name: 'two' })]), 'storage.s3', "storage 1 (two): the mountpoint '/aws' is already in use"],
  ['S3 missing bucket', (c) => (c.storage.s3 = [s3({ bucket: '' })]), 'storage.s3', 'storage 0 (aws): the bucket is missing'],
  ['S3 auth without password', (c) => (c.storage.s3 = [s3({ auth: { enable: true, username: 'u', password: '' } })]), 'storage.s3', 'storage 0 (aws): auth is enabled, but username or password is missing'],
  ['playout min not below max', (c) => Object.assign(c.playout, { enable: true, min_port: 4000, max_port: 3000 }), 'playout.min_port', 'must be smaller than playout.max_port (4000 >= 3000)'],
  ['playout port out of range', (c) => (c.playout.max_port = 65536), 'playout.max_port', 'must be a port number between 0 and 65535, got 65536'],
  ['metrics interval 0', (c) => Object.assign(c.metrics, { enable: true, interval_sec: 0 }), 'metrics.interval_sec', 'must be greater than 0, got 0'],
  ['metrics range 0', (c) => Object.assign(c.metrics, { enable: true, range_sec: 0, interval_sec: 0 }), 'metrics.range_sec', 'must be greater than 0, got 0'],
  ['metrics interval above range', (c) => Object.assign(c.metrics, { enable: true, range_sec: 10, interval_sec: 20 }), 'metrics.interval_sec', 'must not be greater than metrics.range_sec (10)'],
  ['session timeout 0', (c) => (c.sessions.session_timeout_sec = 0), 'sessions.session_timeout_sec', 'must be 1 or greater, got 0'],
  ['negative uint', (c) => (c.sessions.max_bitrate_mbit = -1), 'sessions.max_bitrate_mbit', 'expected a non-negative integer, got a number (-1)'],
  ['negative cache ttl', (c) => (c.storage.disk.cache.ttl_seconds = -5), 'storage.disk.cache.ttl_seconds', 'must be 0 or greater, got -5'],
  ['float where an int belongs', (c) => (c.log.max_lines = 1.5), 'log.max_lines', 'expected an integer, got a number (1.5)'],
  ['route not starting with /', (c) => (c.router.routes = { 'foo.txt': '/bar.txt' }), 'router.routes', "the route 'foo.txt' must start with '/'"],
  ['route shadowing /api', (c) => (c.router.routes = { '/api/v3/x': '/y' }), 'router.routes', "the route '/api/v3/x' is inside the blocked prefix '/api'"],
  ['ui_path with /ui blocked', (c) => { c.router.blocked_prefixes = ['/api', '/ui']; c.router.ui_path = '/srv/ui'; }, 'router.ui_path', "the UI is mounted at /ui, which is inside the blocked prefix '/ui'"],
  ['blocked prefix without /', (c) => (c.router.blocked_prefixes = ['api']), 'router.blocked_prefixes', "must start with '/', got 'api'"],
  ['empty db.dir', (c) => (c.db.dir = ''), 'db.dir', 'a value is required'],
  ['empty id', (c) => (c.id = ''), 'id', 'a value is required'],
  ['empty ffmpeg binary', (c) => (c.ffmpeg.binary = ''), 'ffmpeg.binary', 'a value is required'],
  ['service without token', (c) => (c.service.enable = true), 'service.token', 'must be set when service.enable is on'],
  ['CORS origin', (c) => (c.storage.cors.origins = ['example.com']), 'storage.cors.origins', "must be '*' or an origin like https://example.com, got 'example.com'"],
  ['wrong version', (c) => (c.version = 2), 'version', 'unknown configuration layout version (found 2, expecting 3)'],
];

describe('validateConfig', () => {
  it('the default config is valid', () => {
    expect(validateConfig(valid())).toEqual({});
  });

  it(`has ${CASES.length} invalid cases`, () => {
    expect(CASES.length).toBeGreaterThanOrEqual(25);
  });

  it.each(CASES)('%s → %s', (_name, mutate, key, message) => {
    const cfg = valid();
    mutate(cfg);
    const errors = validateConfig(cfg);
    expect(Object.keys(errors)).toContain(key);
    if (typeof message === 'string') expect(errors[key]).toContain(message);
    else expect(errors[key]!.some((m) => message.test(m))).toBe(true);
  });

  it('empty listen addresses are fine for disabled servers', () => {
    const cfg = valid();
    Object.assign(cfg.tls, { enable: false, address: '' });
    Object.assign(cfg.rtmp, { enable: false, address: '', address_tls: '' });
    cfg.srt.address = '';
    expect(validateConfig(cfg)).toEqual({});
  });

  it('accepts a full valid setup: TLS auto, RTMPS, S3, auth0, metrics, IPv6 addresses', () => {
    const cfg = valid();
    Object.assign(cfg.api.auth, { enable: true, username: 'admin', password: 'pw' });
    Object.assign(cfg.api.auth.auth0, { enable: true, tenants: [{ domain: 'd.auth0.com', audience: 'a', clientid: 'c', users: [] }] });
    Object.assign(cfg.tls, { enable: true, auto: true });
    cfg.host.name = ['example.com', 'www.example.com'];
    Object.assign(cfg.rtmp, { enable: true, enable_tls: true, address: '[::]:1935', address_tls: '0.0.0.0:1936' });
    cfg.storage.s3 = [s3(), s3({ name: 'b2', mountpoint: '/b2' })];
    Object.assign(cfg.metrics, { enable: true, range_sec: 60, interval_sec: 60 });
    Object.assign(cfg.playout, { enable: true, min_port: 3000, max_port: 3100 });
    cfg.ffmpeg.access.input.allow = ['(?i)^rtmp://', 'https?://'];
    cfg.router.routes = { '/foo.txt': '/bar.txt', '/ui2/*': './web' };
    expect(validateConfig(cfg)).toEqual({});
  });

  it('reports several problems at once and does not mutate the input', () => {
    const cfg = valid();
    cfg.address = 'x';
    cfg.log.max_lines = -1;
    const snapshot = structuredClone(cfg);
    expect(Object.keys(validateConfig(cfg)).sort()).toEqual(['address', 'log.max_lines']);
    expect(cfg).toEqual(snapshot);
  });

  it('a missing key is reported instead of crashing', () => {
    const cfg = valid() as unknown as { storage: { s3?: unknown } };
    delete cfg.storage.s3;
    expect(validateConfig(cfg as unknown as ConfigData)).toEqual({ 'storage.s3': ['is missing'] });
  });
});

describe('validateConfig with filesystem checks', () => {
  const { dir, cleanup } = tempDir();
  afterAll(cleanup);
  const opts = { checkFilesystem: true, cwd: dir };

  it('db.dir and storage.disk.dir may be missing if they can be created (relative to cwd)', () => {
    const errors = validateConfig(valid(), opts);
    expect(errors).toEqual({});
  });

  it('db.dir that is a file is rejected', () => {
    writeFileSync(path.join(dir, 'afile'), 'x');
    const cfg = valid();
    cfg.db.dir = 'afile';
    expect(validateConfig(cfg, opts)).toEqual({ 'db.dir': ["'afile' is not a directory"] });
    cfg.db.dir = 'afile/sub';
    expect(validateConfig(cfg, opts)['db.dir']![0]).toMatch(/^'afile\/sub' can't be created, '.*afile' is not a directory$/);
  });

  it('TLS cert and key files must exist', () => {
    writeFileSync(path.join(dir, 'cert.pem'), 'x');
    const cfg = valid();
    Object.assign(cfg.tls, { enable: true, cert_file: 'cert.pem', key_file: 'missing.pem' });
    expect(validateConfig(cfg, opts)).toEqual({ 'tls.key_file': ["file 'missing.pem' does not exist"] });
  });

  it('router.ui_path must be an existing directory', () => {
    mkdirSync(path.join(dir, 'ui'));
    const cfg = valid();
    cfg.router.ui_path = 'ui';
    expect(validateConfig(cfg, opts)).toEqual({});
    cfg.router.ui_path = 'nope';
    expect(validateConfig(cfg, opts)).toEqual({ 'router.ui_path': ["directory 'nope' does not exist"] });
    expect(validateConfig(cfg)).toEqual({});
  });
});
