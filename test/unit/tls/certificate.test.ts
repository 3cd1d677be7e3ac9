// Own certificate files (tls.cert_file/key_file), the certificate store under <db.dir>/cert and swapping contexts on a live server.
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import https from 'node:https';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CertificateStore,
  httpsOptionsFor,
  loadCertificateFiles,
  SecureContextHolder,
  TlsCertificateError,
} from '../../../main/core/tls/index.js';
import { close, connectAndVerify, listen, selfSigned } from './helpers.js';

let dir: string;
let own: Awaited<ReturnType<typeof selfSigned>>;
let other: Awaited<ReturnType<typeof selfSigned>>;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'tls-own-'));
  own = await selfSigned(dir, 'own', 'own.test');
  other = await selfSigned(dir, 'other', 'other.test');
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function failure(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (err) {
    return err as Error;
  }
  throw new Error('expected a rejection');
}

describe('loadCertificateFiles', () => {
  it('loads a matching certificate and key and reports names and expiry', async () => {
    const loaded = await loadCertificateFiles(own.certFile, own.keyFile);
    expect(loaded.cert).toBe(own.cert);
    expect(loaded.key).toBe(own.key);
    expect(loaded.info.names).toEqual(['own.test']);
    expect(loaded.info.notAfter.getTime()).toBeGreaterThan(Date.now());
    expect(loaded.info.serialNumber).toMatch(/^[0-9A-F]+$/);
  });

  it('rejects a key that does not belong to the certificate, naming both files', async () => {
    const err = await failure(loadCertificateFiles(own.certFile, other.keyFile));
    expect(err).toBeInstanceOf(TlsCertificateError);
    expect(err.message).toContain(own.certFile);
    expect(err.message).toContain(other.keyFile);
    expect(err.message).toMatch(/do not belong together/);
  });

  it('names the missing file', async () => {
    const missing = path.join(dir, 'missing.pem');
    const certErr = await failure(loadCertificateFiles(missing, own.keyFile));
    expect(certErr).toBeInstanceOf(TlsCertificateError);
    expect(certErr.message).toBe(`cannot read TLS certificate file "${missing}": no such file`);
    const keyErr = await failure(loadCertificateFiles(own.certFile, missing));
    expect(keyErr.message).toBe(`cannot read TLS key file "${missing}": no such file`);
  });

  it('names a file that is not PEM and hints at swapped files', async () => {
    const garbage = path.join(dir, 'garbage.pem');
    await writeFile(garbage, 'not a certificate\n');
    const err = await failure(loadCertificateFiles(garbage, own.keyFile));
    expect(err.message).toContain(`TLS certificate file "${garbage}" does not contain a PEM certificate`);
    const keyErr = await failure(loadCertificateFiles(own.certFile, garbage));
    expect(keyErr.message).toContain(`TLS key file "${garbage}" does not contain a PEM private key`);
    const swapped = await failure(loadCertificateFiles(own.keyFile, own.certFile));
    expect(swapped.message).toMatch(/swapped/);
  });

  it('rejects empty paths with the config key', async () => {
    expect((await failure(loadCertificateFiles('', own.keyFile))).message).toMatch(/tls\.cert_file is empty/);
    expect((await failure(loadCertificateFiles(own.certFile, ' '))).message).toMatch(/tls\.key_file is empty/);
  });
});

