// Contract completeness (issue 10): every operation of ../shared/contract/swagger.json is served — a status the
// contract lists for it, with a body that matches the contract — never the generic "no route" 404 or a 405.
// The playout calls need datarhei's commercial playout demuxer; without it no input has a playout port and Core
// answers 404 "Unknown process or input", which is what they must answer here too.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, startEngine, type TestEngine } from '../helpers/engine.js';
import { contractViolations } from '../helpers/contract.js';
import { repoRoot } from '../helpers/paths.js';
import { waitFor } from '../helpers/waitFor.js';
import { contractOperations } from './fuzz/contractOps.js';
import { processConfig } from './fuzz/requests.js';

const USER = { username: 'admin', password: 'complete' };
const PLAYOUT_PREFIX = '/api/v3/process/{id}/playout/{inputid}/';

interface Probe {
  url: string;
  body?: unknown;
  headers?: Record<string, string>;
  /** Which token: the access token (default), the refresh token, or none. */
  token?: 'access' | 'refresh' | 'none';
}

/** One legitimate request per operation, against process "p" (input "in"), memfs file /c.txt and metadata key "k". */
const PROBES: Record<string, Probe> = {
  'GET /api': { url: '/api' },
  'GET /api/graph': { url: '/api/graph' },
  'POST /api/graph/query': { url: '/api/graph/query', body: { query: '{ about { id } }' } },
  'POST /api/login': { url: '/api/login', body: USER, token: 'none' },
  'GET /api/login/refresh': { url: '/api/login/refresh', token: 'refresh' },
  'GET /api/swagger': { url: '/api/swagger' },
  'GET /api/v3/config': { url: '/api/v3/config' },
  'PUT /api/v3/config': { url: '/api/v3/config', body: { version: 3, name: 'complete' } },
  'GET /api/v3/config/reload': { url: '/api/v3/config/reload' },
  'GET /api/v3/fs': { url: '/api/v3/fs' },
  'GET /api/v3/fs/{storage}': { url: '/api/v3/fs/mem?glob=/**&sort=name&order=asc' },
  'GET /api/v3/fs/{storage}/{filepath}': { url: '/api/v3/fs/mem/c.txt' },
  'PUT /api/v3/fs/{storage}/{filepath}': { url: '/api/v3/fs/mem/c.txt', body: 'complete', headers: { 'content-type': 'application/data' } },
  'DELETE /api/v3/fs/{storage}/{filepath}': { url: '/api/v3/fs/mem/c.txt' },
  'GET /api/v3/log': { url: '/api/v3/log?format=raw' },
  'GET /api/v3/metadata/{key}': { url: '/api/v3/metadata/k' },
  'PUT /api/v3/metadata/{key}': { url: '/api/v3/metadata/k', body: { any: 'json' } },
  'GET /api/v3/metrics': { url: '/api/v3/metrics' },
  'POST /api/v3/metrics': { url: '/api/v3/metrics', body: { timerange_sec: 10, interval_sec: 2, metrics: [{ name: 'cpu_idle' }] } },
  'GET /api/v3/process': { url: '/api/v3/process?filter=config,state' },
  'POST /api/v3/process': { url: '/api/v3/process', body: processConfig('q') },
  'GET /api/v3/process/{id}': { url: '/api/v3/process/p' },
  'PUT /api/v3/process/{id}': { url: '/api/v3/process/q', body: processConfig('q') },
  'DELETE /api/v3/process/{id}': { url: '/api/v3/process/q' },
  'PUT /api/v3/process/{id}/command': { url: '/api/v3/process/p/command', body: { command: 'stop' } },
  'GET /api/v3/process/{id}/config': { url: '/api/v3/process/p/config' },
  'GET /api/v3/process/{id}/metadata/{key}': { url: '/api/v3/process/p/metadata/k' },
  'PUT /api/v3/process/{id}/metadata/{key}': { url: '/api/v3/process/p/metadata/k', body: { any: 'json' } },
  'GET /api/v3/process/{id}/playout/{inputid}/errorframe/encode': { url: '/api/v3/process/p/playout/in/errorframe/encode' },
  'POST /api/v3/process/{id}/playout/{inputid}/errorframe/{name}': { url: '/api/v3/process/p/playout/in/errorframe/error.png', body: 'PNG', headers: { 'content-type': 'application/octet-stream' } },
  'GET /api/v3/process/{id}/playout/{inputid}/keyframe/{name}': { url: '/api/v3/process/p/playout/in/keyframe/last.jpg' },
  'GET /api/v3/process/{id}/playout/{inputid}/reopen': { url: '/api/v3/process/p/playout/in/reopen' },
  'GET /api/v3/process/{id}/playout/{inputid}/status': { url: '/api/v3/process/p/playout/in/status' },
  'PUT /api/v3/process/{id}/playout/{inputid}/stream': { url: '/api/v3/process/p/playout/in/stream', body: 'rtmp://127.0.0.1/live/x', headers: { 'content-type': 'text/plain' } },
  'GET /api/v3/process/{id}/probe': { url: '/api/v3/process/p/probe' },
  'GET /api/v3/process/{id}/report': { url: '/api/v3/process/p/report' },
  'GET /api/v3/process/{id}/state': { url: '/api/v3/process/p/state' },
  'GET /api/v3/rtmp': { url: '/api/v3/rtmp' },
  'GET /api/v3/session': { url: '/api/v3/session?collectors=hls,rtmp' },
  'GET /api/v3/session/active': { url: '/api/v3/session/active' },
  'GET /api/v3/skills': { url: '/api/v3/skills' },
  'GET /api/v3/skills/reload': { url: '/api/v3/skills/reload' },
  'GET /api/v3/srt': { url: '/api/v3/srt' },
  'GET /api/v3/widget/process/{id}': { url: '/api/v3/widget/process/p' },
  'GET /metrics': { url: '/metrics' },
  'GET /ping': { url: '/ping' },
  'GET /profiling': { url: '/profiling' },
};

