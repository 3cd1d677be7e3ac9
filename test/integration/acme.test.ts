// tls.auto end to end: the engine obtains a certificate from pebble (real HTTP-01 through its own HTTP listener),
// serves it on the HTTPS listener, and reuses it from <db.dir>/cert after a restart.
import { writeFileSync, existsSync } from 'node:fs';
import { request as httpsRequest } from 'node:https';
import net from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPebble, type TestPebble } from '../helpers/pebble.js';
import { makeTempDir, startEngine, type TestEngine } from '../helpers/engine.js';

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function httpsPing(port: number, ca: string, servername: string): Promise<{ body: string; serial: string; names: string }> {
  return new Promise((resolve, reject) => {
    httpsRequest({ host: '127.0.0.1', port, path: '/ping', ca, servername }, (res) => {
      const certificate = (res.socket as import('node:tls').TLSSocket).getPeerCertificate();
      let body = '';
      res.on('data', (chunk) => (body += chunk));
      res.on('end', () => resolve({ body, serial: certificate.serialNumber, names: String(certificate.subjectaltname) }));
    })
      .on('error', reject)
      .end();
  });
}

describe("Let's Encrypt (ACME) with pebble", () => {
  let pebble: TestPebble;
  let engine: TestEngine | null = null;
  let httpPort: number;
  let caFile: string;
  const config = () => ({
    address: `127.0.0.1:${httpPort}`,
    host: { name: ['core.test'], auto: false },
    tls: { enable: true, auto: true, address: '127.0.0.1:0', email: 'ops@core.test' },
  });

  beforeAll(async () => {
    httpPort = await freePort();
    pebble = await startPebble({ httpPort, mockDns: true, authzReuse: 0 });
    caFile = path.join(makeTempDir('acme-ca-'), 'ca.pem');
    writeFileSync(caFile, pebble.caBundle);
  }, 30_000);
  afterAll(async () => {
    await engine?.stop();
    await pebble?.stop();
  });

  it('obtains a certificate through the HTTP listener and serves it over HTTPS', async () => {
    engine = await startEngine({ config: config(), env: { CORE_TLS_ACME_DIRECTORY: pebble.directoryUrl, CORE_TLS_ACME_CA_FILE: caFile } });
    expect(engine.core.securePort, engine.output.join('')).not.toBeNull();
    const root = await pebble.rootCertificate();
    const answer = await httpsPing(engine.core.securePort!, root, 'core.test');
    expect(answer.body).toBe('pong');
    expect(answer.names).toContain('DNS:core.test');
    expect(existsSync(path.join(engine.dir, 'config', 'cert'))).toBe(true);
  }, 60_000);

  it('reuses the stored certificate after a reload', async () => {
    const root = await pebble.rootCertificate();
    const before = await httpsPing(engine!.core.securePort!, root, 'core.test');
    await engine!.core.reload();
    const after = await httpsPing(engine!.core.securePort!, root, 'core.test');
    expect(after.serial).toBe(before.serial);
  }, 60_000);
});
