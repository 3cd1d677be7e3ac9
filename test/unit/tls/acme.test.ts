// tls.auto against pebble (a local ACME CA): real HTTP-01 challenges, stored certificates, reuse and renewal.
import { mkdtemp, rm, stat } from 'node:fs/promises';
import http from 'node:http';
import https from 'node:https';
import { tmpdir } from 'node:os';
import path from 'node:path';
import acme from 'acme-client';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  AcmeError,
  AcmeManager,
  acmeDirectoryFromEnv,
  CertificateStore,
  LETS_ENCRYPT_DIRECTORY,
  SecureContextHolder,
  type AcmeManagerOptions,
} from '../../../main/core/tls/index.js';
import { startPebble, type TestPebble } from '../../helpers/pebble.js';
import { recordingLogger } from '../../helpers/silentLogger.js';
import { waitFor } from '../../helpers/waitFor.js';
import { close, connectAndVerify, listen } from './helpers.js';

// Resolved to 127.0.0.1 by pebble-challtestsrv, which pebble uses as its DNS server.
const NAMES = ['core.test', 'www.core.test'];

let pebble: TestPebble;
let root: string;
let challengeServer: http.Server;
const challengeRequests: Array<{ host: string | undefined; url: string; status: number }> = [];
/** Managers whose challenges the HTTP listener answers, as the engine's HTTP server would for its one manager. */
const answering = new Set<AcmeManager>();
let dbDir: string;

beforeAll(async () => {
  // Plays the engine's plain HTTP listener: only /.well-known/acme-challenge/:token, answered by the managers.
  challengeServer = http.createServer((req, res) => {
    const token = /^\/\.well-known\/acme-challenge\/([^/?#]+)$/.exec(req.url ?? '')?.[1];
    const host = req.headers.host?.split(':')[0];
    const answer =
      token === undefined || host === 'unanswered.test'
        ? undefined
        : [...answering].map((m) => m.challengeResponse(token)).find((a) => a !== undefined);
    challengeRequests.push({ host: req.headers.host, url: req.url ?? '', status: answer ? 200 : 404 });
    if (answer === undefined) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'text/plain' }).end(answer);
  });
  const httpPort = await listen(challengeServer);
  pebble = await startPebble({ httpPort, mockDns: true });
  root = await pebble.rootCertificate();
  dbDir = await mkdtemp(path.join(tmpdir(), 'tls-acme-'));
});

afterAll(async () => {
  await pebble?.stop();
  await close(challengeServer);
  if (dbDir) await rm(dbDir, { recursive: true, force: true });
});

afterEach(() => {
  vi.restoreAllMocks();
});

function manager(overrides: Partial<AcmeManagerOptions> = {}): AcmeManager {
  const created = new AcmeManager({
    directoryUrl: pebble.directoryUrl,
    email: 'cert@core.test',
    names: NAMES,
    store: CertificateStore.inDbDir(dbDir),
    logger: recordingLogger(),
    caBundle: pebble.caBundle,
    pollIntervalMs: 100,
    ...overrides,
  });
  answering.add(created);
  return created;
}

