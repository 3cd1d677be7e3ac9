// Shared pieces of the TLS tests: self-signed certificates from openssl, TLS servers and a client that reports what it was served.
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import https from 'node:https';
import type net from 'node:net';
import path from 'node:path';
import tls from 'node:tls';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Writes <name>.pem and <name>.key (self-signed, EC P-256, SAN = dnsName) into dir. */
export async function selfSigned(dir: string, name: string, dnsName: string): Promise<{ certFile: string; keyFile: string; cert: string; key: string }> {
  const certFile = path.join(dir, `${name}.pem`);
  const keyFile = path.join(dir, `${name}.key`);
  await run('openssl', [
    'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-days', '2',
    '-keyout', keyFile, '-out', certFile, '-subj', `/CN=${dnsName}`, '-addext', `subjectAltName=DNS:${dnsName}`,
  ]);
  return { certFile, keyFile, cert: await readFile(certFile, 'utf8'), key: await readFile(keyFile, 'utf8') };
}

export async function listen(server: net.Server): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  return (server.address() as net.AddressInfo).port;
}

export function close(server: net.Server | undefined): Promise<void> {
  if (!server?.listening) return Promise.resolve();
  if (server instanceof https.Server) server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}

export interface Served {
  authorized: boolean;
  serialNumber: string;
  subjectaltname: string;
}

/** Connects with SNI `servername`, verifies the chain against `ca` (rejecting on failure) and reports the leaf. */
export function connectAndVerify(port: number, servername: string, ca: string): Promise<Served> {
  return new Promise((resolve, reject) => {
    const socket = tls.connect({ host: '127.0.0.1', port, servername, ca, timeout: 5000 }, () => {
      const peer = socket.getPeerCertificate();
      resolve({ authorized: socket.authorized, serialNumber: peer.serialNumber.toUpperCase(), subjectaltname: peer.subjectaltname ?? '' });
      socket.end();
    });
    socket.on('timeout', () => socket.destroy(new Error('TLS handshake timed out')));
    socket.on('error', reject);
  });
}
