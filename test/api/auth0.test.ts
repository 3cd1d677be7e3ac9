// Auth0 login against a local JWKS server: allowed users get the engine's tokens; others, other tenants and
// expired tokens are refused.
import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SignJWT, decodeJwt, exportJWK, generateKeyPair, type CryptoKey } from 'jose';
import { call, startEngine, type TestEngine } from '../helpers/engine.js';

describe('Auth0 login', () => {
  let jwks: Server;
  let base: string;
  let key: CryptoKey;
  let foreignKey: CryptoKey;
  let engine: TestEngine;
  const audience = 'https://core.example/api';

  const token = (subject: string, options: { signWith?: CryptoKey; issuer?: string; expiresIn?: string | number } = {}) =>
    new SignJWT({ scope: 'openid' })
      .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
      .setIssuer(options.issuer ?? `${base}/`)
      .setAudience(audience)
      .setSubject(subject)
      .setIssuedAt()
      .setExpirationTime(options.expiresIn ?? '5m')
      .sign(options.signWith ?? key);

  beforeAll(async () => {
    const pair = await generateKeyPair('RS256');
    key = pair.privateKey;
    foreignKey = (await generateKeyPair('RS256')).privateKey;
    const publicJwk = { ...(await exportJWK(pair.publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' };
    jwks = createServer((request, response) => {
      if (request.url === '/.well-known/jwks.json') {
        response.setHeader('content-type', 'application/json');
        response.end(JSON.stringify({ keys: [publicJwk] }));
      } else {
        response.statusCode = 404;
        response.end();
      }
    });
    await new Promise<void>((resolve) => jwks.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(jwks.address() as { port: number }).port}`;
    engine = await startEngine({
      config: {
        api: {
          auth: {
            enable: true,
            username: 'admin',
            password: 'pw',
            auth0: { enable: true, tenants: [{ domain: base, audience, clientid: 'client-1', users: ['auth0|alice'] }] },
          },
        },
      },
    });
  });
  afterAll(async () => {
    await engine?.stop();
    jwks?.close();
  });

  it('advertises the tenant in GET /api', async () => {
    const about = await call(engine.url, 'GET', '/api');
    expect(about.body.auths).toEqual(['localjwt', `auth0 domain=${base} audience=${audience} clientid=client-1`]);
  });

  it('exchanges a valid Auth0 token of an allowed user for the engine tokens', async () => {
    const login = await call(engine.url, 'POST', '/api/login', { token: await token('auth0|alice') });
    expect(login.status, login.text).toBe(200);
    expect(decodeJwt(login.body.access_token)).toMatchObject({ sub: 'auth0|alice', usefor: 'access', iss: 'datarhei-core' });
    expect((await call(engine.url, 'GET', '/api/v3/config', { token: login.body.access_token })).status).toBe(200);
  });

  it('refuses users not on the list, foreign signers, other issuers and expired tokens', async () => {
    const cases = [
      await token('auth0|mallory'),
      await token('auth0|alice', { signWith: foreignKey }),
      await token('auth0|alice', { issuer: 'https://other-tenant.example/' }),
      await token('auth0|alice', { expiresIn: Math.floor(Date.now() / 1000) - 60 }),
    ];
    for (const bad of cases) {
      const response = await call(engine.url, 'POST', '/api/login', { token: bad });
      expect(response.status).toBe(401);
      expect(response.body.code).toBe(401);
    }
  });
});
