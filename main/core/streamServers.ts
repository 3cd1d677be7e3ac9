// Starts the built-in RTMP(S) and SRT servers from the config; each is null while disabled.
import type { ConfigData } from './config/index.js';
import type { Logger } from './log/Logger.js';
import type { SessionRegistry } from './session/index.js';
import type { SecureListener } from './secureListener.js';
import { RtmpServer } from './rtmp/index.js';
import { loadSrtBinding, SrtServer } from './srt/index.js';

/** RTMPS shares the HTTPS certificate (and its renewals); without one, RTMPS is skipped with a log line. */
export async function startRtmp(config: ConfigData, secure: SecureListener | null, sessions: SessionRegistry, logger: Logger): Promise<RtmpServer | null> {
  if (!config.rtmp.enable) return null;
  let tls: ConstructorParameters<typeof RtmpServer>[0]['tls'];
  if (config.rtmp.enable_tls) {
    if (secure) tls = { address: config.rtmp.address_tls, cert: secure.holder.certificate.cert, key: secure.holder.certificate.key, renewals: secure.holder };
    else logger.error('RTMPS needs a TLS certificate (tls.enable); only RTMP is started');
  }
  const server = new RtmpServer({ address: config.rtmp.address, app: config.rtmp.app, token: config.rtmp.token, tls, logger, sessions: sessions.collector('rtmp') });
  await server.start();
  logger.info('RTMP server started', { address: config.rtmp.address, port: server.port, ...(server.tlsPort ? { tls_port: server.tlsPort } : {}) });
  return server;
}

/** SRT needs the native libsrt binding; without it the engine runs on and says why. */
export async function startSrt(config: ConfigData, sessions: SessionRegistry, logger: Logger): Promise<SrtServer | null> {
  if (!config.srt.enable) return null;
  const binding = loadSrtBinding();
  if (binding instanceof Error) {
    logger.error('SRT server unavailable', { error: binding.message });
    return null;
  }
  const server = new SrtServer({
    address: config.srt.address,
    passphrase: config.srt.passphrase,
    token: config.srt.token,
    logger,
    sessions: sessions.collector('srt'),
    log: config.srt.log,
    binding,
  });
  await server.start();
  logger.info('SRT server started', { address: config.srt.address, port: server.port });
  return server;
}
