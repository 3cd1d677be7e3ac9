// The one table of config variables: defaults, env names, decoding and validation are all derived from it.
import type { Kind, Separator } from './kinds.js';
import { haikunate, randomAlphanumeric, randomString } from './random.js';
import type { ConfigPath, RandomSource } from './types.js';

export interface DefaultContext {
  random: RandomSource;
  now: Date;
}

export interface Variable {
  path: ConfigPath;
  kind: Kind;
  /** A JSON value, or a function for generated defaults (ids, secrets, timestamps). */
  default: unknown;
  /**
   * Core's env name (what Core looks up first). Omitted: the derived name CORE_<PATH>. null: no env variable.
   * The derived name is accepted for every variable, as are the `alt` spellings (Core's older names, the manual's).
   */
  env?: string | null;
  alt?: readonly string[];
  separator?: Separator;
  /** Lower bound for numbers where a negative value makes no sense. */
  min?: number;
  /** Core rejects an empty value. */
  required?: boolean;
  /** "" is allowed while this switch is off (listen addresses of disabled servers). */
  emptyUnless?: ConfigPath;
  /** Filesystem check (only with checkFilesystem): must be a directory or creatable, an existing dir/file if set. */
  fs?: 'mustDir' | 'dir' | 'file';
  /** Must never be empty at runtime: an empty value is generated anew from the default (while this switch is on). */
  regenerate?: true | ConfigPath;
  /** Shown as *** in logs. */
  secret?: boolean;
  description: string;
}

/** Marks a default that is produced anew for every config (and typed, so the table stays checked). */
const generated = (make: (ctx: DefaultContext) => unknown) => make;

