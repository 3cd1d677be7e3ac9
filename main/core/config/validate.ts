// Validates a v3 config: per-variable checks from the table, then Core's cross-field sanity rules.
import { checkHostname } from './checks.js';
import { decodeValue } from './decode.js';
import { checkPathOnDisk } from './fsChecks.js';
import { KINDS } from './kinds.js';
import { cloneJson, getPath, setPath, type JsonObject } from './objectPath.js';
import type { ConfigData, ConfigErrors } from './types.js';
import { VARIABLES, type Variable } from './variables.js';

export interface ValidateOptions {
  /** Also check paths on disk (db.dir and storage.disk.dir creatable, TLS files and ui_path exist). Default false. */
  checkFilesystem?: boolean;
  /** Base for relative paths in filesystem checks; default process.cwd(). */
  cwd?: string;
}

type Add = (path: string, message: string) => void;

/**
 * Returns false when the value has the wrong JSON type (then the cross-field rules cannot run safely). Writes the
 * decoded value back into `cfg` (a private copy), so list items lacking fields get Go's zero values.
 */
function checkVariable(v: Variable, cfg: ConfigData, add: Add, options: ValidateOptions): boolean {
  const value = getPath(cfg, v.path);
  if (value === undefined || value === null) {
    add(v.path, 'is missing');
    return false;
  }
  const typeErrors: string[] = [];
  const decoded = decodeValue(value, KINDS[v.kind].shape, v.path, typeErrors);
  if (typeErrors.length > 0) {
    for (const message of typeErrors) add(v.path, message.replace(`${v.path}: `, ''));
    return false;
  }
  setPath(cfg as unknown as JsonObject, v.path, decoded);
  if (value === '') {
    if (v.required) add(v.path, 'a value is required');
    if (v.required || (v.emptyUnless && getPath(cfg, v.emptyUnless) !== true)) return true;
  }
  if (typeof value === 'number' && v.min !== undefined && value < v.min) {
    add(v.path, `must be ${v.min} or greater, got ${value}`);
  }
  for (const message of KINDS[v.kind].check?.(value) ?? []) add(v.path, message);
  if (options.checkFilesystem && v.fs && typeof value === 'string') {
    const problem = checkPathOnDisk(v.fs, value, options.cwd ?? process.cwd());
    if (problem) add(v.path, problem);
  }
  return true;
}

const RESERVED_S3_NAMES = ['disk', 'diskfs', 'mem', 'memfs'];
const S3_NAME = /^[A-Za-z0-9_-]+$/;

function underPrefix(route: string, prefixes: readonly string[]): string | undefined {
  return prefixes.find((prefix) => prefix !== '' && route.startsWith(prefix));
}

