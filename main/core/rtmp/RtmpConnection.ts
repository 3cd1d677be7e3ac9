// One RTMP(S) client connection: drives NMS's protocol engine over the socket, applies Core's token/app rules,
// publishes into or plays from the server's channels, and reports its traffic as an `rtmp` session.
import type { Socket } from 'node:net';
import type AVPacket from 'node-media-server/src/core/avpacket.js';
import type BaseSession from 'node-media-server/src/session/base_session.js';
import type { Logger } from '../log/Logger.js';
import { normalizeIp } from '../net/CidrList.js';
import type { SessionCollector } from '../session/index.js';
import { nmsSession, type Channel, type ChannelMember, type ChannelRegistry } from './ChannelRegistry.js';
import { withNmsLogger } from './nmsLog.js';
import { resolveStream, type StreamAccessOptions } from './resolveStream.js';
import { RtmpProtocol, type ProtocolLimits } from './RtmpProtocol.js';

export interface ConnectionLimits {
  /** A player of a path that is not live waits this long for a publisher before StreamNotFound. */
  playWaitMs: number;
  /** Time from accept until publish/play was accepted. */
  setupTimeoutMs: number;
  /** A publishing or playing connection without any traffic for this long is closed. */
  idleTimeoutMs: number;
  /** A player whose unsent data exceeds this is too slow for the stream and is dropped. */
  maxPlayerBacklogBytes: number;
  /** A GOP larger than this is not cached (late players then wait for the next key frame). */
  maxGopCacheBytes: number;
  protocol: ProtocolLimits;
}

export interface ConnectionContext {
  access: StreamAccessOptions;
  channels: ChannelRegistry;
  sessions: SessionCollector | undefined;
  logger: Logger;
  limits: ConnectionLimits;
}

type State = 'setup' | 'waiting' | 'publishing' | 'playing' | 'closed';

// A refused client gets this long to read the error status before the socket is destroyed.
const LINGER_MS = 2000;
// Media messages as Rtmp.createMessage frames them: 1-byte basic header (fmt 0), 11-byte message header.
const VIDEO_CHUNK_STREAM = 5;
const MESSAGE_HEADER_BYTES = 12;
// NMS clears (instead of dropping) a GOP cache of 4096 packets, after which it would hand out a GOP without its key
// frame; it is dropped just before that.
const MAX_GOP_CACHE_PACKETS = 4000;

/** Go's net.Addr form: "1.2.3.4:5678", "[::1]:5678". */
function addressString(ip: string, port: number | undefined): string {
  const host = ip.includes(':') ? `[${ip}]` : ip;
  return `${host}:${port ?? 0}`;
}

/**
 * For a message framed by Rtmp.createMessage: 'key' or 'inter' for a coded video frame, 'other' for everything a
 * player needs regardless (audio, data, sequence headers, end of sequence, command frames).
 */
export function videoFrameKind(message: Buffer): 'key' | 'inter' | 'other' {
  if (message.length <= MESSAGE_HEADER_BYTES || (message[0]! & 0x3f) !== VIDEO_CHUNK_STREAM) return 'other';
  const extended = message[1] === 0xff && message[2] === 0xff && message[3] === 0xff;
  const offset = MESSAGE_HEADER_BYTES + (extended ? 4 : 0);
  if (message.length <= offset) return 'other';
  const first = message[offset]!;
  const frameType = (first >> 4) & 0x07;
  if (first & 0x80) {
    // Enhanced RTMP: the low nibble is the packet type; 1 CodedFrames, 3 CodedFramesX carry pictures.
    const packetType = first & 0x0f;
    if (packetType !== 1 && packetType !== 3) return 'other';
  } else {
    const codec = first & 0x0f;
    // AVC and HEVC: AVCPacketType 0 sequence header, 2 end of sequence.
    if ((codec === 7 || codec === 12) && message[offset + 1] !== 1) return 'other';
  }
  if (frameType === 1) return 'key';
  return frameType === 2 || frameType === 3 ? 'inter' : 'other';
}

export class RtmpConnection implements ChannelMember {
  /** Client address as Core shows it ("ip:port"). */
  readonly remote: string;
  private readonly remoteIp: string;
  private readonly protocol: RtmpProtocol;
  private state: State = 'setup';
  private channel: Channel | undefined;
  private session: BaseSession | undefined;
  private sessionId: string | undefined;
  private streamPath = '';
  private cancelWait: (() => void) | undefined;
  private lingerTimer: NodeJS.Timeout | undefined;
  private awaitingKeyFrame = false;
  private bytesIn = 0;
  private bytesOut = 0;
  /** Bytes written in this turn of the event loop, not yet counted in the viewer session. */
  private unreportedOut = 0;
  private batching = false;
  private acknowledged = 0;
  private gopBytes = 0;