// Order = Core's JSON field order, so files we write look like Core's.
export const VARIABLES: readonly Variable[] = [
  { path: 'created_at', kind: 'time', env: null, default: generated(({ now }) => now.toISOString()), description: 'Configuration file creation time' },
  { path: 'version', kind: 'int', env: null, default: 3, required: true, description: 'Configuration file layout version' },
  { path: 'id', kind: 'string', env: 'CORE_ID', required: true, regenerate: true, default: generated(({ random }) => random.uuid()), description: 'ID for this instance' },
  { path: 'name', kind: 'string', env: 'CORE_NAME', regenerate: true, default: generated(({ random }) => haikunate(random)), description: 'A human readable name for this instance' },
  { path: 'address', kind: 'address', env: 'CORE_ADDRESS', default: ':8080', description: 'HTTP listening address' },
  { path: 'update_check', kind: 'bool', env: 'CORE_UPDATE_CHECK', default: true, description: 'Check for updates and send anonymized data' },

  { path: 'log.level', kind: 'logLevel', env: 'CORE_LOG_LEVEL', default: 'info', description: 'Loglevel: silent, error, warn, info, debug' },
  { path: 'log.topics', kind: 'stringList', separator: 'comma', env: 'CORE_LOG_TOPICS', alt: ['CORE_LOG_TOPIC'], default: [], description: 'Show only selected log topics' },
  { path: 'log.max_lines', kind: 'int', min: 0, env: 'CORE_LOG_MAX_LINES', alt: ['CORE_LOG_MAXLINES'], default: 1000, description: 'Number of latest log lines to keep in memory' },

  { path: 'db.dir', kind: 'string', fs: 'mustDir', required: true, env: 'CORE_DB_DIR', default: './config', description: 'Directory for holding the operational data' },

  { path: 'host.name', kind: 'stringList', separator: 'comma', env: 'CORE_HOST_NAME', default: [], description: 'Comma separated list of public host/domain names or IPs' },
  { path: 'host.auto', kind: 'bool', env: 'CORE_HOST_AUTO', default: true, description: 'Enable detection of public IP addresses' },

  { path: 'api.read_only', kind: 'bool', env: 'CORE_API_READ_ONLY', default: false, description: 'Allow only read only access to the API' },
  { path: 'api.access.http.allow', kind: 'cidrList', separator: 'comma', env: 'CORE_API_ACCESS_HTTP_ALLOW', default: [], description: 'List of IPs in CIDR notation (HTTP traffic)' },
  { path: 'api.access.http.block', kind: 'cidrList', separator: 'comma', env: 'CORE_API_ACCESS_HTTP_BLOCK', default: [], description: 'List of IPs in CIDR notation (HTTP traffic)' },
  { path: 'api.access.https.allow', kind: 'cidrList', separator: 'comma', env: 'CORE_API_ACCESS_HTTPS_ALLOW', default: [], description: 'List of IPs in CIDR notation (HTTPS traffic)' },
  { path: 'api.access.https.block', kind: 'cidrList', separator: 'comma', env: 'CORE_API_ACCESS_HTTPS_BLOCK', alt: ['CORE_API_ACCESS_HTTPS_DENY'], default: [], description: 'List of IPs in CIDR notation (HTTPS traffic)' },
  { path: 'api.auth.enable', kind: 'bool', env: 'CORE_API_AUTH_ENABLE', default: false, description: 'Enable authentication for all clients' },
  { path: 'api.auth.disable_localhost', kind: 'bool', env: 'CORE_API_AUTH_DISABLE_LOCALHOST', default: false, description: 'Disable authentication for clients from localhost' },
  { path: 'api.auth.username', kind: 'string', env: 'CORE_API_AUTH_USERNAME', alt: ['RS_USERNAME'], default: '', description: 'Username' },
  { path: 'api.auth.password', kind: 'string', env: 'CORE_API_AUTH_PASSWORD', alt: ['RS_PASSWORD'], default: '', secret: true, description: 'Password' },
  { path: 'api.auth.jwt.secret', kind: 'string', env: 'CORE_API_AUTH_JWT_SECRET', secret: true, regenerate: true, default: generated(({ random }) => randomString(random, 32)), description: 'JWT secret, leave empty for generating a random value' },
  { path: 'api.auth.auth0.enable', kind: 'bool', env: 'CORE_API_AUTH_AUTH0_ENABLE', default: false, description: 'Enable Auth0' },
  { path: 'api.auth.auth0.tenants', kind: 'tenantList', separator: 'comma', env: 'CORE_API_AUTH_AUTH0_TENANTS', default: [], description: 'List of Auth0 tenants (base64 JSON or auth0:// URLs)' },

  { path: 'tls.address', kind: 'address', emptyUnless: 'tls.enable', env: 'CORE_TLS_ADDRESS', default: ':8181', description: 'HTTPS listening address' },
  { path: 'tls.enable', kind: 'bool', env: 'CORE_TLS_ENABLE', default: false, description: 'Enable HTTPS' },
  { path: 'tls.auto', kind: 'bool', env: 'CORE_TLS_AUTO', default: false, description: "Enable Let's Encrypt certificate" },
  { path: 'tls.email', kind: 'email', env: 'CORE_TLS_EMAIL', default: 'cert@datarhei.com', description: "Email for Let's Encrypt registration" },
  { path: 'tls.cert_file', kind: 'string', fs: 'file', env: 'CORE_TLS_CERT_FILE', alt: ['CORE_TLS_CERTFILE'], default: '', description: 'Path to certificate file in PEM format' },
  { path: 'tls.key_file', kind: 'string', fs: 'file', env: 'CORE_TLS_KEY_FILE', alt: ['CORE_TLS_KEYFILE'], default: '', description: 'Path to key file in PEM format' },

  { path: 'storage.disk.dir', kind: 'string', fs: 'mustDir', required: true, env: 'CORE_STORAGE_DISK_DIR', default: './data', description: 'Directory on disk, exposed on /' },
  { path: 'storage.disk.max_size_mbytes', kind: 'int', env: 'CORE_STORAGE_DISK_MAX_SIZE_MBYTES', alt: ['CORE_STORAGE_DISK_MAXSIZEMBYTES'], default: 0, description: 'Max. allowed megabytes for storage.disk.dir, 0 for unlimited' },
  { path: 'storage.disk.cache.enable', kind: 'bool', env: 'CORE_STORAGE_DISK_CACHE_ENABLE', default: true, description: 'Enable cache for /' },
  { path: 'storage.disk.cache.max_size_mbytes', kind: 'uint', env: 'CORE_STORAGE_DISK_CACHE_MAX_SIZE_MBYTES', alt: ['CORE_STORAGE_DISK_CACHE_MAXSIZEMBYTES'], default: 0, description: 'Max. allowed cache size, 0 for unlimited' },
  { path: 'storage.disk.cache.ttl_seconds', kind: 'int', min: 0, env: 'CORE_STORAGE_DISK_CACHE_TTL_SECONDS', alt: ['CORE_STORAGE_DISK_CACHE_TTLSECONDS'], default: 300, description: 'Seconds to keep files in cache' },
  { path: 'storage.disk.cache.max_file_size_mbytes', kind: 'uint', env: 'CORE_STORAGE_DISK_CACHE_MAX_FILE_SIZE_MBYTES', alt: ['CORE_STORAGE_DISK_CACHE_MAXFILESIZEMBYTES'], default: 1, description: 'Max. file size to put in cache' },
  { path: 'storage.disk.cache.types.allow', kind: 'stringList', separator: 'space', env: 'CORE_STORAGE_DISK_CACHE_TYPES_ALLOW', alt: ['CORE_STORAGE_DISK_CACHE_TYPES'], default: [], description: 'File extensions to cache, empty for all' },
  { path: 'storage.disk.cache.types.block', kind: 'stringList', separator: 'space', env: 'CORE_STORAGE_DISK_CACHE_TYPES_BLOCK', default: ['.m3u8', '.mpd'], description: 'File extensions not to cache, empty for none' },

  { path: 'storage.memory.auth.enable', kind: 'bool', env: 'CORE_STORAGE_MEMORY_AUTH_ENABLE', default: true, description: 'Enable basic auth for PUT, POST, and DELETE on /memfs' },
  { path: 'storage.memory.auth.username', kind: 'string', env: 'CORE_STORAGE_MEMORY_AUTH_USERNAME', default: 'admin', description: 'Username for Basic-Auth of /memfs' },
  { path: 'storage.memory.auth.password', kind: 'string', env: 'CORE_STORAGE_MEMORY_AUTH_PASSWORD', secret: true, regenerate: 'storage.memory.auth.enable', default: generated(({ random }) => randomAlphanumeric(random, 18)), description: 'Password for Basic-Auth of /memfs' },
  { path: 'storage.memory.max_size_mbytes', kind: 'int', env: 'CORE_STORAGE_MEMORY_MAX_SIZE_MBYTES', alt: ['CORE_STORAGE_MEMORY_MAXSIZEMBYTES'], default: 0, description: 'Max. allowed megabytes for /memfs, 0 for unlimited' },
  { path: 'storage.memory.purge', kind: 'bool', env: 'CORE_STORAGE_MEMORY_PURGE', default: false, description: 'Automatically remove the oldest files if /memfs is full' },
  { path: 'storage.s3', kind: 's3List', separator: 'pipe', env: 'CORE_STORAGE_S3', default: [], description: 'List of S3 storage URLs, separated by |' },
  { path: 'storage.cors.origins', kind: 'corsList', separator: 'comma', env: 'CORE_STORAGE_CORS_ORIGINS', default: ['*'], description: 'Allowed CORS origins for /memfs and /data' },
  { path: 'storage.mimetypes_file', kind: 'string', env: 'CORE_STORAGE_MIMETYPES_FILE', alt: ['CORE_MIMETYPES_FILE'], default: './mime.types', description: 'Path to file with mime-types' },

  { path: 'rtmp.enable', kind: 'bool', env: 'CORE_RTMP_ENABLE', default: false, description: 'Enable RTMP server' },
  { path: 'rtmp.enable_tls', kind: 'bool', env: 'CORE_RTMP_ENABLE_TLS', default: false, description: 'Enable RTMPS server in addition to RTMP' },
  { path: 'rtmp.address', kind: 'address', emptyUnless: 'rtmp.enable', env: 'CORE_RTMP_ADDRESS', default: ':1935', description: 'RTMP server listen address' },
  { path: 'rtmp.address_tls', kind: 'address', emptyUnless: 'rtmp.enable_tls', env: 'CORE_RTMP_ADDRESS_TLS', default: ':1936', description: 'RTMPS server listen address' },
  { path: 'rtmp.app', kind: 'absPath', env: 'CORE_RTMP_APP', default: '/', description: 'RTMP app for publishing' },
  { path: 'rtmp.token', kind: 'string', env: 'CORE_RTMP_TOKEN', secret: true, default: '', description: 'RTMP token for publishing and playing' },

  { path: 'srt.enable', kind: 'bool', env: 'CORE_SRT_ENABLE', default: false, description: 'Enable SRT server' },
  { path: 'srt.address', kind: 'address', emptyUnless: 'srt.enable', env: 'CORE_SRT_ADDRESS', default: ':6000', description: 'SRT server listen address' },
  { path: 'srt.passphrase', kind: 'string', env: 'CORE_SRT_PASSPHRASE', secret: true, default: '', description: 'SRT encryption passphrase' },
  { path: 'srt.token', kind: 'string', env: 'CORE_SRT_TOKEN', secret: true, default: '', description: 'SRT token for publishing and playing' },
  { path: 'srt.log.enable', kind: 'bool', env: 'CORE_SRT_LOG_ENABLE', default: false, description: 'Enable SRT server logging' },
  { path: 'srt.log.topics', kind: 'stringList', separator: 'comma', env: 'CORE_SRT_LOG_TOPICS', alt: ['CORE_SRT_LOG_TOPIC'], default: [], description: 'List of topics to log' },

  { path: 'ffmpeg.binary', kind: 'string', required: true, env: 'CORE_FFMPEG_BINARY', default: 'ffmpeg', description: 'Path to ffmpeg binary' },
  { path: 'ffmpeg.max_processes', kind: 'int', min: 0, env: 'CORE_FFMPEG_MAXPROCESSES', default: 0, description: 'Max. allowed simultaneously running ffmpeg instances, 0 for unlimited' },
  { path: 'ffmpeg.access.input.allow', kind: 'regexList', separator: 'space', env: 'CORE_FFMPEG_ACCESS_INPUT_ALLOW', default: [], description: 'List of allowed expression to match against the input addresses' },
  { path: 'ffmpeg.access.input.block', kind: 'regexList', separator: 'space', env: 'CORE_FFMPEG_ACCESS_INPUT_BLOCK', default: [], description: 'List of blocked expression to match against the input addresses' },
  { path: 'ffmpeg.access.output.allow', kind: 'regexList', separator: 'space', env: 'CORE_FFMPEG_ACCESS_OUTPUT_ALLOW', default: [], description: 'List of allowed expression to match against the output addresses' },
  { path: 'ffmpeg.access.output.block', kind: 'regexList', separator: 'space', env: 'CORE_FFMPEG_ACCESS_OUTPUT_BLOCK', default: [], description: 'List of blocked expression to match against the output addresses' },
  { path: 'ffmpeg.log.max_lines', kind: 'int', min: 0, env: 'CORE_FFMPEG_LOG_MAX_LINES', alt: ['CORE_FFMPEG_LOG_MAXLINES'], default: 50, description: 'Number of latest log lines to keep for each process' },
  { path: 'ffmpeg.log.max_history', kind: 'int', min: 0, env: 'CORE_FFMPEG_LOG_MAX_HISTORY', alt: ['CORE_FFMPEG_LOG_MAXHISTORY'], default: 3, description: 'Number of latest logs to keep for each process' },

  { path: 'playout.enable', kind: 'bool', env: 'CORE_PLAYOUT_ENABLE', default: false, description: 'Enable playout proxy where available' },
  { path: 'playout.min_port', kind: 'port', env: 'CORE_PLAYOUT_MIN_PORT', alt: ['CORE_PLAYOUT_MINPORT'], default: 0, description: 'Min. playout server port' },
  { path: 'playout.max_port', kind: 'port', env: 'CORE_PLAYOUT_MAX_PORT', alt: ['CORE_PLAYOUT_MAXPORT'], default: 0, description: 'Max. playout server port' },

  { path: 'debug.profiling', kind: 'bool', env: 'CORE_DEBUG_PROFILING', default: false, description: 'Enable profiling endpoint on /profiling' },
  { path: 'debug.force_gc', kind: 'int', min: 0, env: 'CORE_DEBUG_FORCE_GC', alt: ['CORE_DEBUG_FORCEGC'], default: 0, description: 'Number of seconds between forcing GC to return memory to the OS' },
  { path: 'debug.memory_limit_mbytes', kind: 'int', min: 0, env: 'CORE_DEBUG_MEMORY_LIMIT_MBYTES', default: 0, description: 'Impose a soft memory limit for the core, in megabytes' },

  { path: 'metrics.enable', kind: 'bool', env: 'CORE_METRICS_ENABLE', default: false, description: 'Enable collecting historic metrics data' },
  { path: 'metrics.enable_prometheus', kind: 'bool', env: 'CORE_METRICS_ENABLE_PROMETHEUS', default: false, description: 'Enable prometheus endpoint /metrics' },
  { path: 'metrics.range_sec', kind: 'int', env: 'CORE_METRICS_RANGE_SECONDS', default: 300, description: 'Seconds to keep history data' },
  { path: 'metrics.interval_sec', kind: 'int', env: 'CORE_METRICS_INTERVAL_SECONDS', default: 2, description: 'Interval for collecting metrics' },

  { path: 'sessions.enable', kind: 'bool', env: 'CORE_SESSIONS_ENABLE', default: true, description: 'Enable collecting session stats' },
  { path: 'sessions.ip_ignorelist', kind: 'cidrList', separator: 'comma', env: 'CORE_SESSIONS_IP_IGNORELIST', default: ['127.0.0.1/32', '::1/128'], description: 'List of IP ranges in CIDR notation to ignore' },
  { path: 'sessions.session_timeout_sec', kind: 'int', env: 'CORE_SESSIONS_SESSION_TIMEOUT_SEC', default: 30, description: 'Timeout for an idle session' },
  { path: 'sessions.persist', kind: 'bool', env: 'CORE_SESSIONS_PERSIST', default: false, description: 'Whether to persist session history. Will be stored as sessions.json in db.dir' },
  { path: 'sessions.persist_interval_sec', kind: 'int', min: 0, env: 'CORE_SESSIONS_PERSIST_INTERVAL_SEC', default: 300, description: 'Interval in seconds in which to persist the current session history' },
  { path: 'sessions.max_bitrate_mbit', kind: 'uint', env: 'CORE_SESSIONS_MAXBITRATE_MBIT', default: 0, description: 'Max. allowed outgoing bitrate in mbit/s, 0 for unlimited' },
  { path: 'sessions.max_sessions', kind: 'uint', env: 'CORE_SESSIONS_MAX_SESSIONS', alt: ['CORE_SESSIONS_MAXSESSIONS'], default: 0, description: 'Max. allowed number of simultaneous sessions, 0 for unlimited' },

  { path: 'service.enable', kind: 'bool', env: 'CORE_SERVICE_ENABLE', default: false, description: 'Enable connecting to the Restreamer Service' },
  { path: 'service.token', kind: 'string', env: 'CORE_SERVICE_TOKEN', secret: true, default: '', description: 'Restreamer Service account token' },
  { path: 'service.url', kind: 'url', env: 'CORE_SERVICE_URL', default: 'https://service.datarhei.com', description: 'URL of the Restreamer Service' },

  { path: 'router.blocked_prefixes', kind: 'stringList', separator: 'comma', env: 'CORE_ROUTER_BLOCKED_PREFIXES', default: ['/api'], description: "List of path prefixes that can't be routed" },
  { path: 'router.routes', kind: 'map', env: 'CORE_ROUTER_ROUTES', default: {}, description: 'Route mappings (env: JSON object or space-separated from:to pairs)' },
  { path: 'router.ui_path', kind: 'string', fs: 'dir', env: 'CORE_ROUTER_UI_PATH', default: '', description: 'Path to a directory holding UI files mounted as /ui' },
];

const BY_PATH = new Map<string, Variable>(VARIABLES.map((v) => [v.path, v]));

export function findVariable(path: string): Variable | undefined {
  return BY_PATH.get(path);
}

/** CORE_ + the JSON path in upper case with dots as underscores, e.g. CORE_API_AUTH_ENABLE. */
export function derivedEnvName(path: string): string {
  return `CORE_${path.toUpperCase().replace(/\./g, '_')}`;
}

/** All env names for a variable in lookup order: Core's name, its alternates, then the derived name. */
export function envNamesOf(variable: Variable): string[] {
  if (variable.env === null) return [];
  const names = [variable.env ?? derivedEnvName(variable.path), ...(variable.alt ?? []), derivedEnvName(variable.path)];
  return [...new Set(names)];
}

export function defaultValueOf(variable: Variable, ctx: DefaultContext): unknown {
  const value = typeof variable.default === 'function' ? (variable.default as (c: DefaultContext) => unknown)(ctx) : variable.default;
  return structuredClone(value);
}
