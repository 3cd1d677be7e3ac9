// RTMPS beside RTMP: FFmpeg publishes and plays over TLS with a self-signed certificate; both listeners share
// the channels, tokens and sessions.
import { X509Certificate } from 'node:crypto';
import tls from 'node:tls';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { RtmpServer } from '../../main/core/rtmp/index.js';
import { SecureContextHolder } from '../../main/core/tls/index.js';
import { SessionCollector } from '../../main/core/session/index.js';
import { recordingLogger } from '../helpers/silentLogger.js';
import { waitFor } from '../helpers/waitFor.js';
import { decodedFrames, killAllFfmpeg, play, publish, selfSignedCertificate, type SelfSigned } from '../unit/rtmp/helpers.js';

let certificate: SelfSigned;
let renewed: SelfSigned;
const servers: RtmpServer[] = [];

beforeAll(() => {
  certificate = selfSignedCertificate();
  renewed = selfSignedCertificate();
});

afterAll(() => {
  certificate.remove();
  renewed.remove();
});

function servedFingerprint(port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = tls.connect({ host: '127.0.0.1', port, rejectUnauthorized: false }, () => {
      const fingerprint = socket.getPeerCertificate().fingerprint256;
      socket.destroy();
      resolve(fingerprint);
    });
    socket.once('error', reject);
  });
}

afterEach(async () => {
  await killAllFfmpeg();
  await Promise.all(servers.splice(0).map((server) => server.stop()));
});

describe('RtmpServer over TLS', () => {
  it('publishes and plays over rtmps with the token, and RTMP players see RTMPS streams', async () => {
    const sessions = new SessionCollector('rtmp', { ipIgnoreList: [], maxSessions: 0, maxTxBitrateMbit: 0, idleTimeoutSec: 0 });
    const server = new RtmpServer({
      address: '127.0.0.1:0',
      app: '/live',
      token: 'secret',
      // PEM files by path, as the engine passes tls.cert_file / tls.key_file.
      tls: { address: '127.0.0.1:0', cert: certificate.certFile, key: certificate.keyFile },
      logger: recordingLogger(),
      sessions,
    });
    servers.push(server);
    await server.start();
    expect(server.tlsPort).toBeGreaterThan(0);
    expect(server.tlsPort).not.toBe(server.port);

    publish(`rtmps://127.0.0.1:${server.tlsPort}/live/secure?token=secret`, 20);
    await waitFor(() => server.channels().length === 1, 10_000, 'the RTMPS stream to be listed');
    expect(server.channels()).toEqual([{ name: '/live/secure' }]);

    const overTls = await play(`rtmps://127.0.0.1:${server.tlsPort}/live/secure/secret`, 1).done;
    expect(overTls.code, overTls.stderr.slice(-2000)).toBe(0);
    expect(decodedFrames(overTls.stderr)).toBeGreaterThan(0);

    const overTcp = await play(`rtmp://127.0.0.1:${server.port}/live/secure?token=secret`, 1).done;
    expect(overTcp.code, overTcp.stderr.slice(-2000)).toBe(0);
    expect(decodedFrames(overTcp.stderr)).toBeGreaterThan(0);

    const wrongToken = await play(`rtmps://127.0.0.1:${server.tlsPort}/live/secure/nope`, 1).done;
    expect(wrongToken.code).not.toBe(0);

    const publisherSession = sessions.active().find((session) => session.id === '/live/secure');
    expect(publisherSession?.bytes_rx).toBeGreaterThan(0);
    expect(sessions.summary().summary.sessions).toBe(2);
  });

  it('takes the certificate as PEM text and rejects a plain RTMP client on the TLS port', async () => {
    const server = new RtmpServer({
      address: '127.0.0.1:0',
      app: '/',
      token: '',
      tls: { address: '127.0.0.1:0', cert: certificate.cert, key: Buffer.from(certificate.key) },
      logger: recordingLogger(),
    });
    servers.push(server);
    await server.start();
    const started = Date.now();
    const plain = await publish(`rtmp://127.0.0.1:${server.tlsPort}/main`, 3).done;
    expect(plain.code).not.toBe(0);
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(server.channels()).toEqual([]);

    publish(`rtmps://127.0.0.1:${server.tlsPort}/main`, 20);
    await waitFor(() => server.channels().length === 1, 10_000, 'the RTMPS stream to be listed');
    expect(server.channels()).toEqual([{ name: '/main' }]);
  });

  it('serves a renewed certificate handed to the HTTPS listener (tls.auto)', async () => {
    const holder = new SecureContextHolder({ cert: certificate.cert, key: certificate.key });
    const server = new RtmpServer({
      address: '127.0.0.1:0',
      app: '/',
      token: '',
      tls: { address: '127.0.0.1:0', cert: holder.certificate.cert, key: holder.certificate.key, renewals: holder },
      logger: recordingLogger(),
    });
    servers.push(server);
    await server.start();
    const port = server.tlsPort!;
    expect(await servedFingerprint(port)).toBe(new X509Certificate(certificate.cert).fingerprint256);
    holder.update({ cert: renewed.cert, key: renewed.key });
    expect(await servedFingerprint(port)).toBe(new X509Certificate(renewed.cert).fingerprint256);
  });
});