  constructor(
    private readonly socket: Socket,
    private readonly context: ConnectionContext,
    private readonly onGone: (connection: RtmpConnection) => void,
  ) {
    this.remoteIp = normalizeIp(socket.remoteAddress ?? '');
    this.remote = addressString(this.remoteIp, socket.remotePort);
    this.protocol = new RtmpProtocol(
      {
        output: (buffer) => this.write(buffer),
        publish: (app, name) => this.onPublish(app, name),
        play: (app, name) => this.onPlay(app, name),
        packet: (packet) => this.onPacket(packet),
        // FFmpeg sends deleteStream when it stops publishing or playing; the channel is freed right away.
        deleteStream: () => {
          if (this.state === 'publishing' || this.state === 'playing') this.close();
        },
      },
      context.limits.protocol,
    );
    socket.setNoDelay(true);
    socket.setTimeout(context.limits.setupTimeoutMs);
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('timeout', () => {
      this.context.logger.debug('Closing an idle connection', { client: this.remote, state: this.state });
      this.destroy();
    });
    socket.on('error', (error: Error) => {
      this.context.logger.debug('Connection error', { client: this.remote, error: error.message });
    });
    socket.on('close', () => {
      this.teardown();
      clearTimeout(this.lingerTimer);
      this.onGone(this);
    });
  }

  /** Closes at once (server stop, protocol error). */
  destroy(): void {
    this.teardown();
    this.socket.destroy();
  }

  /** Flushes what was written (an error status) and closes. */
  close(): void {
    this.teardown();
    if (this.socket.destroyed) return;
    this.socket.end();
    this.lingerTimer ??= setTimeout(() => this.socket.destroy(), LINGER_MS).unref();
  }

  endPlayback(): void {
    if (this.state !== 'playing') return;
    this.protocol.endPlay(this.streamPath);
    this.close();
  }

  private onData(chunk: Buffer): void {
    if (this.state === 'closed') return;
    this.bytesIn += chunk.length;
    if (this.sessionId !== undefined) this.context.sessions?.ingress(this.sessionId, chunk.length);
    try {
      withNmsLogger(this.context.logger, () => this.protocol.parserData(chunk));
    } catch (error) {
      // Garbage, truncated or hostile input only ever costs this one connection.
      this.context.logger.debug('Closing a connection after a protocol error', {
        client: this.remote,
        error: error instanceof Error ? error.message : String(error),
      });
      this.destroy();
      return;
    }
    this.acknowledge();
  }

  /** RTMP flow control: confirm received bytes once per window the peer asked for (NMS never does). */
  private acknowledge(): void {
    const window = this.protocol.ackSize;
    if (this.state === 'closed' || !window || window <= 0 || this.bytesIn - this.acknowledged < window) return;
    this.acknowledged = this.bytesIn;
    this.protocol.sendACK(this.bytesIn % 2 ** 32);
  }

  /**
   * Writes are batched per turn of the event loop: one publisher read fans out several messages to every player,
   * and corking turns them into one syscall per player (and one session update) instead of one per message.
   */
  private write(buffer: Buffer): void {
    if (this.socket.destroyed || !this.socket.writable) return;
    if (!this.batching) {
      this.batching = true;
      this.socket.cork();
      process.nextTick(this.flush);
    }
    this.socket.write(buffer);
    this.bytesOut += buffer.length;
    this.unreportedOut += buffer.length;
  }

  private readonly flush = (): void => {
    this.batching = false;
    this.socket.uncork();
    if (this.sessionId !== undefined && this.unreportedOut > 0) this.context.sessions?.egress(this.sessionId, this.unreportedOut);
    this.unreportedOut = 0;
  };

  private refuse(who: 'PUBLISH' | 'PLAY', action: string, path: string, code: string, message: string): void {
    // The path never contains the token: resolveStream strips it, and the query is not part of it.
    this.context.logger.warn(message, { who, action, path, client: this.remote });
    this.protocol.refuse(code, message);
    this.close();
  }

  private onPublish(rawApp: string, rawName: string): void {
    if (this.state !== 'setup') {
      this.close();
      return;
    }
    const decision = resolveStream(rawApp, rawName, this.context.access);
    if (!decision.allowed) {
      this.refuse('PUBLISH', 'FORBIDDEN', decision.path, 'NetStream.Publish.Denied', decision.reason);
      return;
    }
    const session = nmsSession(
      decision.path,
      () => undefined,
      () => this.close(),
    );
    session.isPublisher = true;
    const channel = this.context.channels.claim(decision.path, decision.reference, this, session);
    if (!channel) {
      this.refuse('PUBLISH', 'CONFLICT', decision.path, 'NetStream.Publish.BadName', 'already publishing');
      return;
    }
    this.state = 'publishing';
    this.channel = channel;
    this.session = session;
    this.streamPath = decision.path;
    this.protocol.allowMedia();
    this.socket.setTimeout(this.context.limits.idleTimeoutMs);
    this.protocol.acceptPublish(decision.path);
    // Core: the publisher's session id is the path, its local end "publish:<path>".
    this.register(decision.path, decision.reference, `publish:${decision.path}`);
    this.context.logger.info('Publishing started', { who: 'PUBLISH', action: 'START', path: decision.path, client: this.remote });
  }

