// Generates fuzz requests from the contract: every operation, its path parameters filled with valid, unknown and
// hostile values, wrong-typed query parameters, mutated/deep/huge/broken bodies, wrong content types, and
// valid, missing or garbage credentials. Deterministic for a seed.
import type { RawRequest } from './client.js';
import type { ContractOperation, ContractParam } from './contractOps.js';
import { CONTENT_TYPES, deepJson, encode, hostileSegment, HOSTILE_STRINGS, hugeJson, INVALID_JSON, mutate, schemaInstance, wrongValue, type Mutation } from './hostile.js';
import type { Prng } from './prng.js';

export interface FuzzContext {
  /** A valid access token, and a refresh token (which must not work as an access token). */
  token: string;
  refreshToken: string;
  /** Processes that exist while fuzzing (recreated between batches), and their input id. */
  processIds: readonly string[];
  inputId: string;
  /** Files that exist on every filesystem ("/fuzz/a.txt"). */
  files: readonly string[];
}

export interface FuzzRequest extends RawRequest {
  index: number;
  /** The contract operation it was made from (absent for junk paths). */
  operation?: ContractOperation;
  /** What was done to it, for failure messages. */
  label: string;
  /** The server may close the connection instead of answering (oversized headers or body). */
  mayReset?: boolean;
}

/** Options that make the fake FFmpeg exit on its own: probes and started processes stay cheap. */
export const FAST_EXIT = ['-fake_exit_after', '0.5'];

/** A process config Core accepts; mutations start from here. */
export function processConfig(id: string, autostart = false): Record<string, unknown> {
  return {
    id,
    type: 'ffmpeg',
    reference: 'fuzz',
    input: [{ id: 'in', address: 'testsrc=size=64x64:rate=5', options: ['-f', 'lavfi', ...FAST_EXIT] }],
    output: [{ id: 'out', address: '-', options: ['-f', 'null'] }],
    options: ['-loglevel', 'info'],
    autostart,
    reconnect: false,
    reconnect_delay_seconds: 1,
    stale_timeout_seconds: 0,
    limits: { cpu_usage: 0, memory_mbytes: 0, waitfor_seconds: 0 },
  };
}

/** How often an operation is picked (1 unless listed): reloads and probes spawn children, so they are rarer. */
const WEIGHTS: Record<string, number> = {
  'GET /api/v3/skills/reload': 0.1,
  'GET /api/v3/process/{id}/probe': 0.4,
  'PUT /api/v3/fs/{storage}/{filepath}': 2,
  'POST /api/v3/process': 2,
  'PUT /api/v3/process/{id}': 2,
  'PUT /api/v3/config': 1.5,
};

/** Never sent with valid credentials: it restarts the engine (503 while it does), which is not hostile input. */
const NO_VALID_AUTH = new Set(['GET /api/v3/config/reload']);

/** Bodies that are bytes, not JSON (file uploads, error frames, a stream URL as text). */
const RAW_BODY = new Set(['PUT /api/v3/fs/{storage}/{filepath}', 'POST /api/v3/process/{id}/playout/{inputid}/errorframe/{name}', 'PUT /api/v3/process/{id}/playout/{inputid}/stream']);

