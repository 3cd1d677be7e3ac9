// Core's built-in RTMP server (and RTMPS beside it): publish and play by path under rtmp.app, one publisher per
// stream, rtmp.token as `?token=` or last path element, GET /api/v3/rtmp's channel list and `rtmp` sessions.
// Built on node-media-server's protocol engine and broadcast (GOP cache) classes, with our own listeners: NMS's
// server, HTTP/API, recorder and store are never started, and several RtmpServers can run in one process.
import { readFile } from 'node:fs/promises';
import net from 'node:net';
import tls from 'node:tls';
import type { Logger } from '../log/Logger.js';
import { parseListenAddress } from '../net/listenAddress.js';
import type { SessionCollector } from '../session/index.js';
import { ChannelRegistry } from './ChannelRegistry.js';
import { RtmpConnection, type ConnectionLimits } from './RtmpConnection.js';
import { normalizeApp } from './resolveStream.js';
import { DEFAULT_PROTOCOL_LIMITS } from './RtmpProtocol.js';

/** api.RTMPChannel */
export interface RtmpChannel {
  name: string;
}

export interface RtmpTlsOptions {
  /** rtmp.address_tls */
  address: string;
  /** PEM text or Buffer, or the path of a PEM file (tls.cert_file). */
  cert: string | Buffer;
  key: string | Buffer;
  /**
   * Certificate renewals (tls.auto): called with the RTMPS tls.Server before it listens; returns a detach function.
   * Pass the HTTPS listener's SecureContextHolder so RTMPS serves the same, renewed certificate.
   */
  renewals?: { attach(server: tls.Server): () => void };
}

export interface RtmpServerOptions {
  /** rtmp.address, e.g. ":1935" or "127.0.0.1:0". */
  address: string;
  /** rtmp.app, e.g. "/" or "/live". */
  app: string;
  /** rtmp.token; empty = none. */
  token: string;
  /** RTMPS listener (rtmp.enable_tls) with the HTTPS certificate. */
  tls?: RtmpTlsOptions;
  logger: Logger;
  /** The `rtmp` session collector. */
  sessions?: SessionCollector;
  /** How long playing a stream that is not (yet) published waits before NetStream.Play.StreamNotFound; 2000 ms. */
  playWaitMs?: number;
  /** Time a client gets from connecting to a publish/play; 10 s. */
  setupTimeoutMs?: number;
  /** A publisher or player without traffic for this long is closed; 30 s. */
  idleTimeoutMs?: number;
  /** Unsent bytes at which a slow player is dropped; 64 MiB. */
  maxPlayerBacklogBytes?: number;
  /** Largest GOP kept for late players (a bigger one is not cached); 64 MiB. */
  maxGopCacheBytes?: number;
}

const TLS_HANDSHAKE_TIMEOUT_MS = 10_000;

async function pem(value: string | Buffer): Promise<string | Buffer> {
  if (Buffer.isBuffer(value) || value.includes('-----BEGIN')) return value;
  return readFile(value);
}

function listen(server: net.Server, address: string): Promise<void> {
  const { host, port } = parseListenAddress(address);
  return new Promise((resolve, reject) => {
    const onError = (error: Error) => reject(error);
    server.once('error', onError);
    server.listen({ port, host }, () => {
      server.off('error', onError);
      resolve();
    });
  });
}

function closeServer(server: net.Server | undefined): Promise<void> {
  if (!server?.listening) return Promise.resolve();
  return new Promise((resolve) => server.close(() => resolve()));
}

function boundPort(server: net.Server | undefined): number | undefined {
  const address = server?.address();
  return address && typeof address === 'object' ? address.port : undefined;
}

