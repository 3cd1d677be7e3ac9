// JWT login, refresh, expired/forged tokens and protected routes, over real HTTP.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SignJWT, UnsecuredJWT, decodeJwt } from 'jose';
import { call, startEngine, type TestEngine } from '../helpers/engine.js';
import { contractViolations } from '../helpers/contract.js';

const SECRET = 'test-secret-0123456789-abcdefghij';
const key = new TextEncoder().encode(SECRET);

async function forge(claims: Record<string, unknown>, signingKey = key, exp = Math.floor(Date.now() / 1000) + 600): Promise<string> {
  return new SignJWT({ usefor: 'access', exi: 600, ...claims })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setIssuer('datarhei-core')
    .setSubject('admin')
    .setIssuedAt(exp - 600)
    .setExpirationTime(exp)
    .sign(signingKey);
}

describe('local JWT auth', () => {
  let engine: TestEngine;
  beforeAll(async () => {
    engine = await startEngine({
      config: { api: { auth: { enable: true, username: 'admin', password: 'pw-123', disable_localhost: false, jwt: { secret: SECRET } } } },
      loginDelayMs: 200,
    });
  });
  afterAll(() => engine.stop());

  it('logs in with username and password and returns Core-shaped tokens', async () => {
    const response = await call(engine.url, 'POST', '/api/login', { body: { username: 'admin', password: 'pw-123' } });
    expect(response.status).toBe(200);
    expect(contractViolations('POST', '/api/login', 200, response.body)).toEqual([]);
    const access = decodeJwt(response.body.access_token);
    const refresh = decodeJwt(response.body.refresh_token);
    expect(access).toMatchObject({ iss: 'datarhei-core', sub: 'admin', usefor: 'access', exi: 600 });
    expect(refresh).toMatchObject({ iss: 'datarhei-core', sub: 'admin', usefor: 'refresh', exi: 86400 });
    expect(access.exp! - access.iat!).toBe(600);
    expect(refresh.exp! - refresh.iat!).toBe(86400);
    expect(access.jti).toMatch(/^[0-9a-f-]{36}$/);
    expect(access.jti).not.toBe(refresh.jti);
  });

  it('rejects wrong credentials with 401 after a growing delay', async () => {
    const first = Date.now();
    const wrong = await call(engine.url, 'POST', '/api/login', { body: { username: 'admin', password: 'nope' } });
    const firstDelay = Date.now() - first;
    expect(wrong.status).toBe(401);
    expect(wrong.body).toMatchObject({ code: 401, message: 'Invalid username or password' });
    expect(firstDelay).toBeGreaterThanOrEqual(190);
    const second = Date.now();
    await call(engine.url, 'POST', '/api/login', { body: { username: 'root', password: 'pw-123' } });
    expect(Date.now() - second).toBeGreaterThanOrEqual(390);
    // A success resets the penalty.
    const ok = await call(engine.url, 'POST', '/api/login', { body: { username: 'admin', password: 'pw-123' } });
    expect(ok.status).toBe(200);
  });

  it('answers 400 when no credentials are given', async () => {
    const none = await call(engine.url, 'POST', '/api/login');
    expect(none.status).toBe(400);
    expect(none.body.code).toBe(400);
    const partial = await call(engine.url, 'POST', '/api/login', { body: { username: 'admin' } });
    expect(partial.status).toBe(400);
    expect(partial.body.details.join(' ')).toContain('password');
    const garbage = await call(engine.url, 'POST', '/api/login', { body: '{"username":', headers: { 'content-type': 'application/json' } });
    expect(garbage.status).toBe(400);
    expect(contractViolations('POST', '/api/login', 400, garbage.body)).toEqual([]);
  });

  it('protects /api/v3 routes and accepts the access token', async () => {
    const without = await call(engine.url, 'GET', '/api/v3/config');
    expect(without.status).toBe(401);
    expect(without.body).toEqual({ code: 401, message: 'Missing or invalid JWT token', details: expect.any(Array) });
    const login = await call(engine.url, 'POST', '/api/login', { body: { username: 'admin', password: 'pw-123' } });
    const withToken = await call(engine.url, 'GET', '/api/v3/config', { token: login.body.access_token });
    expect(withToken.status).toBe(200);
  });

  it('refreshes with the refresh token, and never accepts one token kind for the other', async () => {
    const login = await call(engine.url, 'POST', '/api/login', { body: { username: 'admin', password: 'pw-123' } });
    const refreshed = await call(engine.url, 'GET', '/api/login/refresh', { token: login.body.refresh_token });
    expect(refreshed.status).toBe(200);
    expect(contractViolations('GET', '/api/login/refresh', 200, refreshed.body)).toEqual([]);
    expect(decodeJwt(refreshed.body.access_token).usefor).toBe('access');
    const newAccess = await call(engine.url, 'GET', '/api/v3/log', { token: refreshed.body.access_token });
    expect(newAccess.status).toBe(200);

    const refreshAsAccess = await call(engine.url, 'GET', '/api/v3/log', { token: login.body.refresh_token });
    expect(refreshAsAccess.status).toBe(401);
    const accessAsRefresh = await call(engine.url, 'GET', '/api/login/refresh', { token: login.body.access_token });
    expect(accessAsRefresh.status).toBe(401);
    const noToken = await call(engine.url, 'GET', '/api/login/refresh');
    expect(noToken.status).toBe(401);
  });

  it('rejects expired, forged, unsigned and foreign-issuer tokens', async () => {
    const valid = await forge({});
    expect((await call(engine.url, 'GET', '/api/v3/log', { token: valid })).status).toBe(200);

    const expired = await forge({}, key, Math.floor(Date.now() / 1000) - 10);
    const wrongKey = await forge({}, new TextEncoder().encode('another-secret-entirely-000000000'));
    const unsigned = new UnsecuredJWT({ usefor: 'access', exi: 600 }).setIssuer('datarhei-core').setSubject('admin').setExpirationTime('10m').encode();
    const foreign = await new SignJWT({ usefor: 'access' }).setProtectedHeader({ alg: 'HS256' }).setIssuer('someone-else').setSubject('admin').setExpirationTime('10m').sign(key);
    const tampered = valid.slice(0, valid.lastIndexOf('.') + 1) + 'AAAA' + valid.slice(valid.lastIndexOf('.') + 5);
    for (const token of [expired, wrongKey, unsigned, foreign, tampered, 'not-a-jwt']) {
      const response = await call(engine.url, 'GET', '/api/v3/log', { token });
      expect(response.status, token).toBe(401);
      expect(response.body.code).toBe(401);
    }
    const expiredResponse = await call(engine.url, 'GET', '/api/v3/log', { token: expired });
    expect(expiredResponse.body.details).toEqual(['token has expired']);
  });
});

describe('auth with disable_localhost', () => {
  let engine: TestEngine;
  beforeAll(async () => {
    engine = await startEngine({ config: { api: { auth: { enable: true, username: 'admin', password: 'pw', disable_localhost: true } } } });
  });
  afterAll(() => engine.stop());

  it('lets loopback callers use the API without a token', async () => {
    const response = await call(engine.url, 'GET', '/api/v3/config');
    expect(response.status).toBe(200);
    const about = await call(engine.url, 'GET', '/api');
    expect(about.body.id).toBeTruthy();
  });
});

describe('auth off', () => {
  let engine: TestEngine;
  beforeAll(async () => {
    engine = await startEngine();
  });
  afterAll(() => engine.stop());

  it('needs no token and refuses login with 403', async () => {
    expect((await call(engine.url, 'GET', '/api/v3/config')).status).toBe(200);
    const login = await call(engine.url, 'POST', '/api/login', { body: { username: 'admin', password: 'x' } });
    expect(login.status).toBe(403);
    expect(contractViolations('POST', '/api/login', 403, login.body)).toEqual([]);
  });
});