  private onPlay(rawApp: string, rawName: string): void {
    if (this.state !== 'setup') {
      this.close();
      return;
    }
    const decision = resolveStream(rawApp, rawName, this.context.access);
    if (!decision.allowed) {
      this.refuse('PLAY', 'FORBIDDEN', decision.path, 'NetStream.Play.Failed', decision.reason);
      return;
    }
    const channel = this.context.channels.find(decision.path);
    if (channel) {
      this.attach(channel);
      return;
    }
    // Core answers a missing stream at once; a short wait lets a player that races its publisher (two processes
    // started together) succeed, and the answer is an error status, never a connection left hanging.
    this.state = 'waiting';
    this.streamPath = decision.path;
    const { playWaitMs, setupTimeoutMs } = this.context.limits;
    if (playWaitMs >= setupTimeoutMs) this.socket.setTimeout(playWaitMs + 1000);
    this.cancelWait = this.context.channels.waitFor(decision.path, playWaitMs, (found) => {
      this.cancelWait = undefined;
      if (this.state !== 'waiting') return;
      if (found) {
        this.attach(found);
        return;
      }
      this.context.logger.info('Stream not found', { who: 'PLAY', action: 'NOTFOUND', path: decision.path, client: this.remote });
      this.protocol.refuse('NetStream.Play.StreamNotFound', `${decision.path} is not published`);
      this.close();
    });
  }

  private attach(channel: Channel): void {
    this.state = 'playing';
    this.channel = channel;
    this.streamPath = channel.path;
    this.socket.setTimeout(this.context.limits.idleTimeoutMs);
    // Core: a player's session id is its address, its local end "play:<path>".
    this.register(this.remote, channel.reference, `play:${channel.path}`);
    this.protocol.acceptPlay();
    const session = nmsSession(
      channel.path,
      (buffer) => this.sendMedia(buffer),
      () => this.close(),
    );
    this.session = session;
    // With a GOP cached the player starts on its key frame; without, it waits for the next one.
    this.awaitingKeyFrame = (channel.broadcast.rtmpGopCache?.size ?? 0) === 0;
    channel.players.add(this);
    channel.broadcast.postPlay(session);
    this.context.logger.info('Playing started', { who: 'PLAY', action: 'START', path: channel.path, client: this.remote });
  }

  /** Media from the channel (called while the publisher's bytes are parsed: must never throw). */
  private sendMedia(message: Buffer): void {
    if (this.state !== 'playing') return;
    if (this.awaitingKeyFrame) {
      const kind = videoFrameKind(message);
      if (kind === 'inter') return;
      if (kind === 'key') this.awaitingKeyFrame = false;
    }
    if (this.socket.writableLength > this.context.limits.maxPlayerBacklogBytes) {
      this.context.logger.warn('Dropping a player that cannot keep up', { who: 'PLAY', action: 'SLOW', path: this.streamPath, client: this.remote });
      this.destroy();
      return;
    }
    this.write(message);
  }

  private onPacket(packet: AVPacket): void {
    if (this.state !== 'publishing' || !this.channel) return;
    // Audio, video and script data only: NMS would frame other types (AMF3 data) on chunk stream 0, corrupting players.
    if (packet.codec_type !== 8 && packet.codec_type !== 9 && packet.codec_type !== 18) return;
    const broadcast = this.channel.broadcast;
    broadcast.broadcastMessage(packet);
    // NMS also keeps every GOP as FLV tags for its HTTP-FLV players, which this server never has.
    broadcast.flvGopCache = null;
    if (packet.flags === 3) this.gopBytes = packet.size;
    else if (packet.flags === 1 || packet.flags === 4) this.gopBytes += packet.size;
    const cache = broadcast.rtmpGopCache;
    if (cache && (this.gopBytes > this.context.limits.maxGopCacheBytes || cache.size >= MAX_GOP_CACHE_PACKETS)) {
      // Null (not empty) until the next key frame starts a new cache: a GOP without its key frame is useless.
      broadcast.rtmpGopCache = null;
    }
  }

  private register(id: string, reference: string, local: string): void {
    const sessions = this.context.sessions;
    if (!sessions) return;
    // As Core: only the client's IP is checked against sessions.ip_ignorelist.
    if (!sessions.registerAndActivate(id, { reference, local, remote: this.remote }, { remote: this.remoteIp })) return;
    this.sessionId = id;
    sessions.ingress(id, this.bytesIn);
    sessions.egress(id, this.bytesOut - this.unreportedOut); // the rest goes with this turn's flush
  }

  private teardown(): void {
    if (this.state === 'closed') return;
    const previous = this.state;
    this.state = 'closed';
    this.cancelWait?.();
    this.cancelWait = undefined;
    const channel = this.channel;
    if (previous === 'publishing' && channel) {
      this.context.channels.release(channel);
      this.context.logger.info('Publishing stopped', { who: 'PUBLISH', action: 'STOP', path: channel.path, client: this.remote });
    } else if (previous === 'playing' && channel) {
      channel.players.delete(this);
      if (this.session) channel.broadcast.donePlay(this.session);
      this.context.logger.info('Playing stopped', { who: 'PLAY', action: 'STOP', path: channel.path, client: this.remote });
    }
    if (this.sessionId !== undefined) this.context.sessions?.unregister(this.sessionId);
    this.sessionId = undefined;
  }
}
