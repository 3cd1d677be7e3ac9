// tls.enable with own certificate files: HTTPS on tls.address serves the same API, HTTP stays up.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { request as httpsRequest } from 'node:https';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, makeTempDir, startEngine, type TestEngine } from '../helpers/engine.js';

function httpsGet(port: number, url: string, ca: string): Promise<{ status: number; body: string; subject: string }> {
  return new Promise((resolve, reject) => {
    const req = httpsRequest({ host: '127.0.0.1', port, path: url, ca, servername: 'localhost' }, (res) => {
      let body = '';
      const subject = String((res.socket as import('node:tls').TLSSocket).getPeerCertificate().subject?.CN);
      res.on('data', (chunk) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, subject }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('HTTPS with own certificate files', () => {
  let engine: TestEngine;
  let cert: string;
  beforeAll(async () => {
    const dir = makeTempDir('core-tls-');
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', '/CN=localhost', '-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1',
      '-keyout', path.join(dir, 'key.pem'), '-out', path.join(dir, 'cert.pem')], { stdio: 'ignore' });
    cert = readFileSync(path.join(dir, 'cert.pem'), 'utf8');
    engine = await startEngine({ config: { tls: { enable: true, address: '127.0.0.1:0', cert_file: path.join(dir, 'cert.pem'), key_file: path.join(dir, 'key.pem') } } });
  });
  afterAll(() => engine.stop());

  it('serves the API over HTTPS with the configured certificate, and HTTP keeps running', async () => {
    expect(engine.core.securePort).toBeGreaterThan(0);
    const pong = await httpsGet(engine.core.securePort!, '/ping', cert);
    expect(pong).toMatchObject({ status: 200, body: 'pong', subject: 'localhost' });
    const about = JSON.parse((await httpsGet(engine.core.securePort!, '/api', cert)).body);
    expect(about.app).toBe('datarhei-core');
    expect((await call(engine.url, 'GET', '/ping')).text).toBe('pong');
  });

  it('refuses to start HTTPS with a missing certificate file, but keeps HTTP', async () => {
    const other = await startEngine({ config: { tls: { enable: true, address: '127.0.0.1:0', cert_file: '/nonexistent/cert.pem', key_file: '/nonexistent/key.pem' } } }).catch((error: Error) => error);
    // Config validation names the missing files before anything starts.
    expect(other).toBeInstanceOf(Error);
    expect((other as Error).message).toContain('tls.cert_file');
  });
});