const OTHER_METHODS = ['GET', 'PUT', 'POST', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD'];
const JUNK_PATHS = ['/api/v3', '/api/v3/', '/api/v4/process', '/api/v3/process/', '/api/v3/nothing', '/api/%763/process', '/api/v3/%70rocess', '/api//v3/process', '/API/v3/process', '/api/v3/process/fz-0/', '/api/v3/fs/disk/', '/api/v3/process/fz-0/metadata/'];

const MB = 1024 * 1024;

export class RequestGenerator {
  private index = 0;
  private readonly weighted: Array<readonly [ContractOperation, number]>;

  constructor(
    private readonly prng: Prng,
    operations: ContractOperation[],
    private readonly context: FuzzContext,
  ) {
    this.weighted = operations.map((operation) => [operation, WEIGHTS[`${operation.method} ${operation.path}`] ?? 1] as const);
  }

  next(): FuzzRequest {
    const prng = this.prng;
    const index = this.index++;
    if (prng.chance(0.02)) return { index, method: prng.pick(OTHER_METHODS), path: prng.pick(JUNK_PATHS), headers: this.auth('junk'), label: 'junk path' };

    const operation = prng.weighted(this.weighted);
    const key = `${operation.method} ${operation.path}`;
    const labels: string[] = [];
    const method = prng.chance(0.05) ? prng.pick(OTHER_METHODS) : operation.method;
    if (method !== operation.method) labels.push(`method ${method}`);

    let path = operation.path.replace(/\{(\w+)\}/g, (_, name: string) => this.pathParam(name, labels));
    const query = this.query(operation.params.filter((param) => param.in === 'query'), labels);
    if (query) path += `?${query}`;

    const headers = this.auth(key, labels);
    const request: FuzzRequest = { index, operation, method, path, headers, label: '' };
    if (operation.body || RAW_BODY.has(key)) this.body(request, operation, key, labels);
    else if (prng.chance(0.05)) {
      request.body = prng.pick(INVALID_JSON);
      headers['content-type'] = prng.pick(['application/json', ...CONTENT_TYPES]);
      labels.push('unexpected body');
    }
    this.extraHeaders(request, labels);
    request.label = labels.join(', ') || 'plain';
    return request;
  }

  private pathParam(name: string, labels: string[]): string {
    const prng = this.prng;
    const roll = prng.next();
    if (roll < 0.25) {
      labels.push(`hostile {${name}}`);
      return name === 'filepath' ? `${hostileSegment(prng)}/${hostileSegment(prng)}` : hostileSegment(prng);
    }
    const valid = roll < 0.75;
    switch (name) {
      case 'id':
        return valid ? prng.pick(this.context.processIds) : `unknown-${prng.string(6)}`;
      case 'inputid':
        return valid ? this.context.inputId : encode(prng.pick(HOSTILE_STRINGS) || 'x');
      case 'storage':
        return valid ? prng.pick(['disk', 'mem']) : prng.pick(['memfs', 'diskfs', 's3', 'DISK', `x${prng.string(4)}`]);
      case 'filepath':
        return valid ? prng.pick(this.context.files).slice(1) : `fuzz/${prng.string(1 + prng.int(8))}.${prng.pick(['txt', 'm3u8', 'ts', 'bin'])}`;
      case 'key':
        return valid ? prng.pick(['k', 'restreamer-ui', 'fuzz']) : encode(prng.pick(HOSTILE_STRINGS) || 'k');
      default:
        return valid ? 'frame.png' : encode(prng.string(3 + prng.int(10)));
    }
  }

  private query(params: ContractParam[], labels: string[]): string {
    const prng = this.prng;
    const parts: string[] = [];
    const plausible: Record<string, string[]> = {
      filter: ['state', 'config,state,report,metadata', 'metadata'],
      glob: ['/fuzz/*', '/**', '**/*.m3u8'],
      sort: ['name', 'size', 'lastmod', 'none'],
      order: ['asc', 'desc'],
      format: ['console', 'raw'],
      collectors: ['hls', 'rtmp,srt', 'http'],
      id: ['fz-0', 'fz-0,fz-1'],
      idpattern: ['fz-*', '*'],
      refpattern: ['fuzz*'],
      reference: ['fuzz'],
    };
    for (const param of params) {
      if (!prng.chance(0.6)) continue;
      const roll = prng.next();
      const value =
        roll < 0.45 ? encode(prng.pick(plausible[param.name] ?? ['x'])) : roll < 0.85 ? encode(prng.pick(HOSTILE_STRINGS)) : roll < 0.95 ? prng.pick(['%zz', '%00', '%', '%ff', '%ed%a0%80']) : 'x'.repeat(8000);
      parts.push(`${param.name}=${value}`);
      if (prng.chance(0.15)) parts.push(`${param.name}=${encode(prng.pick(HOSTILE_STRINGS))}`);
      if (roll >= 0.45) labels.push(`query ${param.name}`);
    }
    if (prng.chance(0.1)) {
      parts.push(`${encode(prng.pick(HOSTILE_STRINGS)) || 'x'}[]=${encode(prng.pick(HOSTILE_STRINGS))}`);
      labels.push('extra query');
    }
    return parts.join('&');
  }

  private auth(key: string, labels: string[] = []): Record<string, string> {
    const prng = this.prng;
    const mode = NO_VALID_AUTH.has(key) ? prng.pick(['none', 'garbage'] as const) : prng.weighted([['valid', 78], ['none', 8], ['garbage', 14]] as const);
    if (mode === 'valid') return { authorization: `Bearer ${this.context.token}` };
    labels.push(`auth ${mode}`);
    if (mode === 'none') return {};
    const token = this.context.token;
    const [header, payload] = token.split('.');
    const none = `${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${payload}.`;
    const flipped = token.slice(0, -2) + (token.endsWith('AA') ? 'BB' : 'AA');
    const garbage = [
      'Bearer', 'Bearer ', 'Bearer a.b.c', `Bearer ${none}`, `Bearer ${flipped}`, `Bearer ${this.context.refreshToken}`, `Bearer ${header}.${payload}`,
      'Basic YWRtaW46eA==', `bearer  ${token}x`, `Bearer ${'x'.repeat(8000)}`, 'Token abc', `Bearer ${token} extra`, 'Bearer ÿÿÿ.ÿÿÿ.ÿÿÿ', `Bearer ${prng.string(40, 'ABCabc+/=-_.')}`,
    ];
    return { authorization: prng.pick(garbage) };
  }

  private body(request: FuzzRequest, operation: ContractOperation, key: string, labels: string[]): void {
    const prng = this.prng;
    if (RAW_BODY.has(key)) {
      const size = prng.chance(0.03) ? 3 * MB + prng.int(3 * MB) : prng.int(64 * 1024);
      request.body = Buffer.alloc(size, prng.int(256));
      const type = prng.pick(['application/data', 'application/octet-stream', 'text/plain', 'application/json', '']);
      if (type) request.headers['content-type'] = type;
      labels.push(`raw body ${size} B ${type || 'untyped'}`);
      return;
    }
    const base = this.baseBody(operation, key);
    const kind = prng.weighted([
      ['valid', 12], ['wrong-type', 24], ['drop-field', 10], ['extra-field', 5], ['several', 8], ['whole-wrong', 6], ['deep', 3], ['nearly-deep', 1],
      ['huge', 0.6], ['too-large', 0.1], ['invalid-json', 8], ['content-type', 8], ['empty', 4],
    ] as const);
    labels.push(`body ${kind}`);
    request.headers['content-type'] = 'application/json';
    switch (kind) {
      case 'valid':
        request.body = JSON.stringify(base);
        break;
      case 'wrong-type':
      case 'drop-field':
      case 'extra-field':
      case 'several':
        request.body = JSON.stringify(mutate(base, prng, kind as Mutation));
        break;
      case 'whole-wrong':
        request.body = JSON.stringify(wrongValue(base, prng));
        break;
      case 'deep':
      case 'nearly-deep': {
        const deep = deepJson(kind === 'deep' ? 10_000 : 90 + prng.int(20), prng);
        const field = base && typeof base === 'object' && !Array.isArray(base) ? prng.pick([...Object.keys(base), 'x']) : null;
        request.body = field === null || prng.chance(0.3) ? deep : JSON.stringify({ ...(base as object), [field]: 0 }).replace(`${JSON.stringify(field)}:0`, `${JSON.stringify(field)}:${deep}`);
        break;
      }
      case 'huge':
        request.body = hugeJson(3 * MB + prng.int(3 * MB), prng);
        break;
      case 'too-large':
        request.body = hugeJson(17 * MB, prng);
        request.mayReset = true;
        break;
      case 'invalid-json':
        request.body = prng.pick(INVALID_JSON);
        break;
      case 'content-type': {
        request.body = JSON.stringify(base);
        const type = prng.pick([...CONTENT_TYPES, '']);
        if (type) request.headers['content-type'] = type;
        else delete request.headers['content-type'];
        break;
      }
      case 'empty':
        if (prng.chance(0.5)) delete request.headers['content-type'];
        else request.body = '';
        break;
    }
  }

  /** A body Core accepts for the operation (templates for the bodies the engine acts on), else one from the schema. */
  private baseBody(operation: ContractOperation, key: string): unknown {
    const prng = this.prng;
    switch (key) {
      case 'POST /api/v3/process':
        return processConfig(`fzn-${prng.string(6)}`, prng.chance(0.2));
      case 'PUT /api/v3/process/{id}':
        return processConfig(prng.pick(this.context.processIds));
      case 'PUT /api/v3/process/{id}/command':
        return { command: prng.pick(['start', 'stop', 'restart', 'reload']) };
      case 'POST /api/v3/metrics':
        return { timerange_sec: 10, interval_sec: 2, metrics: [{ name: prng.pick(['cpu_idle', 'mem_total', 'ffmpeg_process', 'x']), labels: {} }] };
      case 'POST /api/login':
        return { username: 'admin', password: prng.string(8) };
      case 'POST /api/graph/query':
        return { query: '{ about { id } }', variables: {} };
      default:
        return schemaInstance(operation.body ?? {}, prng);
    }
  }

  private extraHeaders(request: FuzzRequest, labels: string[]): void {
    const prng = this.prng;
    if (prng.chance(0.05)) request.headers['accept-encoding'] = prng.pick(['gzip', 'br;q=1, gzip;q=0, identity;q=0', 'x, y, *;q=garbage']);
    if (request.body !== undefined && prng.chance(0.03)) {
      request.headers.expect = '100-continue';
      labels.push('expect 100-continue');
    }
    if (request.body !== undefined && prng.chance(0.02)) {
      request.headers['content-encoding'] = prng.pick(['gzip', 'deflate', 'br', 'x-unknown']);
      labels.push('bogus content-encoding');
    }
    if (prng.chance(0.005)) {
      request.headers['x-fuzz'] = 'h'.repeat(20_000);
      request.mayReset = true;
      labels.push('oversized header');
    }
    if (prng.chance(0.005)) {
      request.path += (request.path.includes('?') ? '&' : '?') + `pad=${'p'.repeat(20_000)}`;
      request.mayReset = true;
      labels.push('oversized url');
    }
  }
}
