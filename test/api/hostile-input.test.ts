// Regression tests for what the API fuzzer (test/reliability/fuzz.test.ts) and the hostile-path tests found:
// each case once answered 5xx, a non-Core error body, or let a request past a check.
import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { createReadStream } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, makeTempDir, startEngine, type TestEngine } from '../helpers/engine.js';
import { RawClient } from '../reliability/fuzz/client.js';
import { isErrorBody } from '../reliability/fuzz/check.js';
import { openedBody, sizedStream } from '../../main/core/http/fileBody.js';
import { jsonNestsDeeperThan, MAX_JSON_DEPTH } from '../../main/core/http/jsonBody.js';

const USER = { username: 'admin', password: 'hostile-input' };

/** Sends bytes on a fresh connection and returns what came back before the server closed it (or 1 s passed). */
function rawExchange(port: number, bytes: string): Promise<string> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1', () => socket.write(bytes));
    let answer = '';
    socket.on('data', (chunk) => (answer += chunk.toString()));
    socket.on('close', () => resolve(answer));
    socket.on('error', () => resolve(answer));
    setTimeout(() => socket.destroy(), 1000);
  });
}

const bodyOf = (answer: string) => JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4));

describe('hostile input regressions', () => {
  let engine: TestEngine;
  let client: RawClient;
  let token = '';
  const auth = () => ({ authorization: `Bearer ${token}` });

  beforeAll(async () => {
    engine = await startEngine({
      config: {
        api: { auth: { enable: true, username: USER.username, password: USER.password, jwt: { secret: 'hostile-input-secret-0123456789a' } } },
      },
    });
    token = (await call(engine.url, 'POST', '/api/login', { body: USER })).body.access_token;
    client = new RawClient(engine.core.port, { sockets: 2, timeoutMs: 10_000 });
  });
  afterAll(async () => {
    client?.close();
    await engine?.stop();
  });

  it('needs a login for API paths written with percent-encoding (the router decodes them)', async () => {
    for (const url of ['/api/%763/process', '/api/v3/%70rocess', '/%61pi/v3/process', '/api/%76%33/config', '/api/graph', '/api/%67raph']) {
      const response = await client.send({ method: 'GET', path: url, headers: {} });
      expect(response.status, url).toBeGreaterThanOrEqual(400);
      expect(response.status, url).not.toBe(200);
      expect(isErrorBody(JSON.parse(response.body.toString()), response.status), url).toBe(true);
    }
    expect((await client.send({ method: 'GET', path: '/api/%763/process', headers: {} })).status).toBe(401);
    expect((await client.send({ method: 'GET', path: '/api/%763/process', headers: auth() })).status).toBe(200);
  });

  it(`refuses JSON nested deeper than ${MAX_JSON_DEPTH} levels with 400 and keeps saving afterwards`, async () => {
    for (const [url, body] of [
      ['/api/v3/metadata/deep', '['.repeat(10_000) + ']'.repeat(10_000)],
      ['/api/v3/metadata/deep', '{"a":'.repeat(5_000) + '1' + '}'.repeat(5_000)],
      ['/api/v3/process', `{"id":"deep","input":${'['.repeat(10_000)}${']'.repeat(10_000)}}`],
      ['/api/v3/config', `{"version":3,"name":${'['.repeat(200)}${']'.repeat(200)}}`],
    ] as const) {
      const response = await call(engine.url, url.endsWith('process') ? 'POST' : 'PUT', url, { token, body });
      expect(response.status, url).toBe(400);
      expect(response.body).toMatchObject({ code: 400, message: 'Invalid JSON' });
    }
    // Brackets inside strings do not count; nesting up to the limit is fine and is stored.
    const nested = '['.repeat(MAX_JSON_DEPTH) + '"[[[[{{{{"' + ']'.repeat(MAX_JSON_DEPTH);
    expect((await call(engine.url, 'PUT', '/api/v3/metadata/nested', { token, body: nested })).status).toBe(200);
    expect((await call(engine.url, 'PUT', '/api/v3/metadata/after', { token, body: { saved: true } })).status).toBe(200);
    expect((await call(engine.url, 'GET', '/api/v3/metadata/after', { token })).body).toEqual({ saved: true });
    expect(jsonNestsDeeperThan('{"a":"\\"[[["}', 1)).toBe(false);
    expect(jsonNestsDeeperThan('[[1]]', 1)).toBe(true);
  });

  it("answers requests Node's HTTP parser refuses with Core's error body", async () => {
    const oversized = await rawExchange(engine.core.port, `GET /api/v3/process HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`);
    expect(oversized).toMatch(/^HTTP\/1\.1 431 /);
    expect(bodyOf(oversized)).toMatchObject({ code: 431, message: 'Request Header Fields Too Large' });
    const framing = await rawExchange(engine.core.port, 'GET /api/v3/process HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n');
    expect(framing).toMatch(/^HTTP\/1\.1 400 /);
    expect(isErrorBody(bodyOf(framing), 400)).toBe(true);
  });

  it('answers broken percent-encoding in the path with 400 and the error body', async () => {
    for (const url of ['/api/v3/process/%zz', '/api/v3/process/%', '/api/v3/metadata/%e0%a4']) {
      const response = await client.send({ method: 'GET', path: url, headers: auth() });
      expect(response.status, url).toBe(400);
      expect(isErrorBody(JSON.parse(response.body.toString()), 400), url).toBe(true);
    }
  });

  it('routes long path parameters (process IDs over 100 characters) like any other', async () => {
    const id = 'p'.repeat(300);
    const missing = await call(engine.url, 'GET', `/api/v3/process/${id}`, { token });
    expect(missing.status).toBe(404);
    expect(missing.body.message).toBe('Unknown process ID');
    const input = [{ id: 'in', address: 'testsrc', options: ['-f', 'lavfi'] }];
    const created = await call(engine.url, 'POST', '/api/v3/process', { token, body: { id, input, output: [{ id: 'out', address: '-', options: ['-f', 'null'] }], autostart: false } });
    expect(created.status).toBe(200);
    expect((await call(engine.url, 'GET', `/api/v3/process/${id}/config`, { token })).body.id).toBe(id);
    expect((await call(engine.url, 'DELETE', `/api/v3/process/${id}`, { token })).status).toBe(200);
  });

  it('answers disk writes the filesystem refuses with 400 (as Core), not 500', async () => {
    const put = (file: string) => call(engine.url, 'PUT', `/api/v3/fs/disk/${file}`, { token, body: 'x', headers: { 'content-type': 'application/data' } });
    expect((await put('dir/file')).status).toBe(201);
    for (const file of ['n'.repeat(300), 'dir/file/below', 'dir']) {
      const response = await put(file);
      expect(response.status, file.slice(0, 20)).toBe(400);
      expect(response.body.message).toBe('Bad request');
      // The detail names the error and the API path, never the directory on the server.
      expect(response.body.details[0]).not.toContain(engine.dir);
    }
  });

  it('writes files whose names hold CR/LF without breaking the Content-Location header', async () => {
    for (const storage of ['disk', 'mem']) {
      const response = await client.send({ method: 'PUT', path: `/api/v3/fs/${storage}/crlf%0D%0Aset-cookie:%20x.txt`, headers: { ...auth(), 'content-type': 'application/data' }, body: 'x' });
      expect(response.status, storage).toBe(201);
      expect(response.headers['content-location'], storage).toBe(`/api/v3/fs/${storage}/crlf%0D%0Aset-cookie%3A%20x.txt`);
      expect(response.headers['set-cookie']).toBeUndefined();
    }
  });

  it('answers a GraphQL query that is not JSON with a 400, not a failed serialisation', async () => {
    const broken = await call(engine.url, 'POST', '/api/graph/query', { token, body: '{"query": ' });
    expect(broken.status).toBe(400);
    expect(broken.body).toMatchObject({ code: 400, message: 'Invalid JSON' });
    const query = await call(engine.url, 'POST', '/api/graph/query', { token, body: { query: '{ about { id } }' } });
    expect(query.status).toBe(400);
    expect(query.body.data).toBeNull();
    expect(query.body.errors[0].message).toContain('/api/v3');
  });

  it('serves no disk file under a blocked prefix however the path is written', async () => {
    mkdirSync(path.join(engine.dir, 'data', 'api'), { recursive: true });
    writeFileSync(path.join(engine.dir, 'data', 'api', 'hidden.txt'), 'hidden');
    for (const url of ['/api/hidden.txt', '/%61pi/hidden.txt', '//api/hidden.txt', '/./api/hidden.txt']) {
      const response = await client.send({ method: 'GET', path: url, headers: {} });
      expect(response.status, url).toBe(404);
      expect(response.body.toString()).not.toContain('hidden"');
    }
  });
});

