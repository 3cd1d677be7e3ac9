import { describe, expect, it } from 'vitest';
import { applyEnv, defaultConfig, parseRoutes, parseS3Url, parseTenant, type ConfigData } from './configApi.js';
import { fixedClock, seededRandom } from './helpers.js';

const base = (): ConfigData => defaultConfig(seededRandom(3), fixedClock('2024-05-01T10:00:00.000Z'));
const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64');

describe('applyEnv: one override per value type', () => {
  it('string, address, bool, int, uint', () => {
    const { config, overrides, errors } = applyEnv(base(), {
      CORE_NAME: 'super-core-1337',
      CORE_ADDRESS: '127.0.0.1:9090',
      CORE_API_AUTH_ENABLE: 'true',
      CORE_SESSIONS_ENABLE: 'F',
      CORE_LOG_MAX_LINES: '250',
      CORE_SESSIONS_MAX_SESSIONS: '50',
      CORE_STORAGE_DISK_MAX_SIZE_MBYTES: '-1',
    });
    expect(errors).toEqual({});
    expect(config.name).toBe('super-core-1337');
    expect(config.address).toBe('127.0.0.1:9090');
    expect(config.api.auth.enable).toBe(true);
    expect(config.sessions.enable).toBe(false);
    expect(config.log.max_lines).toBe(250);
    expect(config.sessions.max_sessions).toBe(50);
    expect(config.storage.disk.max_size_mbytes).toBe(-1);
    expect(overrides).toEqual([
      'address',
      'api.auth.enable',
      'log.max_lines',
      'name',
      'sessions.enable',
      'sessions.max_sessions',
      'storage.disk.max_size_mbytes',
    ]);
  });

  it('a bare port number for an address becomes ":port"', () => {
    expect(applyEnv(base(), { CORE_TLS_ADDRESS: '8443' }).config.tls.address).toBe(':8443');
  });

  it('rtmp.app is cleaned like a path', () => {
    expect(applyEnv(base(), { CORE_RTMP_APP: '/live//x/../y/' }).config.rtmp.app).toBe('/live/y');
  });

  it('comma-separated lists, trimmed, empty items dropped', () => {
    const { config } = applyEnv(base(), { CORE_HOST_NAME: ' a.example.com, b.example.com ,,', CORE_LOG_TOPICS: 'http,process' });
    expect(config.host.name).toEqual(['a.example.com', 'b.example.com']);
    expect(config.log.topics).toEqual(['http', 'process']);
  });

  it('an empty list variable clears the list', () => {
    expect(applyEnv(base(), { CORE_ROUTER_BLOCKED_PREFIXES: '' }).config.router.blocked_prefixes).toEqual([]);
  });

  it('CIDR lists (IPv4 and IPv6)', () => {
    const { config, errors } = applyEnv(base(), { CORE_API_ACCESS_HTTP_ALLOW: '127.0.0.1/32,::1/128, 10.0.0.0/8' });
    expect(errors).toEqual({});
    expect(config.api.access.http.allow).toEqual(['127.0.0.1/32', '::1/128', '10.0.0.0/8']);
  });

  it('space-separated lists: regexes and cache types; commas accepted when there is no whitespace', () => {
    const { config } = applyEnv(base(), {
      CORE_FFMPEG_ACCESS_INPUT_ALLOW: 'https?:// rtsp:// ^a{1,3}$',
      CORE_FFMPEG_ACCESS_OUTPUT_BLOCK: '^file:,^pipe:',
      CORE_STORAGE_DISK_CACHE_TYPES_BLOCK: '.m3u8 .mpd .txt',
      CORE_STORAGE_DISK_CACHE_TYPES_ALLOW: '.ts,.mp4',
    });
    expect(config.ffmpeg.access.input.allow).toEqual(['https?://', 'rtsp://', '^a{1,3}$']);
    expect(config.ffmpeg.access.output.block).toEqual(['^file:', '^pipe:']);
    expect(config.storage.disk.cache.types.block).toEqual(['.m3u8', '.mpd', '.txt']);
    expect(config.storage.disk.cache.types.allow).toEqual(['.ts', '.mp4']);
  });

  it('S3 storages: URLs separated by |', () => {
    const { config, overrides } = applyEnv(base(), {
      CORE_STORAGE_S3:
        'https://AKID:s3cr%2Ft@eu-central-1.s3.example.com/media?name=aws&mount=/aws&username=u&password=p|http://key:secret@127.0.0.1:9000/bucket?name=minio&mount=/minio',
    });
    expect(overrides).toEqual(['storage.s3']);
    expect(config.storage.s3).toEqual([
      {
        name: 'aws',
        mountpoint: '/aws',
        auth: { enable: true, username: 'u', password: 'p' },
        endpoint: 'example.com',
        access_key_id: 'AKID',
        secret_access_key: 's3cr/t',
        bucket: 'media',
        region: 'eu-central-1.s3',
        use_ssl: true,
      },
      {
        name: 'minio',
        mountpoint: '/minio',
        auth: { enable: false, username: '', password: '' },
        endpoint: '127.0.0.1:9000',
        access_key_id: 'key',
        secret_access_key: 'secret',
        bucket: 'bucket',
        region: '',
        use_ssl: false,
      },
    ]);
  });

  it('Auth0 tenants: base64 JSON and auth0:// URLs, comma separated', () => {
    const tenant = { domain: 'a.eu.auth0.com', audience: 'https://api', clientid: 'cid', users: ['auth0|1'] };
    const { config, errors } = applyEnv(base(), {
      CORE_API_AUTH_AUTH0_TENANTS: `${b64(tenant)},auth0://client2@b.eu.auth0.com?aud=https%3A%2F%2Fapi2&user=x&user=y`,
    });
    expect(errors).toEqual({});
    expect(config.api.auth.auth0.tenants).toEqual([
      tenant,
      { domain: 'b.eu.auth0.com', audience: 'https://api2', clientid: 'client2', users: ['x', 'y'] },
    ]);
  });

  it('router routes: JSON object or Core style from:to pairs', () => {
    expect(applyEnv(base(), { CORE_ROUTER_ROUTES: '{"/foo.txt":"/bar.txt","/ui/*":"/srv/ui"}' }).config.router.routes).toEqual({
      '/foo.txt': '/bar.txt',
      '/ui/*': '/srv/ui',
    });
    expect(applyEnv(base(), { CORE_ROUTER_ROUTES: '/a:/b /c/*:./web' }).config.router.routes).toEqual({ '/a': '/b', '/c/*': './web' });
  });

  it('tls.email accepts "Name <addr>" and stores the address', () => {
    expect(applyEnv(base(), { CORE_TLS_EMAIL: 'Ops <ops@example.com>' }).config.tls.email).toBe('ops@example.com');
  });

  it('never mutates the input', () => {
    const input = base();
    const snapshot = structuredClone(input);
    applyEnv(input, { CORE_NAME: 'x', CORE_HOST_NAME: 'a,b', CORE_ROUTER_ROUTES: '{"/a":"/b"}' });
    expect(input).toEqual(snapshot);
  });
});