describe('AcmeManager with pebble', () => {
  let firstSerial: string;
  let accountKey: string | undefined;

  it('obtains a certificate for all names through HTTP-01, stores it and serves a chain a client verifies', async () => {
    const orders = vi.spyOn(acme.Client.prototype, 'createOrder');
    const before = challengeRequests.length;
    const certificate = await manager().obtain();
    expect(orders).toHaveBeenCalledTimes(1);
    firstSerial = certificate.info.serialNumber;
    expect(certificate.info.names.sort()).toEqual(NAMES);

    // Pebble really fetched the challenge for every name from the HTTP listener.
    const answered = challengeRequests.slice(before).filter((r) => r.status === 200);
    expect(new Set(answered.map((r) => r.host?.split(':')[0]))).toEqual(new Set(NAMES));

    const store = CertificateStore.inDbDir(dbDir);
    const certDir = store.certificateDir(pebble.directoryUrl, NAMES);
    expect(certDir.startsWith(path.join(dbDir, 'cert'))).toBe(true);
    expect((await stat(path.join(certDir, 'privkey.pem'))).mode & 0o777).toBe(0o600);
    expect((await store.loadCertificate(pebble.directoryUrl, NAMES))?.info.serialNumber).toBe(firstSerial);
    accountKey = (await store.loadAccount(pebble.directoryUrl, 'cert@core.test'))?.key;
    expect(accountKey).toMatch(/PRIVATE KEY/);

    const holder = new SecureContextHolder(certificate);
    const server = https.createServer(holder.serverOptions(), (_req, res) => res.end('ok'));
    holder.attach(server);
    const port = await listen(server);
    try {
      for (const name of NAMES) {
        const served = await connectAndVerify(port, name, root);
        expect(served.authorized).toBe(true);
        expect(served.serialNumber).toBe(firstSerial);
      }
    } finally {
      await close(server);
    }
  });

  it('reuses the stored certificate (also from a new manager, as after a restart) without a new order', async () => {
    const orders = vi.spyOn(acme.Client.prototype, 'createOrder');
    const accounts = vi.spyOn(acme.Client.prototype, 'createAccount');
    const restarted = manager();
    const again = await restarted.obtain();
    const third = await restarted.obtain();
    expect(again.info.serialNumber).toBe(firstSerial);
    expect(third.info.serialNumber).toBe(firstSerial);
    expect(orders).not.toHaveBeenCalled();
    expect(accounts).not.toHaveBeenCalled();
  });

  it('orders a new certificate when it is within renewBeforeDays of expiry', async () => {
    const orders = vi.spyOn(acme.Client.prototype, 'createOrder');
    // Pebble issues 5-year certificates: asking for renewal 10 years ahead makes the stored one due.
    // Concurrent callers (HTTPS and RTMPS starting together) share one order.
    const due = manager({ renewBeforeDays: 3650 });
    const [renewed, same] = await Promise.all([due.obtain(), due.obtain()]);
    expect(same).toBe(renewed);
    expect(orders).toHaveBeenCalledTimes(1);
    expect(renewed.info.serialNumber).not.toBe(firstSerial);
    firstSerial = renewed.info.serialNumber;
    // The stored account was reused, not replaced.
    expect((await CertificateStore.inDbDir(dbDir).loadAccount(pebble.directoryUrl, 'cert@core.test'))?.key).toBe(accountKey);
  });

  it('renews on its timer and the SecureContextHolder serves the new certificate without a restart', async () => {
    let clock = new Date();
    const renewing = manager({ now: () => clock, renewalCheckIntervalMs: 50 });
    const current = await renewing.obtain();
    expect(current.info.serialNumber).toBe(firstSerial);

    const holder = new SecureContextHolder(current);
    const server = https.createServer(holder.serverOptions(), (_req, res) => res.end('ok'));
    holder.attach(server);
    const port = await listen(server);
    const orders = vi.spyOn(acme.Client.prototype, 'createOrder');
    const renewedSerials: string[] = [];
    try {
      expect((await connectAndVerify(port, NAMES[0]!, root)).serialNumber).toBe(firstSerial);
      renewing.startRenewal((certificate) => {
        // Pebble dates the new certificate by the real clock, so the fake one goes back to real time with it.
        clock = new Date();
        holder.update(certificate);
        renewedSerials.push(certificate.info.serialNumber);
      });
      // Nothing is due yet: the timer runs but keeps the certificate.
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(orders).not.toHaveBeenCalled();

      clock = new Date(current.info.notAfter.getTime() - 10 * 24 * 60 * 60 * 1000);
      await waitFor(() => renewedSerials.length > 0, 15_000, 'renewal');
      // Later checks find the renewed certificate current and neither order nor hand it over again.
      await new Promise((resolve) => setTimeout(resolve, 200));
      renewing.stop();
      expect(renewedSerials).toHaveLength(1);
      expect(orders).toHaveBeenCalledTimes(1);
      const served = await connectAndVerify(port, NAMES[1]!, root);
      expect(served.authorized).toBe(true);
      expect(served.serialNumber).toBe(renewedSerials[0]);
      expect(served.serialNumber).not.toBe(firstSerial);
      const stored = await CertificateStore.inDbDir(dbDir).loadCertificate(pebble.directoryUrl, NAMES);
      expect(stored?.info.serialNumber).toBe(renewedSerials[0]);
    } finally {
      renewing.stop();
      await close(server);
    }
  });

  it('reports which name failed validation and why, and renewal checks never throw', async () => {
    const logger = recordingLogger();
    // The HTTP listener does not answer for this name (as when DNS points elsewhere or port 80 is closed).
    const failing = manager({ names: ['core.test', 'unanswered.test'], logger });

    let error: unknown;
    try {
      await failing.obtain();
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(AcmeError);
    expect((error as AcmeError).failedNames).toEqual(['unanswered.test']);
    expect((error as Error).message).toMatch(/HTTP-01 validation failed for "unanswered\.test": .*404/);
    expect(logger.entries.some((e) => e.level === 'warn' && e.fields?.name === 'unanswered.test')).toBe(true);
    expect(await CertificateStore.inDbDir(dbDir).loadCertificate(pebble.directoryUrl, ['core.test', 'unanswered.test'])).toBeUndefined();

    await expect(failing.checkRenewal()).resolves.toBe(false);
    expect(logger.entries.some((e) => e.level === 'warn' && /renewal failed/.test(e.message))).toBe(true);
  });

  it('explains an unreachable or untrusted ACME directory', async () => {
    const closed = new http.Server();
    const port = await listen(closed);
    await close(closed);
    const unreachable = await manager({ directoryUrl: `https://127.0.0.1:${port}/dir` }).obtain().catch((err: unknown) => err as Error);
    expect(unreachable).toBeInstanceOf(AcmeError);
    expect((unreachable as Error).message).toBe(
      `ACME certificate request for core.test, www.core.test (https://127.0.0.1:${port}/dir) failed to reach the ACME directory: connect ECONNREFUSED 127.0.0.1:${port}`,
    );
    // Without pebble's CA the directory's certificate is not trusted.
    const untrusted = await manager({ names: ['fresh.test'], caBundle: undefined }).obtain().catch((err: unknown) => err as Error);
    expect(untrusted).toBeInstanceOf(AcmeError);
    expect((untrusted as Error).message).toMatch(/failed to reach the ACME directory: .*certificate/);
  });

  it('keeps using a stored certificate that is due for renewal but not expired when the CA cannot be reached', async () => {
    const logger = recordingLogger();
    const stored = await CertificateStore.inDbDir(dbDir).loadCertificate(pebble.directoryUrl, NAMES);
    const certificate = await manager({ caBundle: undefined, renewBeforeDays: 3650, logger }).obtain();
    expect(certificate.info.serialNumber).toBe(stored?.info.serialNumber);
    expect(logger.entries.find((e) => e.level === 'warn')?.message).toMatch(/using the stored one until it expires/);
  });
});

describe('ACME directory selection', () => {
  it('defaults to Let\'s Encrypt production and reads CORE_TLS_ACME_DIRECTORY', () => {
    expect(acmeDirectoryFromEnv({})).toBe('https://acme-v02.api.letsencrypt.org/directory');
    expect(acmeDirectoryFromEnv({ CORE_TLS_ACME_DIRECTORY: ' ' })).toBe(LETS_ENCRYPT_DIRECTORY);
    expect(acmeDirectoryFromEnv({ CORE_TLS_ACME_DIRECTORY: 'https://acme-staging-v02.api.letsencrypt.org/directory' })).toBe(
      'https://acme-staging-v02.api.letsencrypt.org/directory',
    );
    const store = new CertificateStore(tmpdir());
    expect(new AcmeManager({ email: '', names: ['a.test'], store, logger: recordingLogger() }).directoryUrl).toBe(LETS_ENCRYPT_DIRECTORY);
    expect(() => new AcmeManager({ email: '', names: [' '], store, logger: recordingLogger() })).toThrow(/host\.name is empty/);
  });
});
