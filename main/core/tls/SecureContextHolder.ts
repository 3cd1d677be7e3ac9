// The certificate the HTTPS (and RTMPS) listeners serve, swappable on running servers when Let's Encrypt renews it.
import tls from 'node:tls';
import { checkCertificatePair, type CertificateInfo, type CertKeyPair } from './certificate.js';

/** Options for https.createServer / tls.createServer serving this certificate. */
export function httpsOptionsFor(pair: CertKeyPair): tls.TlsOptions {
  return { cert: pair.cert, key: pair.key, minVersion: 'TLSv1.2' };
}

export class SecureContextHolder {
  private pair: CertKeyPair;
  private details: CertificateInfo;
  private readonly servers = new Set<tls.Server>();

  /** Throws TlsCertificateError when the pair is unusable. */
  constructor(pair: CertKeyPair) {
    this.details = validate(pair);
    this.pair = { cert: pair.cert, key: pair.key };
  }

  get certificate(): CertKeyPair {
    return this.pair;
  }

  get info(): CertificateInfo {
    return this.details;
  }

  /** Options to create a server with; pass the server to attach() so later updates reach it. */
  serverOptions(): tls.TlsOptions {
    return httpsOptionsFor(this.pair);
  }

  /**
   * Registers a listening or not-yet-listening tls.Server (https.Server, an RTMPS server) for updates and makes it
   * serve the current certificate. Returns a function that detaches it; closing the server detaches it too.
   */
  attach(server: tls.Server): () => void {
    this.servers.add(server);
    server.setSecureContext(httpsOptionsFor(this.pair));
    const detach = () => {
      this.servers.delete(server);
      server.off('close', detach);
    };
    server.once('close', detach);
    return detach;
  }

  /**
   * Serves `pair` from now on: new TLS handshakes on every attached server use it, existing connections keep
   * theirs. Throws TlsCertificateError (and keeps the old certificate) when the pair is unusable.
   */
  update(pair: CertKeyPair): void {
    const details = validate(pair);
    const options = httpsOptionsFor(pair);
    for (const server of this.servers) server.setSecureContext(options);
    this.pair = { cert: pair.cert, key: pair.key };
    this.details = details;
  }
}

function validate(pair: CertKeyPair): CertificateInfo {
  const info = checkCertificatePair(pair);
  // Also catches what X509Certificate accepts but OpenSSL's context does not (e.g. unsupported key types).
  tls.createSecureContext(httpsOptionsFor(pair));
  return info;
}
