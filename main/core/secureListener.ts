// The HTTPS listener (tls.enable): own certificate files or Let's Encrypt (tls.auto), beside the HTTP listener,
// serving the same routes; renewed certificates are swapped in without a restart.
import { readFileSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import type { ConfigData } from './config/index.js';
import type { Logger } from './log/Logger.js';
import type { HttpDeps } from './http/deps.js';
import { buildHttpServer } from './http/server.js';
import { parseListenAddress } from './net/listenAddress.js';
import { AcmeManager, acmeDirectoryFromEnv, CertificateStore, loadCertificateFiles, SecureContextHolder, type LoadedCertificate } from './tls/index.js';

/** A private ACME server's CA (step-ca, pebble in tests); Let's Encrypt needs none. */
export const ACME_CA_FILE_ENV = 'CORE_TLS_ACME_CA_FILE';

export interface SecureListener {
  http: FastifyInstance;
  port: number;
  holder: SecureContextHolder;
  stop(): Promise<void>;
}

/** The ACME manager for tls.auto (it answers HTTP-01 challenges through the plain listener); null otherwise. */
export function createAcme(config: ConfigData, dbDir: string, env: NodeJS.ProcessEnv, logger: Logger): AcmeManager | null {
  if (!config.tls.enable || !config.tls.auto) return null;
  const caFile = env[ACME_CA_FILE_ENV];
  return new AcmeManager({
    directoryUrl: acmeDirectoryFromEnv(env),
    email: config.tls.email,
    names: config.host.name,
    store: CertificateStore.inDbDir(dbDir),
    logger,
    ...(caFile ? { caBundle: readFileSync(caFile, 'utf8') } : {}),
  });
}

/**
 * Gets the certificate (files, or ACME once the plain listener answers challenges) and starts the HTTPS listener.
 * Returns null, with the reason logged, when no certificate can be had: the engine keeps running on HTTP.
 */
export async function startSecureListener(config: ConfigData, deps: HttpDeps, acme: AcmeManager | null, logger: Logger): Promise<SecureListener | null> {
  if (!config.tls.enable) return null;
  let certificate: LoadedCertificate;
  try {
    certificate = acme ? await acme.obtain() : await loadCertificateFiles(config.tls.cert_file, config.tls.key_file);
  } catch (error) {
    logger.error('no TLS certificate, HTTPS is not available', { error: (error as Error).message });
    return null;
  }
  const holder = new SecureContextHolder(certificate);
  const http = await buildHttpServer(deps, holder.serverOptions());
  const listen = parseListenAddress(config.tls.address);
  await http.listen({ port: listen.port, host: listen.host ?? '::', ipv6Only: false });
  holder.attach(http.server as unknown as import('node:tls').Server);
  acme?.startRenewal((renewed) => {
    holder.update(renewed);
    logger.info('installed the renewed certificate', { expires: renewed.info.notAfter.toISOString() });
  });
  const bound = http.server.address();
  logger.info('HTTPS listener started', { address: config.tls.address, expires: certificate.info.notAfter.toISOString() });
  return {
    http,
    port: typeof bound === 'object' && bound ? bound.port : listen.port,
    holder,
    async stop() {
      acme?.stop();
      await http.close();
    },
  };
}
