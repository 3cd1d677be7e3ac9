// Filesystem API and mounts: list/sort/glob, 201/204/404/507, links, disk cache, router, CORS, gzip, traversal.
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, startEngine, type TestEngine } from '../helpers/engine.js';
import { contractViolations } from '../helpers/contract.js';

const basic = (user: string, pass: string) => ({ authorization: `Basic ${Buffer.from(`${user}:${pass}`).toString('base64')}` });

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** Sends a raw request path (fetch would normalise "/../"). */
function rawGet(port: number, rawPath: string, method = 'GET', headers: Record<string, string> = {}): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, path: rawPath, method, headers }, (res) => {
      let body = '';
      res.on('data', (chunk) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end(method === 'PUT' ? 'x' : undefined);
  });
}

describe('filesystems', () => {
  let engine: TestEngine;
  let outside: string;
  beforeAll(async () => {
    engine = await startEngine({
      config: {
        storage: { memory: { auth: { enable: true, username: 'admin', password: 'pw' }, max_size_mbytes: 1 }, cors: { origins: ['https://player.example'] } },
        router: { routes: { '/old.txt': '/new.txt', '/extra/*': 'extra-dir' } },
      },
    });
    const data = path.join(engine.dir, 'data');
    mkdirSync(path.join(data, 'sub'), { recursive: true });
    writeFileSync(path.join(data, 'index.html'), '<h1>home</h1>');
    writeFileSync(path.join(data, 'sub', 'a.txt'), 'aaa');
    writeFileSync(path.join(data, 'live.m3u8'), '#EXTM3U\n');
    mkdirSync(path.join(engine.dir, 'extra-dir'));
    writeFileSync(path.join(engine.dir, 'extra-dir', 'x.txt'), 'extra');
    outside = path.join(engine.dir, 'secret.txt');
    writeFileSync(outside, 'top secret');
    symlinkSync(outside, path.join(data, 'escape.txt'));
    symlinkSync(engine.dir, path.join(data, 'escape-dir'));
  });
  afterAll(() => engine.stop());

  it('lists the filesystems', async () => {
    const list = await call(engine.url, 'GET', '/api/v3/fs');
    expect(contractViolations('GET', '/api/v3/fs', 200, list.body)).toEqual([]);
    expect(list.body).toEqual(expect.arrayContaining([{ name: 'disk', type: 'disk', mount: '/' }, { name: 'mem', type: 'mem', mount: '/memfs' }]));
  });

  it('writes, lists, reads and deletes files by API on disk and memfs', async () => {
    for (const storage of ['disk', 'mem']) {
      const put = await call(engine.url, 'PUT', `/api/v3/fs/${storage}/api/one.txt`, { body: 'hello', headers: { 'content-type': 'application/data' } });
      expect(put.status, storage).toBe(201);
      expect((await call(engine.url, 'PUT', `/api/v3/fs/${storage}/api/one.txt`, { body: 'hello!', headers: { 'content-type': 'application/json' } })).status).toBe(204);
      await call(engine.url, 'PUT', `/api/v3/fs/${storage}/api/two.bin`, { body: 'xx' });
      const list = await call(engine.url, 'GET', `/api/v3/fs/${storage}?glob=/api/**&sort=size&order=desc`);
      expect(contractViolations('GET', '/api/v3/fs/{storage}', 200, list.body)).toEqual([]);
      expect(list.body.map((f: { name: string }) => f.name)).toEqual(['/api/one.txt', '/api/two.bin']);
      expect(list.body[0].size_bytes).toBe(6);
      expect(list.body[0].last_modified).toBeGreaterThan(1_700_000_000);
      const byName = await call(engine.url, 'GET', `/api/v3/fs/${storage}?glob=/api/*&sort=name&order=asc`);
      expect(byName.body.map((f: { name: string }) => f.name)).toEqual(['/api/one.txt', '/api/two.bin']);
      const get = await call(engine.url, 'GET', `/api/v3/fs/${storage}/api/one.txt`);
      expect(get.text).toBe('hello!');
      expect(get.headers.get('content-type')).toBe('application/data');
      expect((await call(engine.url, 'DELETE', `/api/v3/fs/${storage}/api/one.txt`)).status).toBe(200);
      const gone = await call(engine.url, 'DELETE', `/api/v3/fs/${storage}/api/one.txt`);
      expect(gone.status).toBe(404);
      expect(contractViolations('DELETE', '/api/v3/fs/{storage}/{filepath}', 404, gone.body)).toEqual([]);
    }
    expect((await call(engine.url, 'GET', '/api/v3/fs/nope')).status).toBe(404);
  });

  it('memfs over the API: 507 when full, and links (PATCH)', async () => {
    const full = await call(engine.url, 'PUT', '/api/v3/fs/mem/big.bin', { body: 'z'.repeat(1_200_000) });
    expect(full.status).toBe(507);
    expect(contractViolations('PUT', '/api/v3/fs/{storage}/{filepath}', 507, full.body)).toEqual([]);
    await call(engine.url, 'PUT', '/api/v3/fs/mem/target.txt', { body: 'T' });
    const link = await call(engine.url, 'PATCH', '/api/v3/fs/mem/alias.txt', { body: '/target.txt', headers: { 'content-type': 'text/plain' } });
    expect(link.status).toBe(201);
    expect((await call(engine.url, 'GET', '/memfs/alias.txt')).text).toBe('T');
    expect((await call(engine.url, 'PATCH', '/api/v3/fs/mem/bad.txt', { body: '/missing.txt' })).status).toBe(400);
    expect((await call(engine.url, 'PATCH', '/api/v3/fs/disk/x.txt', { body: '/sub/a.txt' })).status).toBe(400);
  });

  it('serves the disk read-only at / with mime types and an index', async () => {
    const home = await call(engine.url, 'GET', '/');
    expect(home.text).toBe('<h1>home</h1>');
    expect(home.headers.get('content-type')).toMatch(/^text\/html/);
    const file = await call(engine.url, 'GET', '/sub/a.txt');
    expect(file.text).toBe('aaa');
    expect((await call(engine.url, 'GET', '/live.m3u8')).headers.get('content-type')).toBe('application/x-mpegURL');
    const write = await call(engine.url, 'PUT', '/sub/a.txt', { body: 'no', headers: { 'content-type': 'text/plain' } });
    expect(write.status).toBeGreaterThanOrEqual(400);
    expect((await call(engine.url, 'GET', '/sub/a.txt')).text).toBe('aaa');
    expect((await call(engine.url, 'GET', '/nothing.here')).status).toBe(404);
    // /api stays the API's: unknown API paths are JSON 404s, not files
    const api = await call(engine.url, 'GET', '/api/v3/unknown');
    expect(api.body).toMatchObject({ code: 404, message: 'Not Found' });
  });

  it('caches small files for the TTL but never playlists', async () => {
    expect((await call(engine.url, 'GET', '/sub/a.txt')).text).toBe('aaa');
    writeFileSync(path.join(engine.dir, 'data', 'sub', 'a.txt'), 'changed');
    expect((await call(engine.url, 'GET', '/sub/a.txt')).text).toBe('aaa'); // cached for ttl_seconds (300)
    writeFileSync(path.join(engine.dir, 'data', 'live.m3u8'), '#EXTM3U\n#EXT-X-VERSION:3\n');
    expect((await call(engine.url, 'GET', '/live.m3u8')).text).toContain('EXT-X-VERSION');
  });

  it('router: redirects and extra directories', async () => {
    const redirect = await fetch(`${engine.url}/old.txt`, { redirect: 'manual' });
    expect(redirect.status).toBe(301);
    expect(redirect.headers.get('location')).toBe('/new.txt');
    expect((await call(engine.url, 'GET', '/extra/x.txt')).text).toBe('extra');
  });

  it('CORS for the configured origins, with preflight', async () => {
    const allowed = await call(engine.url, 'GET', '/sub/a.txt', { headers: { origin: 'https://player.example' } });
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://player.example');
    const other = await call(engine.url, 'GET', '/sub/a.txt', { headers: { origin: 'https://evil.example' } });
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
    const preflight = await fetch(`${engine.url}/memfs/x.ts`, { method: 'OPTIONS', headers: { origin: 'https://player.example', 'access-control-request-method': 'PUT' } });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-methods')).toContain('PUT');
  });

  it('gzips text answers for clients that ask', async () => {
    const response = await new Promise<{ encoding: string | undefined; body: Buffer }>((resolve, reject) => {
      httpRequest({ host: '127.0.0.1', port: engine.core.port, path: '/api/v3/config', headers: { 'accept-encoding': 'gzip' } }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ encoding: res.headers['content-encoding'], body: Buffer.concat(chunks) }));
      })
        .on('error', reject)
        .end();
    });
    expect(response.encoding).toBe('gzip');
    expect(JSON.parse(gunzipSync(response.body).toString()).config.version).toBe(3);
  });

  // At least 20 hostile paths against every mount and the fs API.
  const HOSTILE = [
    '/../secret.txt', '/%2e%2e/secret.txt', '/%2E%2E/secret.txt', '/..%2fsecret.txt', '/..%2Fsecret.txt', '/%2e%2e%2fsecret.txt',
    '/sub/../../secret.txt', '/sub/%2e%2e/%2e%2e/secret.txt', '/..%5csecret.txt', '/%252e%252e/secret.txt', '/....//secret.txt',
    '/escape.txt', '/escape-dir/secret.txt', '/%00secret.txt', '/sub%00/../../secret.txt', '/.%2e/secret.txt', '/%2e./secret.txt',
    '//../secret.txt', '/./../secret.txt', '/sub/./../../secret.txt', '/%c0%ae%c0%ae/secret.txt', '/..;/secret.txt',
  ];

  it(`refuses ${HOSTILE.length} traversal attempts on /, /memfs and the fs API`, async () => {
    expect(HOSTILE.length).toBeGreaterThanOrEqual(20);
    for (const hostile of HOSTILE) {
      for (const [method, prefix, headers] of [
        ['GET', '', {}],
        ['GET', '/memfs', {}],
        ['PUT', '/memfs', basic('admin', 'pw')],
        ['GET', '/api/v3/fs/disk', {}],
        ['PUT', '/api/v3/fs/disk', {}],
        ['GET', '/api/v3/fs/mem', {}],
      ] as const) {
        const response = await rawGet(engine.core.port, prefix + hostile, method, headers);
        expect(response.body, `${method} ${prefix}${hostile}`).not.toContain('top secret');
        // Names that only look odd ("....", "..;", a literal "%2e%2e") stay inside the root and may be written;
        // anything that decodes to a ".." segment must be refused.
        const parentSegment = /(^|[/\\])\.\.([/\\]|$)/.test(safeDecode(hostile));
        if (method === 'PUT' && parentSegment) expect([400, 404], `${method} ${prefix}${hostile} -> ${response.status}`).toContain(response.status);
        // Nothing of that name exists on disk; memfs may hold the odd names written just before.
        if (method === 'GET' && !prefix.includes('mem')) expect(response.status, `${method} ${prefix}${hostile}`).toBeGreaterThanOrEqual(400);
      }
    }
  });
});