describe('CertificateStore', () => {
  const directory = 'https://acme.example/directory';

  it('stores key, chain and expiry per set of names under <db.dir>/cert, keys 0600', async () => {
    const dbDir = await mkdtemp(path.join(tmpdir(), 'tls-store-'));
    try {
      const store = CertificateStore.inDbDir(dbDir);
      expect(store.dir).toBe(path.join(dbDir, 'cert'));
      expect(await store.loadCertificate(directory, ['own.test'])).toBeUndefined();

      const saved = await store.saveCertificate(directory, ['OWN.test', 'own.test'], { cert: own.cert, key: own.key });
      expect(saved.names).toEqual(['own.test']);
      const certDir = store.certificateDir(directory, ['own.test']);
      expect(certDir.startsWith(path.join(dbDir, 'cert') + path.sep)).toBe(true);
      expect((await stat(path.join(certDir, 'privkey.pem'))).mode & 0o777).toBe(0o600);
      const meta = JSON.parse(await readFile(path.join(certDir, 'certificate.json'), 'utf8'));
      expect(meta).toMatchObject({ names: ['own.test'], not_after: saved.info.notAfter.toISOString(), serial_number: saved.info.serialNumber });

      const loaded = await store.loadCertificate(directory, ['own.test']);
      expect(loaded).toMatchObject({ cert: own.cert, key: own.key, names: ['own.test'] });
      expect(loaded?.info.serialNumber).toBe(saved.info.serialNumber);
      // Another name set or another CA is another entry.
      expect(await store.loadCertificate(directory, ['own.test', 'www.own.test'])).toBeUndefined();
      expect(await store.loadCertificate('https://other-ca.example/dir', ['own.test'])).toBeUndefined();

      // A damaged entry is reported, not served.
      await writeFile(path.join(certDir, 'privkey.pem'), other.key);
      const err = await failure(store.loadCertificate(directory, ['own.test']));
      expect(err.message).toMatch(/do not belong together/);
    } finally {
      await rm(dbDir, { recursive: true, force: true });
    }
  });

  it('refuses to store a mismatched pair', async () => {
    const store = new CertificateStore(path.join(dir, 'cert-refuse'));
    const err = await failure(store.saveCertificate(directory, ['own.test'], { cert: own.cert, key: other.key }));
    expect(err).toBeInstanceOf(TlsCertificateError);
  });

  it('keeps the account key per CA and e-mail, 0600', async () => {
    const store = new CertificateStore(path.join(dir, 'cert-accounts'));
    expect(await store.loadAccount(directory, 'a@own.test')).toBeUndefined();
    await store.saveAccount(directory, 'a@own.test', { key: own.key, url: 'https://acme.example/acct/1' });
    expect(await store.loadAccount(directory, 'a@own.test')).toEqual({ key: own.key, url: 'https://acme.example/acct/1' });
    expect(await store.loadAccount(directory, 'b@own.test')).toBeUndefined();
    const keyFile = path.join(store.dir, 'acme', 'acme.example-directory', 'accounts', 'a@own.test.key');
    expect((await stat(keyFile)).mode & 0o777).toBe(0o600);
  });
});

describe('SecureContextHolder', () => {
  it('swaps the certificate of a running https server and refuses a mismatched pair', async () => {
    const holder = new SecureContextHolder(await loadCertificateFiles(own.certFile, own.keyFile));
    const server = https.createServer(holder.serverOptions(), (_req, res) => res.end('ok'));
    holder.attach(server);
    const port = await listen(server);
    try {
      const first = await connectAndVerify(port, 'own.test', own.cert);
      expect(first.authorized).toBe(true);
      expect(first.subjectaltname).toBe('DNS:own.test');

      expect(() => holder.update({ cert: other.cert, key: own.key })).toThrow(TlsCertificateError);
      expect(holder.certificate.cert).toBe(own.cert);

      holder.update({ cert: other.cert, key: other.key });
      const second = await connectAndVerify(port, 'other.test', other.cert);
      expect(second.subjectaltname).toBe('DNS:other.test');
      expect(second.serialNumber).not.toBe(first.serialNumber);
      expect(holder.info.names).toEqual(['other.test']);
    } finally {
      await close(server);
    }
  });

  it('httpsOptionsFor gives cert, key and a TLS 1.2 floor', () => {
    expect(httpsOptionsFor({ cert: own.cert, key: own.key })).toEqual({ cert: own.cert, key: own.key, minVersion: 'TLSv1.2' });
  });
});
