// GET/PUT /api/v3/config, reload, env overrides, startup validation and first-run provisioning.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { call, makeTempDir, startEngine, startupFailure, type TestEngine } from '../helpers/engine.js';
import { contractViolations } from '../helpers/contract.js';
import { coreFixtures } from '../helpers/paths.js';
import { createCore, StartupError } from '../../main/core/app.js';

function readConfigFile(file: string): Record<string, any> {
  return JSON.parse(readFileSync(file, 'utf8'));
}

async function waitFor<T>(probe: () => Promise<T | undefined>, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('config API', () => {
  let engine: TestEngine;
  beforeAll(async () => {
    engine = await startEngine({ config: { name: 'before' }, env: { CORE_LOG_LEVEL: 'debug', CORE_HOST_NAME: 'a.example,b.example' } });
  });
  afterAll(() => engine.stop());

  it('GET returns the active config with timestamps and the env overrides, as the contract', async () => {
    const response = await call(engine.url, 'GET', '/api/v3/config');
    expect(response.status).toBe(200);
    expect(contractViolations('GET', '/api/v3/config', 200, response.body)).toEqual([]);
    expect(response.body.config.version).toBe(3);
    expect(response.body.config.name).toBe('before');
    expect(response.body.config.log.level).toBe('debug');
    expect(response.body.config.host.name).toEqual(['a.example', 'b.example']);
    expect(response.body.overrides).toEqual(expect.arrayContaining(['log.level', 'host.name']));
    for (const key of ['created_at', 'loaded_at', 'updated_at']) expect(Number.isNaN(Date.parse(response.body[key]))).toBe(false);
    // Every section a later feature needs is present.
    for (const section of ['api', 'tls', 'storage', 'rtmp', 'srt', 'ffmpeg', 'sessions', 'metrics', 'router', 'debug', 'host', 'log', 'db', 'playout', 'service']) {
      expect(response.body.config, section).toHaveProperty(section);
    }
    expect(response.body.config.storage.s3).toEqual([]);
  });

  it('PUT stores a partial config that takes effect only on reload', async () => {
    const put = await call(engine.url, 'PUT', '/api/v3/config', { body: { version: 3, name: 'after', log: { level: 'warn' } } });
    expect(put.status).toBe(200);
    expect(put.body).toBe('OK');
    expect(put.headers.get('content-type')).toContain('application/json');

    const stored = readConfigFile(engine.configFile);
    expect(stored.name).toBe('after');
    expect(stored.log.level).toBe('warn');
    expect(stored.address).toBe('127.0.0.1:0'); // untouched keys keep their values

    const pending = await call(engine.url, 'GET', '/api/v3/config');
    expect(pending.body.config.name).toBe('after');
    expect(pending.body.config.log.level).toBe('debug'); // env keeps winning
    expect(Date.parse(pending.body.updated_at)).toBeGreaterThan(Date.parse(pending.body.loaded_at));

    const aboutBefore = await call(engine.url, 'GET', '/api');
    expect(aboutBefore.body.name).toBe('before');

    const reload = await call(engine.url, 'GET', '/api/v3/config/reload');
    expect(reload.status).toBe(200);
    expect(reload.body).toBe('OK');
    const aboutAfter = await waitFor(async () => {
      const about = await call(engine.url, 'GET', '/api');
      return about.body.created_at !== aboutBefore.body.created_at ? about : undefined;
    });
    expect(aboutAfter.body.name).toBe('after');
    const reloaded = await call(engine.url, 'GET', '/api/v3/config');
    expect(Date.parse(reloaded.body.loaded_at)).toBeGreaterThanOrEqual(Date.parse(reloaded.body.updated_at));
  });

  it('PUT of an invalid config answers 409 with messages per key and changes nothing', async () => {
    const before = readFileSync(engine.configFile, 'utf8');
    const response = await call(engine.url, 'PUT', '/api/v3/config', {
      body: { version: 3, api: { access: { http: { allow: ['not-a-cidr'] } } }, metrics: { enable: true, interval_sec: 0 } },
    });
    expect(response.status).toBe(409);
    expect(contractViolations('PUT', '/api/v3/config', 409, response.body)).toEqual([]);
    expect(Object.keys(response.body)).toEqual(expect.arrayContaining(['api.access.http.allow', 'metrics.interval_sec']));
    expect(response.body['api.access.http.allow'][0]).toContain('not-a-cidr');
    expect(readFileSync(engine.configFile, 'utf8')).toBe(before);
  });

  it('PUT with wrong types, no version or bad JSON answers 400 with the error body', async () => {
    for (const body of [{ version: 3, address: 5 }, { version: 3, rtmp: { enable: 'yes' } }, { version: 9 }, { name: 'x' }, '{"version":', '[]']) {
      const response = await call(engine.url, 'PUT', '/api/v3/config', { body });
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect(contractViolations('PUT', '/api/v3/config', 400, response.body)).toEqual([]);
      expect(response.body.details.length).toBeGreaterThan(0);
    }
  });
});

describe('engine startup', () => {
  it('first start provisions a protected appliance and prints the password once', async () => {
    const engine = await startEngine({ config: null });
    try {
      expect(engine.core.firstRunPassword).toMatch(/^[A-Za-z0-9]{20,}$/);
      const stored = readConfigFile(engine.configFile);
      expect(stored.version).toBe(3);
      expect(stored.api.auth).toMatchObject({ enable: true, username: 'admin', password: engine.core.firstRunPassword, disable_localhost: true });
      expect(stored.api.auth.jwt.secret.length).toBeGreaterThanOrEqual(32);
      expect(stored.storage.memory.auth).toMatchObject({ enable: true, username: 'admin' });
      expect(stored.storage.memory.auth.password).toMatch(/^[A-Za-z0-9]{18}$/);
      const about = await call(engine.url, 'GET', '/api');
      expect(about.body.auths).toEqual(['localjwt']);
      const login = await call(engine.url, 'POST', '/api/login', { body: { username: 'admin', password: engine.core.firstRunPassword } });
      expect(login.status).toBe(200);
    } finally {
      await engine.stop();
    }
    // A second start of the same installation does not provision again.
  });

  it('keeps generated values stable across restarts', async () => {
    const dir = makeTempDir();
    const configFile = path.join(dir, 'config', 'config.js');
    const env = { CORE_CONFIGFILE: configFile, CORE_ADDRESS: '127.0.0.1:0' };
    const first = createCore({ cwd: dir, env, console: { write: () => true } });
    await first.start();
    const firstId = (await first.inject({ method: 'GET', url: '/api/v3/config' })).json().config.id;
    await first.stop();
    const second = createCore({ cwd: dir, env, console: { write: () => true } });
    await second.start();
    expect(second.firstRunPassword).toBeNull();
    const secondId = (await second.inject({ method: 'GET', url: '/api/v3/config' })).json().config.id;
    await second.stop();
    expect(secondId).toBe(firstId);
  });

  it('migrates a v1 and a v2 config file to v3 at startup and writes it back', async () => {
    for (const name of ['config_v1.json', 'config_v2.json']) {
      const dir = makeTempDir();
      const configFile = path.join(dir, 'config', 'config.js');
      mkdirSync(path.dirname(configFile), { recursive: true });
      copyFileSync(path.join(coreFixtures, 'config', name), configFile);
      const core = createCore({ cwd: dir, env: { CORE_CONFIGFILE: configFile, CORE_ADDRESS: '127.0.0.1:0' }, console: { write: () => true } });
      await core.start();
      const view = (await core.inject({ method: 'GET', url: '/api/v3/config' })).json();
      await core.stop();
      const stored = readConfigFile(configFile);
      expect(stored.version, name).toBe(3);
      expect(stored.tls.email).toBe('cert@datarhei.com');
      expect(stored.storage.disk.cache.types.block).toEqual(['.m3u8', '.mpd']);
      expect(view.config.version).toBe(3);
    }
  });

  it('refuses to start with an invalid config value, naming the key and the reason', async () => {
    const failure = await startupFailure({ fileText: JSON.stringify({ version: 3, log: { level: 'loud' } }) });
    expect(failure).toBeInstanceOf(StartupError);
    expect((failure as StartupError).message).toContain('log.level');
  });

  it('refuses to start with an invalid env value, naming the variable', async () => {
    const failure = await startupFailure({ env: { CORE_API_AUTH_ENABLE: 'maybe' } });
    expect(failure).toBeInstanceOf(StartupError);
    expect(failure!.message).toContain('CORE_API_AUTH_ENABLE');
  });

  it('refuses router routes that would shadow a blocked prefix (the API)', async () => {
    const failure = await startupFailure({ fileText: JSON.stringify({ version: 3, router: { routes: { '/api/v3/process': '/elsewhere' } } }) });
    expect(failure).toBeInstanceOf(StartupError);
    expect(failure!.message).toContain('router.routes');
  });

  it('refuses a config file that is not JSON, naming the file', async () => {
    const dir = makeTempDir();
    const configFile = path.join(dir, 'broken.json');
    writeFileSync(configFile, '{ "version": 3, ');
    const core = createCore({ cwd: dir, env: { CORE_CONFIGFILE: configFile }, console: { write: () => true } });
    const failure = (await core.start().then(
      () => null,
      (error: unknown) => error,
    )) as Error | null;
    expect(failure?.message).toContain(configFile);
  });
});