describe('applyEnv: alternate names', () => {
  it.each([
    ['CORE_LOG_TOPIC', 'http', 'log.topics', ['http']],
    ['CORE_LOG_MAXLINES', '7', 'log.max_lines', 7],
    ['CORE_API_ACCESS_HTTPS_DENY', '10.0.0.0/8', 'api.access.https.block', ['10.0.0.0/8']],
    ['CORE_STORAGE_DISK_MAXSIZEMBYTES', '100', 'storage.disk.max_size_mbytes', 100],
    ['CORE_STORAGE_DISK_CACHE_TYPES', '.ts', 'storage.disk.cache.types.allow', ['.ts']],
    ['CORE_METRICS_RANGE_SEC', '600', 'metrics.range_sec', 600],
    ['CORE_METRICS_RANGE_SECONDS', '900', 'metrics.range_sec', 900],
    ['CORE_SESSIONS_MAX_BITRATE_MBIT', '100', 'sessions.max_bitrate_mbit', 100],
    ['CORE_SESSIONS_MAXSESSIONS', '9', 'sessions.max_sessions', 9],
    ['CORE_TLS_CERTFILE', '/c.pem', 'tls.cert_file', '/c.pem'],
    ['CORE_DEBUG_FORCEGC', '60', 'debug.force_gc', 60],
    ['CORE_FFMPEG_MAX_PROCESSES', '4', 'ffmpeg.max_processes', 4],
    ['CORE_PLAYOUT_MINPORT', '3000', 'playout.min_port', 3000],
    ['CORE_MIMETYPES_FILE', '/etc/mime.types', 'storage.mimetypes_file', '/etc/mime.types'],
    ['RS_USERNAME', 'legacy', 'api.auth.username', 'legacy'],
    ['RS_PASSWORD', 'pw', 'api.auth.password', 'pw'],
  ])('%s=%s sets %s', (name, value, path, expected) => {
    const { config, overrides } = applyEnv(base(), { [name]: value });
    expect(path.split('.').reduce<any>((node, key) => node[key], config)).toEqual(expected);
    expect(overrides).toEqual([path]);
  });

  it('the primary name wins over an alternate', () => {
    const { config } = applyEnv(base(), { CORE_LOG_MAX_LINES: '1', CORE_LOG_MAXLINES: '2' });
    expect(config.log.max_lines).toBe(1);
    expect(applyEnv(base(), { CORE_API_AUTH_USERNAME: 'new', RS_USERNAME: 'old' }).config.api.auth.username).toBe('new');
  });

  it('undefined entries are not set', () => {
    expect(applyEnv(base(), { CORE_NAME: undefined }).overrides).toEqual([]);
  });
});