/**
 * Known, deliberate body differences (status and route are still checked). GET /profiling: Core serves Go's pprof
 * HTML index (a string); this engine has no pprof and lists its two profiles (heap, CPU) as JSON instead.
 */
const BODY_DIFFERS = new Set(['GET /profiling']);

/** Creations first, removals after, the reload (which restarts the engine) last. */
const order = (key: string) => (key.includes('reload') && key.includes('config') ? 3 : key.startsWith('DELETE') ? 2 : key.startsWith('PUT') || key.startsWith('POST') ? 0 : 1);

describe('contract completeness', () => {
  let engine: TestEngine;
  const tokens = { access: '', refresh: '' };

  beforeAll(async () => {
    engine = await startEngine({
      config: {
        api: { auth: { enable: true, username: USER.username, password: USER.password, jwt: { secret: 'complete-jwt-secret-0123456789ab' } } },
        ffmpeg: { binary: path.join(repoRoot, 'test/helpers/fake-ffmpeg.mjs') },
        rtmp: { enable: true, address: '127.0.0.1:0' },
        srt: { enable: true, address: '127.0.0.1:0' },
        metrics: { enable: true, enable_prometheus: true, range_sec: 30, interval_sec: 2 },
        debug: { profiling: true },
      },
    });
    const login = await call(engine.url, 'POST', '/api/login', { body: USER });
    tokens.access = login.body.access_token;
    tokens.refresh = login.body.refresh_token;
    const token = tokens.access;
    expect((await call(engine.url, 'POST', '/api/v3/process', { token, body: processConfig('p') })).status).toBe(200);
    expect((await call(engine.url, 'PUT', '/api/v3/process/p/metadata/k', { token, body: 1 })).status).toBe(200);
    expect((await call(engine.url, 'PUT', '/api/v3/metadata/k', { token, body: 1 })).status).toBe(200);
  });
  afterAll(() => engine?.stop());

  it('answers the playout calls as Core does when no input has a playout port', async () => {
    const token = tokens.access;
    const paths = ['status', 'reopen', 'keyframe/last.jpg', 'errorframe/encode'].map((tail) => ['GET', tail] as const);
    const writes = [['POST', 'errorframe/error.png'], ['PUT', 'errorframe/error.png'], ['PUT', 'stream']] as const;
    for (const [method, tail] of [...paths, ...writes]) {
      for (const [id, input, detail] of [
        ['p', 'in', "no playout for input ID 'in' and process 'p'"],
        ['p', 'other', "no playout for input ID 'other' and process 'p'"],
        ['nope', 'in', 'unknown process'],
      ] as const) {
        const body = method === 'GET' ? undefined : 'rtmp://127.0.0.1/live/x';
        const response = await call(engine.url, method, `/api/v3/process/${id}/playout/${input}/${tail}`, { token, body, headers: { 'content-type': 'text/plain' } });
        expect(response.status, `${method} ${tail} ${id}/${input}`).toBe(404);
        expect(response.body, `${method} ${tail} ${id}/${input}`).toEqual({ code: 404, message: 'Unknown process or input', details: [detail] });
      }
    }
    // Like every /api/v3 call they need a login first.
    expect((await call(engine.url, 'GET', '/api/v3/process/p/playout/in/status')).status).toBe(401);
  });

  it('serves every operation of the contract with a status and body the contract documents', async () => {
    const operations = contractOperations().sort((a, b) => order(`${a.method} ${a.path}`) - order(`${b.method} ${b.path}`));
    const problems: string[] = [];
    for (const operation of operations) {
      const key = `${operation.method} ${operation.path}`;
      const probe = PROBES[key];
      if (!probe) {
        problems.push(`${key}: no probe in this test (a new operation in the contract?)`);
        continue;
      }
      const token = probe.token === 'none' ? undefined : tokens[probe.token ?? 'access'];
      const response = await call(engine.url, operation.method, probe.url, { token, body: probe.body, headers: probe.headers });
      const routeMissing = response.status === 405 || (response.status === 404 && String(response.body?.details?.[0] ?? '').startsWith('no route'));
      if (routeMissing) problems.push(`${key}: not served (${response.status} ${response.text.slice(0, 120)})`);
      else if (!operation.responses[String(response.status)]) problems.push(`${key}: ${response.status} is not a status the contract lists (${Object.keys(operation.responses)})`);
      else if (operation.responses[String(response.status)]!.schema?.type !== 'file' && !BODY_DIFFERS.has(key)) {
        // Swagger 2's {type: "file"} (a download) is no JSON schema: any bytes conform.
        const violations = contractViolations(operation.method, operation.path, response.status, response.body);
        if (violations.length > 0) problems.push(`${key}: ${response.status} body breaks the contract: ${violations.slice(0, 3).join('; ')}`);
      }
      if (operation.path.startsWith(PLAYOUT_PREFIX)) expect(response.status, key).toBe(404);
    }
    expect(problems).toEqual([]);
    // The reload went last; the engine comes back with the same API.
    await waitFor(async () => (await call(engine.url, 'GET', '/api', { token: tokens.access })).body.id, 10_000, 'engine back after reload');
  });
});