export class RtmpServer {
  private readonly logger: Logger;
  private readonly registry = new ChannelRegistry();
  private readonly connections = new Set<RtmpConnection>();
  private readonly limits: ConnectionLimits;
  private readonly app: string;
  private server: net.Server | undefined;
  private tlsServer: tls.Server | undefined;
  private running = false;
  private detachRenewals: (() => void) | undefined;
  // Set while stop() runs: a client accepted in that window is dropped instead of registered.
  private stopping = false;

  constructor(private readonly options: RtmpServerOptions) {
    this.logger = options.logger;
    this.app = normalizeApp(options.app);
    this.limits = {
      playWaitMs: options.playWaitMs ?? 2000,
      setupTimeoutMs: options.setupTimeoutMs ?? 10_000,
      idleTimeoutMs: options.idleTimeoutMs ?? 30_000,
      maxPlayerBacklogBytes: options.maxPlayerBacklogBytes ?? 64 * 1024 * 1024,
      maxGopCacheBytes: options.maxGopCacheBytes ?? 64 * 1024 * 1024,
      protocol: DEFAULT_PROTOCOL_LIMITS,
    };
  }

  /** The bound RTMP port (0 before start). */
  get port(): number {
    return boundPort(this.server) ?? 0;
  }

  /** The bound RTMPS port; undefined without TLS or before start. */
  get tlsPort(): number | undefined {
    return boundPort(this.tlsServer);
  }

  /** Binds rtmp.address (and the TLS address); rejects on a bad address, unreadable certificate or a taken port. */
  async start(): Promise<void> {
    if (this.running) return;
    const server = net.createServer((socket) => this.accept(socket));
    let tlsServer: tls.Server | undefined;
    try {
      await listen(server, this.options.address);
      if (this.options.tls) {
        const [cert, key] = await Promise.all([pem(this.options.tls.cert), pem(this.options.tls.key)]);
        tlsServer = tls.createServer({ cert, key, handshakeTimeout: TLS_HANDSHAKE_TIMEOUT_MS }, (socket) => this.accept(socket));
        tlsServer.on('tlsClientError', (error) => {
          this.logger.debug('TLS handshake failed', { error: error.message });
        });
        this.detachRenewals = this.options.tls.renewals?.attach(tlsServer);
        await listen(tlsServer, this.options.tls.address);
      }
    } catch (error) {
      this.detachRenewals?.();
      this.detachRenewals = undefined;
      await Promise.all([closeServer(server), closeServer(tlsServer)]);
      throw error;
    }
    for (const listener of [server, tlsServer]) {
      listener?.on('error', (error: Error) => this.logger.error('Listener failed', { error: error.message }));
    }
    this.server = server;
    this.tlsServer = tlsServer;
    this.running = true;
    this.logger.info('Server listening', { address: this.options.address, port: this.port, app: this.app });
    if (tlsServer) this.logger.info('TLS server listening', { address: this.options.tls?.address, port: this.tlsPort });
  }

  /** Stops listening and closes every client; publishers and players end, their sessions are unregistered. */
  async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    this.stopping = true;
    this.detachRenewals?.();
    this.detachRenewals = undefined;
    const closing = Promise.all([closeServer(this.server), closeServer(this.tlsServer)]);
    for (const connection of [...this.connections]) connection.destroy();
    this.connections.clear();
    await closing;
    this.server = undefined;
    this.tlsServer = undefined;
    this.stopping = false;
    this.logger.info('Server stopped');
  }

  /** GET /api/v3/rtmp: the streams being published right now, e.g. [{ name: "/live/foo" }]. */
  channels(): RtmpChannel[] {
    return this.registry.paths().map((name) => ({ name }));
  }

  private accept(socket: net.Socket): void {
    if (this.stopping) {
      socket.destroy();
      return;
    }
    const connection = new RtmpConnection(
      socket,
      {
        access: { app: this.app, token: this.options.token },
        channels: this.registry,
        sessions: this.options.sessions,
        logger: this.logger,
        limits: this.limits,
      },
      (gone) => this.connections.delete(gone),
    );
    this.connections.add(connection);
  }
}
