// debug.profiling: heap snapshot and CPU profile downloads (behind the API login); absent when off.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, startEngine, type TestEngine } from '../helpers/engine.js';

describe('/profiling', () => {
  let engine: TestEngine;
  beforeAll(async () => {
    engine = await startEngine({ config: { debug: { profiling: true, force_gc: 1, memory_limit_mbytes: 4096 }, api: { auth: { enable: true, username: 'a', password: 'b' } } } });
  });
  afterAll(() => engine.stop());

  it('needs a token, then serves a CPU profile and a heap snapshot', async () => {
    expect((await call(engine.url, 'GET', '/profiling')).status).toBe(401);
    const token = (await call(engine.url, 'POST', '/api/login', { body: { username: 'a', password: 'b' } })).body.access_token;
    const index = await call(engine.url, 'GET', '/profiling', { token });
    expect(index.body.cpu).toContain('/profiling/cpu');
    const cpu = await call(engine.url, 'GET', '/profiling/cpu?seconds=1', { token });
    expect(cpu.status).toBe(200);
    expect(Array.isArray(cpu.body.nodes)).toBe(true);
    expect(cpu.body.endTime).toBeGreaterThan(cpu.body.startTime);
    const heap = await fetch(`${engine.url}/profiling/heap`, { headers: { authorization: `Bearer ${token}` } });
    expect(heap.headers.get('content-disposition')).toContain('heapsnapshot');
    const text = await heap.text();
    expect(JSON.parse(text).snapshot.meta).toBeDefined();
  });
});

describe('/profiling off', () => {
  let engine: TestEngine;
  beforeAll(async () => {
    engine = await startEngine();
  });
  afterAll(() => engine.stop());

  it('is not mounted', async () => {
    expect((await call(engine.url, 'GET', '/profiling')).status).toBe(404);
  });
});
