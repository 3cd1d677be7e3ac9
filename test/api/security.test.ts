// API security: read-only mode, per-listener CIDR access lists, secrets kept out of logs, brute-force slowdown.
import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, startEngine, type TestEngine } from '../helpers/engine.js';
import { StartupError } from '../../main/core/app.js';
import { startupFailure } from '../helpers/engine.js';

/** GET from a chosen loopback source address (127.0.0.2 stands in for a LAN client). */
function getFrom(localAddress: string, port: number, url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    httpRequest({ host: '127.0.0.1', port, path: url, localAddress }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    })
      .on('error', reject)
      .end();
  });
}

describe('api.read_only', () => {
  let engine: TestEngine;
  beforeAll(async () => {
    engine = await startEngine({ config: { api: { read_only: true } } });
  });
  afterAll(() => engine.stop());

  it('keeps reads and refuses every write route with 405', async () => {
    expect((await call(engine.url, 'GET', '/api/v3/config')).status).toBe(200);
    expect((await call(engine.url, 'GET', '/api/v3/process')).status).toBe(200);
    for (const [method, url, body] of [
      ['PUT', '/api/v3/config', { version: 3 }],
      ['POST', '/api/v3/process', { input: [], output: [] }],
      ['DELETE', '/api/v3/process/x', undefined],
      ['PUT', '/api/v3/metadata/x', { a: 1 }],
      ['PUT', '/api/v3/fs/disk/x.txt', 'x'],
    ] as const) {
      const response = await call(engine.url, method, url, body === undefined ? {} : { body });
      expect(response.status, `${method} ${url}`).toBe(405);
      expect(response.body).toMatchObject({ code: 405 });
    }
  });
});

describe('api.access lists', () => {
  it('allow: only listed addresses reach the API; other paths stay open', async () => {
    const engine = await startEngine({ config: { api: { access: { http: { allow: ['127.0.0.2/32'], block: [] } } } } });
    try {
      expect(await getFrom('127.0.0.1', engine.core.port, '/api/v3/config')).toBe(403);
      expect(await getFrom('127.0.0.2', engine.core.port, '/api/v3/config')).toBe(200);
      expect(await getFrom('127.0.0.1', engine.core.port, '/ping')).toBe(200);
    } finally {
      await engine.stop();
    }
  });

  it('block: listed addresses are refused', async () => {
    const engine = await startEngine({ config: { api: { access: { http: { allow: [], block: ['127.0.0.2/32'] } } } } });
    try {
      expect(await getFrom('127.0.0.2', engine.core.port, '/api')).toBe(403);
      expect(await getFrom('127.0.0.1', engine.core.port, '/api')).toBe(200);
    } finally {
      await engine.stop();
    }
  });

  it('an invalid CIDR refuses startup, naming the key', async () => {
    const failure = await startupFailure({ env: { CORE_API_ACCESS_HTTP_BLOCK: '10.0.0.0/33' } });
    expect(failure).toBeInstanceOf(StartupError);
    expect(failure!.message).toContain('api.access.http.block');
  });
});

describe('secrets and brute force', () => {
  let engine: TestEngine;
  beforeAll(async () => {
    engine = await startEngine({
      config: {
        api: { auth: { enable: true, username: 'admin', password: 'right-password', disable_localhost: false } },
        storage: { memory: { auth: { enable: true, username: 'admin', password: 'mem-right' } } },
      },
      loginDelayMs: 100,
    });
  });
  afterAll(() => engine.stop());

  it('never writes passwords or tokens into the log', async () => {
    await call(engine.url, 'POST', '/api/login', { body: { username: 'admin', password: 'Wrong-Secret-4711' } });
    const login = await call(engine.url, 'POST', '/api/login', { body: { username: 'admin', password: 'right-password' } });
    await call(engine.url, 'PUT', '/memfs/x.txt', { body: 'x', headers: { authorization: `Basic ${Buffer.from('admin:Mem-Guess-0815').toString('base64')}` } });
    const token = login.body.access_token as string;
    for (const format of ['console', 'raw']) {
      const log = (await call(engine.url, 'GET', `/api/v3/log?format=${format}`, { token })).body.join('\n');
      for (const secret of ['Wrong-Secret-4711', 'right-password', 'Mem-Guess-0815', 'mem-right', token]) expect(log).not.toContain(secret);
      expect(log).toContain('login failed');
    }
  });

  it('slows down repeated wrong memfs passwords', async () => {
    const wrong = { authorization: `Basic ${Buffer.from('admin:nope').toString('base64')}` };
    const started = Date.now();
    for (let i = 0; i < 3; i++) expect((await call(engine.url, 'PUT', '/memfs/y.txt', { body: 'y', headers: wrong })).status).toBe(401);
    // 100 + 200 + 400 ms (the failure counter is shared with the login throttle of this address)
    expect(Date.now() - started).toBeGreaterThanOrEqual(700);
  });
});