describe('api.access with percent-encoded paths', () => {
  let engine: TestEngine;
  beforeAll(async () => {
    engine = await startEngine({ config: { api: { access: { http: { allow: [], block: ['127.0.0.0/8'] } } } } });
  });
  afterAll(() => engine?.stop());

  it('blocks /api however the path is written', async () => {
    const client = new RawClient(engine.core.port, { sockets: 1, timeoutMs: 10_000 });
    try {
      for (const url of ['/api/v3/process', '/api/%763/process', '/%61pi/v3/process', '/api']) {
        expect((await client.send({ method: 'GET', path: url, headers: {} })).status, url).toBe(403);
      }
      expect((await client.send({ method: 'GET', path: '/ping', headers: {} })).status).toBe(200);
    } finally {
      client.close();
    }
  });
});

describe('file bodies while the file changes', () => {
  it('sends exactly the measured bytes of an open file, even when it grows meanwhile', async () => {
    const file = path.join(makeTempDir('file-body-'), 'growing.ts');
    writeFileSync(file, 'a'.repeat(1000));
    const handle = await open(file, 'r');
    const { size, stream } = await sizedStream(handle);
    appendFileSync(file, 'b'.repeat(5000));
    const chunks: Buffer[] = [];
    for await (const chunk of stream as NodeJS.ReadableStream) chunks.push(Buffer.from(chunk));
    expect(size).toBe(1000);
    expect(Buffer.concat(chunks).toString()).toBe('a'.repeat(1000));
  });

  it('turns a file deleted before it was opened into "not found" instead of a broken answer', async () => {
    const missing = createReadStream(path.join(makeTempDir('file-body-'), 'gone.ts'));
    expect(await openedBody(missing)).toBeNull();
    expect(await openedBody(Buffer.from('x'))).toEqual(Buffer.from('x'));
  });
});
