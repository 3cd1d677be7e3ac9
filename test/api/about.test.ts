// GET /ping, GET /api (full and minimal), unknown routes, swagger UI.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, startEngine, type TestEngine } from '../helpers/engine.js';
import { contractViolations } from '../helpers/contract.js';

describe('about and ping, auth off', () => {
  let engine: TestEngine;
  beforeAll(async () => {
    engine = await startEngine({ config: { id: 'test-id', name: 'test-core' } });
  });
  afterAll(() => engine.stop());

  it('GET /ping answers pong as text', async () => {
    const response = await call(engine.url, 'GET', '/ping');
    expect(response.status).toBe(200);
    expect(response.text).toBe('pong');
    expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
  });

  it('GET /api returns the full about with auths []', async () => {
    const response = await call(engine.url, 'GET', '/api');
    expect(response.status).toBe(200);
    expect(contractViolations('GET', '/api', 200, response.body)).toEqual([]);
    expect(response.body).toMatchObject({ app: 'datarhei-core', auths: [], id: 'test-id', name: 'test-core' });
    expect(response.body.version.number).toBe('16.16.0');
    expect(Object.keys(response.body.version).sort()).toEqual(
      ['arch', 'build_date', 'compiler', 'number', 'repository_branch', 'repository_commit'].sort(),
    );
    expect(Number.isNaN(Date.parse(response.body.created_at))).toBe(false);
    expect(response.body.uptime_seconds).toBeGreaterThanOrEqual(0);
  });

  it('unknown routes answer 404 with the error body', async () => {
    const response = await call(engine.url, 'GET', '/api/v3/does-not-exist');
    expect(response.status).toBe(404);
    expect(response.body).toMatchObject({ code: 404, message: 'Not Found' });
    expect(Array.isArray(response.body.details)).toBe(true);
  });

  it('serves the Swagger UI and a spec describing the existing routes', async () => {
    const page = await call(engine.url, 'GET', '/api/swagger/index.html');
    expect(page.status).toBe(200);
    expect(page.text).toContain('swagger');
    const spec = await call(engine.url, 'GET', '/api/swagger/json');
    expect(spec.status).toBe(200);
    expect(Object.keys(spec.body.paths)).toEqual(expect.arrayContaining(['/api', '/api/login', '/api/v3/config', '/api/v3/log', '/ping']));
  });

  it('GET /api/v3/log returns console lines and raw JSON lines', async () => {
    const consoleLines = await call(engine.url, 'GET', '/api/v3/log');
    expect(consoleLines.status).toBe(200);
    expect(contractViolations('GET', '/api/v3/log', 200, consoleLines.body)).toEqual([]);
    expect(consoleLines.body.some((line: string) => line.includes('msg="engine started"'))).toBe(true);
    const raw = await call(engine.url, 'GET', '/api/v3/log?format=raw');
    const events = raw.body.map((line: string) => JSON.parse(line));
    expect(events.find((event: { message: string }) => event.message === 'engine started')).toMatchObject({ level: 'INFO', component: 'core' });
    const bad = await call(engine.url, 'GET', '/api/v3/log?format=xml');
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe(400);
  });
});

describe('about with auth on', () => {
  let engine: TestEngine;
  beforeAll(async () => {
    engine = await startEngine({ config: { api: { auth: { enable: true, username: 'admin', password: 'secret-pass' } } } });
  });
  afterAll(() => engine.stop());

  it('answers 200 with the minimal about (no id) without a token', async () => {
    const response = await call(engine.url, 'GET', '/api');
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ app: 'datarhei-core', auths: ['localjwt'], version: { number: '16.16.0' } });
    expect(contractViolations('GET', '/api', 200, response.body)).toEqual([]);
  });

  it('answers the full about with a valid token', async () => {
    const login = await call(engine.url, 'POST', '/api/login', { body: { username: 'admin', password: 'secret-pass' } });
    const response = await call(engine.url, 'GET', '/api', { token: login.body.access_token });
    expect(response.body.id).toBeTruthy();
    expect(response.body.auths).toEqual(['localjwt']);
  });
});