describe('applyEnv: invalid values', () => {
  it.each([
    ['CORE_API_AUTH_ENABLE', 'maybe', 'api.auth.enable', "'maybe' is not a boolean"],
    ['CORE_LOG_MAX_LINES', 'abc', 'log.max_lines', "'abc' is not an integer"],
    ['CORE_SESSIONS_MAX_SESSIONS', '-5', 'sessions.max_sessions', "'-5' is not a non-negative integer"],
    ['CORE_API_ACCESS_HTTP_ALLOW', '127.0.0.1/32,foo', 'api.access.http.allow', "must be a CIDR range like 127.0.0.1/32 or ::1/128, got 'foo'"],
    ['CORE_FFMPEG_ACCESS_INPUT_BLOCK', '([a-z', 'ffmpeg.access.input.block', 'must be a valid regular expression'],
    ['CORE_PLAYOUT_MAX_PORT', '70000', 'playout.max_port', 'between 0 and 65535'],
    ['CORE_LOG_LEVEL', 'loud', 'log.level', 'must be one of silent, error, warn, info, debug'],
    ['CORE_STORAGE_S3', 'ftp://x@y/z', 'storage.s3', 'must use http:// or https://'],
    ['CORE_API_AUTH_AUTH0_TENANTS', 'not base64!', 'api.auth.auth0.tenants', 'neither base64-encoded tenant JSON nor an auth0:// URL'],
    ['CORE_ROUTER_ROUTES', '{"/a":', 'router.routes', 'is not valid JSON'],
    ['CORE_TLS_EMAIL', 'nobody', 'tls.email', 'must be an e-mail address'],
    ['CORE_SERVICE_URL', 'not a url', 'service.url', 'must be a URL'],
  ])('%s=%s is an error on %s', (name, value, path, reason) => {
    const { config, overrides, errors } = applyEnv(base(), { [name]: value });
    expect(Object.keys(errors)).toEqual([path]);
    expect(errors[path]).toHaveLength(1);
    const message = errors[path]![0]!;
    expect(message).toContain(name);
    expect(message).toContain(path);
    expect(message).toContain(reason);
    expect(overrides).toEqual([]);
    expect(config).toEqual(base());
  });

  it('a bad value does not stop the other variables', () => {
    const { config, errors, overrides } = applyEnv(base(), { CORE_API_AUTH_ENABLE: 'maybe', CORE_NAME: 'ok' });
    expect(Object.keys(errors)).toEqual(['api.auth.enable']);
    expect(config.name).toBe('ok');
    expect(overrides).toEqual(['name']);
  });
});

describe('applyEnv: memfs credentials', () => {
  it('setting both username and password enables memfs auth', () => {
    const cfg = base();
    cfg.storage.memory.auth.enable = false;
    const { config, overrides } = applyEnv(cfg, {
      CORE_STORAGE_MEMORY_AUTH_USERNAME: 'user',
      CORE_STORAGE_MEMORY_AUTH_PASSWORD: 'secret',
    });
    expect(config.storage.memory.auth).toEqual({ enable: true, username: 'user', password: 'secret' });
    expect(overrides).toEqual(['storage.memory.auth.enable', 'storage.memory.auth.password', 'storage.memory.auth.username']);
  });

  it('both empty disables it; only one of them changes nothing else', () => {
    const off = applyEnv(base(), { CORE_STORAGE_MEMORY_AUTH_USERNAME: '', CORE_STORAGE_MEMORY_AUTH_PASSWORD: '' });
    expect(off.config.storage.memory.auth.enable).toBe(false);
    const cfg = base();
    cfg.storage.memory.auth.enable = false;
    const one = applyEnv(cfg, { CORE_STORAGE_MEMORY_AUTH_USERNAME: 'user' });
    expect(one.config.storage.memory.auth.enable).toBe(false);
    expect(one.overrides).toEqual(['storage.memory.auth.username']);
  });
});

describe('env formats', () => {
  it('parseS3Url without region (single-label host)', () => {
    expect(parseS3Url('http://k:s@minio:9000/b?name=m&mount=/m')).toMatchObject({ endpoint: 'minio:9000', region: '', bucket: 'b' });
  });

  it('parseTenant rejects base64 that is not a JSON object', () => {
    expect(() => parseTenant(Buffer.from('[1]').toString('base64'))).toThrow('does not decode to a tenant object');
  });

  it('parseRoutes rejects a pair without a colon', () => {
    expect(() => parseRoutes('/a/b')).toThrow("'/a/b' is not a 'from:to' route pair");
  });
});