const RULES: ReadonlyArray<(cfg: ConfigData, add: Add) => void> = [
  ({ api: { auth } }, add) => {
    if (auth.enable && (!auth.username || !auth.password)) {
      add('api.auth.enable', 'api.auth.username and api.auth.password must be set when auth is enabled');
    }
  },
  ({ api: { auth } }, add) => {
    const { enable, tenants } = auth.auth0;
    if (enable && tenants.length === 0) add('api.auth.auth0.enable', 'at least one tenant must be set');
    tenants.forEach((t, i) => {
      const missing = (['domain', 'audience', ...(enable ? ['clientid' as const] : [])] as const).filter((k) => !t[k]);
      if (missing.length > 0) add('api.auth.auth0.tenants', `tenant ${i}: ${missing.join(', ')} must be set`);
    });
  },
  ({ tls }, add) => {
    if (!tls.enable || tls.auto) return;
    const why = 'must be set when tls.enable is on and tls.auto is off';
    if (!tls.cert_file) add('tls.cert_file', why);
    if (!tls.key_file) add('tls.key_file', why);
  },
  ({ tls, host }, add) => {
    if (!tls.enable || !tls.auto) return;
    if (host.name.length === 0) add('host.name', 'a host name must be set in order to get an automatic TLS certificate');
    for (const name of host.name) {
      const problem = checkHostname(name);
      if (problem) add('host.name', problem);
    }
    if (!tls.email) add('tls.email', "must be set for Let's Encrypt when tls.auto is on");
  },
  ({ rtmp, tls }, add) => {
    if (!rtmp.enable_tls) return;
    if (!rtmp.enable) add('rtmp.enable', 'RTMP server must be enabled if RTMPS server is enabled');
    if (!tls.enable) add('rtmp.enable_tls', 'RTMPS server can only be enabled if TLS is enabled (tls.enable)');
    if (rtmp.enable && rtmp.address === rtmp.address_tls) {
      add('rtmp.address', `the RTMP and RTMPS server can't listen on the same address '${rtmp.address}'`);
    }
  },
  ({ storage: { memory } }, add) => {
    if (memory.auth.enable && (!memory.auth.username || !memory.auth.password)) {
      add('storage.memory.auth.enable', 'storage.memory.auth.username and storage.memory.auth.password must be set');
    }
  },
  ({ storage, router }, add) => {
    const names = new Set<string>();
    const mounts = new Set<string>();
    storage.s3.forEach((s3, i) => {
      const problem = (message: string) => add('storage.s3', `storage ${i} (${s3.name || 'unnamed'}): ${message}`);
      if (!s3.name) problem('the name is missing');
      else if (!S3_NAME.test(s3.name)) problem(`the name must match ${S3_NAME.source}`);
      else if (RESERVED_S3_NAMES.includes(s3.name)) problem(`the name '${s3.name}' is reserved`);
      else if (names.has(s3.name)) problem(`the name '${s3.name}' is already in use`);
      names.add(s3.name);
      const mount = s3.mountpoint;
      const blocked = underPrefix(mount, router.blocked_prefixes);
      if (!mount) problem('the mountpoint is missing');
      else if (!mount.startsWith('/')) problem(`the mountpoint must be an absolute path, got '${mount}'`);
      else if (mount === '/' || mount.replace(/\/+$/, '') === '/memfs') problem(`the mountpoint '${mount}' is reserved`);
      else if (blocked) problem(`the mountpoint '${mount}' is inside the blocked prefix '${blocked}'`);
      else if (mounts.has(mount)) problem(`the mountpoint '${mount}' is already in use`);
      mounts.add(mount);
      if (!s3.bucket) problem('the bucket is missing');
      if (s3.auth.enable && (!s3.auth.username || !s3.auth.password)) {
        problem('auth is enabled, but username or password is missing');
      }
    });
  },
  ({ playout }, add) => {
    if (playout.enable && playout.min_port >= playout.max_port) {
      add('playout.min_port', `must be smaller than playout.max_port (${playout.min_port} >= ${playout.max_port})`);
    }
  },
  ({ sessions }, add) => {
    if (sessions.enable && sessions.session_timeout_sec < 1) {
      add('sessions.session_timeout_sec', `must be 1 or greater, got ${sessions.session_timeout_sec}`);
    }
  },
  ({ service }, add) => {
    if (!service.enable) return;
    if (!service.token) add('service.token', 'must be set when service.enable is on');
    if (!service.url) add('service.url', 'must be set when service.enable is on');
  },
  ({ metrics }, add) => {
    if (!metrics.enable) return;
    if (metrics.range_sec <= 0) add('metrics.range_sec', `must be greater than 0, got ${metrics.range_sec}`);
    if (metrics.interval_sec <= 0) add('metrics.interval_sec', `must be greater than 0, got ${metrics.interval_sec}`);
    else if (metrics.interval_sec > metrics.range_sec) {
      add('metrics.interval_sec', `must not be greater than metrics.range_sec (${metrics.range_sec})`);
    }
  },
  ({ router }, add) => {
    for (const prefix of router.blocked_prefixes) {
      if (!prefix.startsWith('/')) add('router.blocked_prefixes', `must start with '/', got '${prefix}'`);
    }
    for (const [from, to] of Object.entries(router.routes)) {
      const blocked = underPrefix(from, router.blocked_prefixes);
      if (!from.startsWith('/')) add('router.routes', `the route '${from}' must start with '/'`);
      else if (blocked) add('router.routes', `the route '${from}' is inside the blocked prefix '${blocked}'`);
      if (!to) add('router.routes', `the route '${from}' has no target`);
    }
    const uiBlocked = router.ui_path ? underPrefix('/ui', router.blocked_prefixes) : undefined;
    if (uiBlocked) add('router.ui_path', `the UI is mounted at /ui, which is inside the blocked prefix '${uiBlocked}'`);
  },
];

/** Returns messages per JSON path; an empty object means the config is valid. */
export function validateConfig(input: ConfigData, options: ValidateOptions = {}): ConfigErrors {
  const cfg = cloneJson(input);
  const errors: ConfigErrors = {};
  const add: Add = (path, message) => {
    (errors[path] ??= []).push(message);
  };
  if (cfg.version !== 3) {
    add('version', `unknown configuration layout version (found ${JSON.stringify(cfg.version)}, expecting 3)`);
    return errors;
  }
  let wellTyped = true;
  for (const variable of VARIABLES) wellTyped = checkVariable(variable, cfg, add, options) && wellTyped;
  // Cross-field rules read values as their declared types, so they only run on a well-typed config.
  if (wellTyped) for (const rule of RULES) rule(cfg, add);
  return errors;
}
