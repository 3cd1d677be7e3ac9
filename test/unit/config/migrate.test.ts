import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  ConfigInputError,
  ConfigVersionError,
  defaultConfig,
  downgrade,
  mergeVersioned,
  migrateConfig,
  type ConfigData,
} from '../../../main/core/config/index.js';
import { FIXTURES, fixedClock, seededRandom, thrown } from './helpers.js';

const readJson = (name: string): unknown => JSON.parse(readFileSync(path.join(FIXTURES, name), 'utf8'));
const defaults = (): ConfigData => defaultConfig(seededRandom(7), fixedClock('2024-05-01T10:00:00.000Z'));
const withoutCreatedAt = ({ created_at: _ignored, ...rest }: ConfigData) => rest;

describe('migration goldens (config/store/fixtures)', () => {
  const { cases } = readJson('expected.json') as { cases: { test: string; input: string; expected: string }[] };

  it('has both golden cases', () => {
    expect(cases.map((c) => c.test)).toEqual(['TestMigrationV1ToV3', 'TestMigrationV2ToV3']);
  });

  for (const { test, input, expected } of cases) {
    it(`${test}: ${input} migrates to ${expected}`, () => {
      const migrated = migrateConfig(readJson(input), defaults());
      const golden = mergeVersioned(defaults(), readJson(expected)).config;
      expect(migrated.version).toBe(3);
      expect(withoutCreatedAt(migrated)).toEqual(withoutCreatedAt(golden));
    });
  }

  it('v1: cache types become types.allow, v3-only keys get v3 defaults, missing rtmp/srt sections get defaults', () => {
    const cfg = migrateConfig(readJson('config_v1.json'), defaults());
    expect(cfg.id).toBe('c5ea4473-2f84-417c-a0c6-35746bfc9fc9');
    expect(cfg.name).toBe('cool-breeze-4646');
    expect(cfg.created_at).toBe('2022-11-08T12:01:22.533279+01:00');
    expect(cfg.storage.disk.cache.types).toEqual({ allow: [], block: ['.m3u8', '.mpd'] });
    expect(cfg.tls.email).toBe('cert@datarhei.com');
    expect(cfg.storage.s3).toEqual([]);
    expect(cfg.debug.memory_limit_mbytes).toBe(0);
    expect(cfg.rtmp).toEqual({ enable: false, enable_tls: false, address: ':1935', address_tls: ':1936', app: '/', token: '' });
    expect(cfg.api.auth.jwt.secret).toBe('L(*C[:uuHzL.]Fzpk$q=fa@PO=Z;j;56');
    expect(cfg.storage.memory.auth.password).toBe('dcFsZVGwVFkv1bE8Rl');
  });

  it('v2: the cache type list [".ts"] becomes types.allow', () => {
    const cfg = migrateConfig(readJson('config_v2.json'), defaults());
    expect(cfg.storage.disk.cache.types).toEqual({ allow: ['.ts'], block: ['.m3u8', '.mpd'] });
    expect(cfg.api.auth.jwt.secret).toBe('u4+N,UDq]jGxGbbQLQN[!jcMsa&weIJW');
  });
});

describe('v1 → v2 rtmp rules', () => {
  it('prefixes rtmp.app with "/"', () => {
    const cfg = migrateConfig({ version: 1, rtmp: { app: 'live' } }, defaults());
    expect(cfg.rtmp.app).toBe('/live');
  });

  it('enable_tls: RTMPS takes the old address, RTMP moves one port down and is enabled', () => {
    const cfg = migrateConfig({ version: 1, rtmp: { enable: false, enable_tls: true, address: '0.0.0.0:1936' } }, defaults());
    expect(cfg.rtmp).toMatchObject({ enable: true, enable_tls: true, address: '0.0.0.0:1935', address_tls: '0.0.0.0:1936' });
  });

  it('enable_tls with an IPv6 address keeps the brackets', () => {
    const cfg = migrateConfig({ version: 1, rtmp: { enable_tls: true, address: '[::1]:2000' } }, defaults());
    expect(cfg.rtmp.address).toBe('[::1]:1999');
    expect(cfg.rtmp.address_tls).toBe('[::1]:2000');
  });

  it('enable_tls with an unparsable address is an error naming rtmp.address', () => {
    expect(() => migrateConfig({ version: 1, rtmp: { enable_tls: true, address: 'nonsense' } }, defaults())).toThrow(
      /rtmp\.address/,
    );
  });

  it('a v1 document ignores rtmp.address_tls (v1 has no such key)', () => {
    const cfg = migrateConfig({ version: 1, rtmp: { address_tls: ':9999' } }, defaults());
    expect(cfg.rtmp.address_tls).toBe(':1936');
  });

  it('a v2 document ignores v3-only keys such as tls.email', () => {
    const cfg = migrateConfig({ version: 2, tls: { email: 'me@example.com' } }, defaults());
    expect(cfg.tls.email).toBe('cert@datarhei.com');
  });
});

