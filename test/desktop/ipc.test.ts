// The core:request IPC channel answers through the engine's real HTTP routes and rejects malformed input.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answerCoreRequest, parseCoreRequest, registerCoreIpc } from '../../main/desktop/ipc.js';
import { startEngine, type TestEngine } from '../helpers/engine.js';

describe('core:request IPC', () => {
  let engine: TestEngine;
  beforeAll(async () => {
    engine = await startEngine({ config: { name: 'ipc-core', api: { auth: { enable: true, username: 'admin', password: 'pw', disable_localhost: true } } } });
  });
  afterAll(() => engine.stop());

  it('answers API requests through the same routes, as the local app', async () => {
    const about = await answerCoreRequest(engine.core, { method: 'GET', url: '/api' });
    expect(about.status).toBe(200);
    expect(JSON.parse(about.body)).toMatchObject({ app: 'datarhei-core', name: 'ipc-core' });
    const put = await answerCoreRequest(engine.core, {
      method: 'PUT',
      url: '/api/v3/config',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ version: 3, name: 'renamed' }),
    });
    expect(put.status).toBe(200);
    expect(put.headers['content-type']).toContain('application/json');
  });

  it('moves binary files both ways as base64 (uploads and downloads stay byte-exact)', async () => {
    const bytes = Buffer.from(Array.from({ length: 70_000 }, (_, index) => (index * 7 + 3) % 256));
    const put = await answerCoreRequest(engine.core, {
      method: 'PUT',
      url: '/api/v3/fs/mem/bin/data.bin',
      headers: { 'Content-Type': 'application/data' },
      body: bytes.toString('base64'),
      bodyEncoding: 'base64',
    });
    expect(put.status).toBe(201);
    const get = await answerCoreRequest(engine.core, { method: 'GET', url: '/api/v3/fs/mem/bin/data.bin', responseEncoding: 'base64' });
    expect(get).toMatchObject({ status: 200, bodyEncoding: 'base64' });
    expect(Buffer.from(get.body, 'base64').equals(bytes)).toBe(true);
    const memfs = await fetch(`${engine.url}/memfs/bin/data.bin`);
    expect(Buffer.from(await memfs.arrayBuffer()).equals(bytes)).toBe(true);
  });

  it('registers one handler on the core:request channel', async () => {
    const handlers = new Map<string, (event: unknown, ...args: unknown[]) => Promise<unknown>>();
    registerCoreIpc({ handle: (channel, listener) => handlers.set(channel, listener) }, engine.core);
    expect([...handlers.keys()]).toEqual(['core:request']);
    const response = (await handlers.get('core:request')!({}, { method: 'GET', url: '/ping' })) as { body: string };
    expect(response.body).toBe('pong');
  });

  it('rejects malformed requests before they reach the engine', () => {
    const bad: unknown[] = [
      null,
      'GET /api',
      { method: 'TRACE', url: '/api' },
      { method: 'GET', url: 'http://elsewhere.example/api' },
      { method: 'GET', url: '//elsewhere.example/api' },
      { method: 'GET', url: '/api', headers: 'x' },
      { method: 'POST', url: '/api/login', body: { username: 'a' } },
      { method: 'PUT', url: '/api/v3/fs/mem/x', body: 'not base64!', bodyEncoding: 'base64' },
      { method: 'PUT', url: '/api/v3/fs/mem/x', body: 'AAAA', bodyEncoding: 'hex' },
      { method: 'GET', url: '/api', responseEncoding: 'utf16' },
    ];
    for (const input of bad) expect(() => parseCoreRequest(input), JSON.stringify(input)).toThrow(/core:request/);
    expect(parseCoreRequest({ method: 'GET', url: '/api', headers: { Accept: 'x', Bad: 5 } }).headers).toEqual({ accept: 'x' });
  });
});
