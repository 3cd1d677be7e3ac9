import { describe, expect, it } from 'vitest';
import {
  defaultConfig,
  derivedEnvName,
  envNamesOf,
  getVariable,
  validateConfig,
  VARIABLES,
} from './configApi.js';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { FIXTURES, fixedClock, seededRandom } from './helpers.js';

interface Schema {
  type?: string;
  properties?: Record<string, Schema>;
}
const CONTRACT = path.resolve(FIXTURES, '../../../contract/swagger.json');

const NOW = '2024-05-01T10:00:00.000Z';
const cfg = defaultConfig(seededRandom(1), fixedClock(NOW));

describe('defaultConfig', () => {
  it.each([
    ['version', 3],
    ['address', ':8080'],
    ['update_check', true],
    ['log.level', 'info'],
    ['log.topics', []],
    ['log.max_lines', 1000],
    ['db.dir', './config'],
    ['host.name', []],
    ['host.auto', true],
    ['api.read_only', false],
    ['api.access.https.block', []],
    ['api.auth.enable', false],
    ['api.auth.disable_localhost', false],
    ['api.auth.username', ''],
    ['api.auth.auth0.tenants', []],
    ['tls.address', ':8181'],
    ['tls.enable', false],
    ['tls.email', 'cert@datarhei.com'],
    ['storage.disk.dir', './data'],
    ['storage.disk.max_size_mbytes', 0],
    ['storage.disk.cache.enable', true],
    ['storage.disk.cache.ttl_seconds', 300],
    ['storage.disk.cache.max_file_size_mbytes', 1],
    ['storage.disk.cache.types.allow', []],
    ['storage.disk.cache.types.block', ['.m3u8', '.mpd']],
    ['storage.memory.auth.enable', true],
    ['storage.memory.auth.username', 'admin'],
    ['storage.memory.purge', false],
    ['storage.s3', []],
    ['storage.cors.origins', ['*']],
    ['storage.mimetypes_file', './mime.types'],
    ['rtmp.enable', false],
    ['rtmp.address', ':1935'],
    ['rtmp.address_tls', ':1936'],
    ['rtmp.app', '/'],
    ['srt.enable', false],
    ['srt.address', ':6000'],
    ['ffmpeg.binary', 'ffmpeg'],
    ['ffmpeg.max_processes', 0],
    ['ffmpeg.log.max_lines', 50],
    ['ffmpeg.log.max_history', 3],
    ['playout.enable', false],
    ['debug.force_gc', 0],
    ['debug.memory_limit_mbytes', 0],
    ['metrics.enable', false],
    ['metrics.range_sec', 300],
    ['metrics.interval_sec', 2],
    ['sessions.enable', true],
    ['sessions.ip_ignorelist', ['127.0.0.1/32', '::1/128']],
    ['sessions.session_timeout_sec', 30],
    ['sessions.persist', false],
    ['sessions.persist_interval_sec', 300],
    ['service.url', 'https://service.datarhei.com'],
    ['router.blocked_prefixes', ['/api']],
    ['router.routes', {}],
    ['router.ui_path', ''],
  ])('%s = %j', (path, expected) => {
    const value = path.split('.').reduce<any>((node, key) => node[key], cfg);
    expect(value).toEqual(expected);
  });

  it('generates id, name and secrets like Core', () => {
    expect(cfg.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(cfg.name).toMatch(/^[a-z]+-[a-z]+-\d{4}$/);
    expect(cfg.api.auth.jwt.secret).toHaveLength(32);
    expect(cfg.storage.memory.auth.password).toMatch(/^[A-Za-z0-9]{18}$/);
    expect(cfg.created_at).toBe(NOW);
  });

  it('is deterministic for the same random source and random across real runs', () => {
    expect(defaultConfig(seededRandom(1), fixedClock(NOW))).toEqual(cfg);
    const a = defaultConfig();
    const b = defaultConfig();
    expect(a.id).not.toBe(b.id);
    expect(a.storage.memory.auth.password).not.toBe(b.storage.memory.auth.password);
    expect(a.id).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('keys appear in the same order as in Core config files', () => {
    expect(Object.keys(cfg)).toEqual([
      'created_at', 'version', 'id', 'name', 'address', 'update_check', 'log', 'db', 'host', 'api', 'tls', 'storage',
      'rtmp', 'srt', 'ffmpeg', 'playout', 'debug', 'metrics', 'sessions', 'service', 'router',
    ]);
    expect(Object.keys(cfg.storage)).toEqual(['disk', 'memory', 's3', 'cors', 'mimetypes_file']);
  });

  it('is valid', () => {
    expect(validateConfig(cfg)).toEqual({});
  });
});

describe('variable table', () => {
  it('has one entry per key and an env variable for every key but version and created_at', () => {
    const paths = VARIABLES.map((v) => v.path);
    expect(new Set(paths).size).toBe(paths.length);
    expect(VARIABLES.filter((v) => envNamesOf(v).length === 0).map((v) => v.path)).toEqual(['created_at', 'version']);
  });

  it('covers exactly the leaves of the contract schema api.ConfigData', () => {
    const swagger = JSON.parse(readFileSync(CONTRACT, 'utf8')) as { definitions: Record<string, Schema> };
    const leaves = (schema: Schema, prefix: string): string[] =>
      schema.type === 'object' && schema.properties
        ? Object.entries(schema.properties).flatMap(([key, sub]) => leaves(sub, prefix ? `${prefix}.${key}` : key))
        : [prefix];
    const contract = leaves(swagger.definitions['api.ConfigData']!, '').sort();
    expect(VARIABLES.map((v) => v.path).sort()).toEqual(contract);
  });

  it('accepts the derived CORE_<PATH> name for every variable', () => {
    for (const v of VARIABLES.filter((x) => x.env !== null)) expect(envNamesOf(v)).toContain(derivedEnvName(v.path));
  });

  it('lists Core names first, then alternates', () => {
    expect(envNamesOf(getVariable('log.max_lines'))).toEqual(['CORE_LOG_MAX_LINES', 'CORE_LOG_MAXLINES']);
    expect(envNamesOf(getVariable('metrics.range_sec'))).toEqual(['CORE_METRICS_RANGE_SECONDS', 'CORE_METRICS_RANGE_SEC']);
    expect(envNamesOf(getVariable('api.auth.username'))).toEqual(['CORE_API_AUTH_USERNAME', 'RS_USERNAME']);
    expect(envNamesOf(getVariable('api.access.https.block'))).toEqual(['CORE_API_ACCESS_HTTPS_BLOCK', 'CORE_API_ACCESS_HTTPS_DENY']);
  });
});