describe('versions and JSON types', () => {
  it.each([[{}], [{ version: 4 }], [{ version: 0 }], [{ version: '3' }], [{ version: null }]])(
    'rejects %j with an error naming version',
    (doc) => {
      const error = thrown(() => migrateConfig(doc, defaults()));
      expect(error).toBeInstanceOf(ConfigVersionError);
      expect(error.message).toMatch(/^version not supported/);
    },
  );

  it('rejects a document that is not an object', () => {
    expect(() => migrateConfig([3], defaults())).toThrow(ConfigInputError);
    expect(() => migrateConfig('x', defaults())).toThrow('the config must be a JSON object');
  });

  it('a minimal { version: 3 } is the defaults', () => {
    const base = defaults();
    expect(migrateConfig({ version: 3 }, base)).toEqual(base);
  });

  it('reports every wrong JSON type with its key', () => {
    const error = thrown(() =>
      migrateConfig({ version: 3, address: 5, api: { auth: { enable: 'yes' } }, sessions: { max_sessions: -1 }, db: 'x' }, defaults()),
    ) as ConfigInputError;
    expect(error).toBeInstanceOf(ConfigInputError);
    expect(error.details.sort()).toEqual([
      'address: expected a string, got a number (5)',
      'api.auth.enable: expected a boolean, got a string ("yes")',
      'db: expected an object, got a string ("x")',
      'sessions.max_sessions: expected a non-negative integer, got a number (-1)',
    ]);
  });

  it('checks list item types inside s3 storages and tenants', () => {
    expect(() =>
      migrateConfig({ version: 3, storage: { s3: [{ name: 'a', use_ssl: 'yes' }] } }, defaults()),
    ).toThrow(ConfigInputError);
    const error = thrown(() =>
      migrateConfig({ version: 3, api: { auth: { auth0: { tenants: [{ users: [1] }] } } } }, defaults()),
    ) as ConfigInputError;
    expect(error.details).toEqual(['api.auth.auth0.tenants[0].users[0]: expected a string, got a number (1)']);
  });

  it('fills missing fields of list items with zero values, ignores unknown keys, resets null lists', () => {
    const cfg = migrateConfig(
      { version: 3, unknown: { x: 1 }, host: { name: null }, storage: { s3: [{ name: 'aws', mountpoint: '/aws' }] } },
      defaults(),
    );
    expect(cfg.host.name).toEqual([]);
    expect(cfg.storage.s3).toEqual([
      {
        name: 'aws',
        mountpoint: '/aws',
        auth: { enable: false, username: '', password: '' },
        endpoint: '',
        access_key_id: '',
        secret_access_key: '',
        bucket: '',
        region: '',
        use_ssl: false,
      },
    ]);
    expect(cfg).not.toHaveProperty('unknown');
  });

  it('arrays and maps are replaced whole, not merged', () => {
    const base = defaults();
    base.router.routes = { '/a': '/b' };
    const cfg = migrateConfig({ version: 3, router: { routes: { '/c': '/d' } }, sessions: { ip_ignorelist: ['10.0.0.0/8'] } }, base);
    expect(cfg.router.routes).toEqual({ '/c': '/d' });
    expect(cfg.sessions.ip_ignorelist).toEqual(['10.0.0.0/8']);
  });
});

describe('downgrade (used to merge v1/v2 bodies)', () => {
  it('v3 → v2 turns types.allow into the types list and drops v3-only keys', () => {
    const base = defaults();
    base.storage.disk.cache.types.allow = ['.ts'];
    const v2 = downgrade(base, 2) as Record<string, any>;
    expect(v2['version']).toBe(2);
    expect(v2['storage'].disk.cache.types).toEqual(['.ts']);
    expect(v2['tls']).not.toHaveProperty('email');
    expect(v2['storage']).not.toHaveProperty('s3');
    expect(v2['debug']).not.toHaveProperty('memory_limit_mbytes');
    expect(downgrade(base, 1)['rtmp']).not.toHaveProperty('address_tls');
  });

  it('a v2 body merged over a stored v3 config keeps the stored v3-only values', () => {
    const base = defaults();
    base.tls.email = 'ops@example.com';
    base.debug.memory_limit_mbytes = 512;
    base.storage.disk.cache.types = { allow: ['.ts'], block: ['.m3u8'] };
    const { config, version } = mergeVersioned(base, { version: 2, name: 'renamed', storage: { disk: { cache: { types: ['.mp4'] } } } });
    expect(version).toBe(2);
    expect(config.name).toBe('renamed');
    expect(config.storage.disk.cache.types).toEqual({ allow: ['.mp4'], block: ['.m3u8'] });
    expect(config.tls.email).toBe('ops@example.com');
    expect(config.debug.memory_limit_mbytes).toBe(512);
    expect(config.id).toBe(base.id);
  });
});
