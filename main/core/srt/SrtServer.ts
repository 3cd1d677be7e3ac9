// The built-in SRT server (Core's srt/): callers publish or request named resources; who may connect is decided
// during the handshake, a publisher's MPEG-TS messages fan out to its subscribers, /api/v3/srt reports the state.
import type { Logger } from '../log/Logger.js';
import { parseListenAddress } from '../net/listenAddress.js';
import type { SessionCollector } from '../session/index.js';
import { emptySrtStatistics, type ApiSrtChannels, type ApiSrtConnection, type ApiSrtLogTopics } from './apiShapes.js';
import { loadSrtBinding, REJECT, SOCKET_STATE, type Binding, type NativeEvent, type NativeLogLine, type NativeServer } from './binding.js';
import { SRT_LOG_AREAS, SrtLogBook, resolveLogAreas } from './SrtLogBook.js';
import { parseStreamId } from './streamId.js';

export interface SrtServerOptions {
  /** srt.address, e.g. ':6000' or '127.0.0.1:0' (port 0 = any free port). */
  address: string;
  /** srt.passphrase: when set (10 to 79 characters) every caller must use it. */
  passphrase: string;
  /** srt.token: when set every stream id must carry it (",token:T"). */
  token: string;
  logger: Logger;
  /** The `srt` collector: publishers as ingress, subscribers as egress, reference = resource. */
  sessions?: SessionCollector;
  /** srt.log: libsrt's log lines of these topics are kept for /api/v3/srt. */
  log?: { enable: boolean; topics: string[] };
  /** The native binding (tests); by default loadSrtBinding(). */
  binding?: Binding | Error;
  /** SRTO_LATENCY for the listener (ms); libsrt's default (120 ms) otherwise. */
  latencyMs?: number;
}

type Mode = 'publish' | 'request';

interface Connection {
  id: number;
  resource: string;
  mode: Mode;
  peer: string;
  /** Core's session ids: the resource for a publisher, the peer address for a subscriber. */
  sessionId: string;
  captured: boolean;
}

interface Channel {
  resource: string;
  publisher: Connection;
  subscribers: Map<number, Connection>;
  /** The subscribers' ids for send(), rebuilt after a change. */
  targets: number[] | undefined;
}

interface Admission {
  resource: string;
  mode: Mode;
  peer: string;
  expires: number;
}

type Decision = { ok: true; resource: string; mode: Mode } | { ok: false; code: number };

// An admitted caller that has not been accepted within this time (its handshake failed after the decision, e.g.
// on a wrong passphrase) no longer holds its resource.
const ADMISSION_TTL_MS = 10_000;
const LIBSRT_DEBUG = 7;

// libsrt's log routing is process-wide; the server that switched it on is the one that may switch it off.
let logOwner: symbol | undefined;

export class SrtServer {
  private native: NativeServer | undefined;
  private binding: Binding | undefined;
  private listenerId = 0;
  private readonly channelsByResource = new Map<string, Channel>();
  private readonly connections = new Map<number, Connection>();
  private readonly admissions = new Map<number, Admission>();
  private nextSweep = 0;
  private readonly logBook = new SrtLogBook();
  private readonly logger: Logger;
  private readonly logToken = Symbol('srt-log');

  constructor(private readonly options: SrtServerOptions) {
    this.logger = options.logger;
  }

  /** The UDP port listened on (useful with port 0); 0 while stopped. */
  get port(): number {
    return this.native?.port() ?? 0;
  }

  get running(): boolean {
    return this.native !== undefined;
  }

  /** Binds and listens. Rejects when the binding is unavailable, the address is taken or the passphrase is invalid. */
  async start(): Promise<void> {
    if (this.native) return;
    const binding = this.options.binding ?? loadSrtBinding();
    if (binding instanceof Error) throw new Error(`SRT server unavailable: ${binding.message}`);
    const { host, port } = parseListenAddress(this.options.address);
    const passphrase = this.options.passphrase;
    if (passphrase !== '' && (Buffer.byteLength(passphrase) < 10 || Buffer.byteLength(passphrase) > 79)) {
      throw new Error('srt.passphrase must be 10 to 79 characters long');
    }
    try {
      this.native = new binding.Server(
        { host: host ?? '', port, passphrase, ...(this.options.latencyMs !== undefined ? { latencyMs: this.options.latencyMs } : {}) },
        (events) => this.onEvents(events),
        (id, streamId, peer, hsVersion) => this.onConnect(id, streamId, peer, hsVersion),
      );
    } catch (error) {
      throw new Error(`SRT server cannot listen on '${this.options.address}': ${describeError(error)}`);
    }
    this.binding = binding;
    this.listenerId = this.native.listenerId();
    this.startLibsrtLog(binding);
    this.logger.info('SRT server started', { address: this.options.address, port: this.native.port(), libsrt: binding.version });
  }

  /** Closes the listener and every connection at once (no linger); sessions end. */
  async stop(): Promise<void> {
    const native = this.native;
    if (!native) return;
    this.native = undefined;
    if (logOwner === this.logToken) {
      logOwner = undefined;
      this.binding?.setLogHandler(null);
    }
    native.close();
    for (const connection of this.connections.values()) this.endSession(connection);
    this.connections.clear();
    this.channelsByResource.clear();
    this.admissions.clear();
    this.logBook.clear();
    this.logger.info('SRT server stopped', { address: this.options.address });
  }

  /** GET /api/v3/srt: one api.SRTChannels with every publishing resource, its subscribers and their stats. */
  channels(): ApiSrtChannels[] {
    const result: ApiSrtChannels = { publisher: {}, subscriber: {}, connections: {}, log: {} };
    const native = this.native;
    if (!native) return [result];
    const logs = new Map<number, ApiSrtLogTopics>();
    const describe = (connection: Connection): void => {
      const entry: ApiSrtConnection = { log: {}, stats: native.stats(connection.id) ?? emptySrtStatistics() };
      result.connections[String(connection.id)] = entry;
      logs.set(connection.id, entry.log);
    };
    for (const channel of this.channelsByResource.values()) {
      result.publisher[channel.resource] = channel.publisher.id;
      describe(channel.publisher);
      if (channel.subscribers.size > 0) result.subscriber[channel.resource] = [...channel.subscribers.keys()];
      for (const subscriber of channel.subscribers.values()) describe(subscriber);
    }
    result.log = this.logBook.distribute(logs, new Set([this.listenerId]));
    return [result];
  }

  // --- handshake -------------------------------------------------------------------------------------------------

  /** libsrt's listen callback: runs while the caller waits for the handshake; 0 admits, an SRT_REJX code rejects. */
  private onConnect(id: number, streamId: string, peer: string, hsVersion: number): number {
    try {
      this.sweepAdmissions();
      const decision = this.decide(streamId, peer, hsVersion);
      if (!decision.ok) return decision.code;
      this.admissions.set(id, { resource: decision.resource, mode: decision.mode, peer, expires: Date.now() + ADMISSION_TTL_MS });
      return 0;
    } catch (error) {
      this.logger.error('SRT connect decision failed', { error: describeError(error), client: peer });
      return REJECT.INTERNAL;
    }
  }

  private decide(streamId: string, peer: string, hsVersion: number): Decision {
    if (hsVersion < 5) {
      this.log('CONNECT', 'INVALID', streamId, 'unsupported handshake version', peer);
      return { ok: false, code: REJECT.BAD_REQUEST };
    }
    const info = parseStreamId(streamId);
    if (info.resource === '') {
      this.log('CONNECT', 'INVALID', '', 'stream resource not provided', peer);
      return { ok: false, code: REJECT.BAD_REQUEST };
    }
    if (info.mode !== 'publish' && info.mode !== 'request') {
      this.log('CONNECT', 'INVALID', info.resource, 'invalid connection mode', peer);
      return { ok: false, code: REJECT.BAD_MODE };
    }
    if (this.options.token !== '' && info.token !== this.options.token) {
      this.log('CONNECT', 'FORBIDDEN', info.resource, 'invalid token', peer);
      return { ok: false, code: REJECT.UNAUTHORIZED };
    }
    if (info.mode === 'publish' && this.publishing(info.resource)) {
      this.log('PUBLISH', 'CONFLICT', info.resource, 'already publishing', peer);
      return { ok: false, code: REJECT.CONFLICT };
    }
    if (info.mode === 'request' && !this.channelsByResource.has(info.resource)) {
      this.log('SUBSCRIBE', 'NOTFOUND', info.resource, 'no publisher for this resource found', peer);
      return { ok: false, code: REJECT.NOT_FOUND };
    }
    return { ok: true, resource: info.resource, mode: info.mode };
  }

  /** Whether the resource has a publisher, or an admitted one whose handshake is still alive. */
  private publishing(resource: string): boolean {
    if (this.channelsByResource.has(resource)) return true;
    for (const [id, admission] of this.admissions) {
      if (admission.mode !== 'publish' || admission.resource !== resource) continue;
      if (this.admitted(id, admission, Date.now())) return true;
      this.admissions.delete(id);
    }
    return false;
  }

  /** An admitted caller's handshake can still complete (libsrt has not dropped its socket). */
  private admitted(id: number, admission: Admission, now: number): boolean {
    return admission.expires > now && this.native !== undefined && this.native.state(id) <= SOCKET_STATE.CONNECTED;
  }

  /** Forgets admissions whose handshake failed after the decision (at most once a second). */
  private sweepAdmissions(): void {
    const now = Date.now();
    if (now < this.nextSweep || this.admissions.size === 0) return;
    this.nextSweep = now + 1_000;
    for (const [id, admission] of this.admissions) {
      if (!this.admitted(id, admission, now)) this.admissions.delete(id);
    }
  }

  // --- connections -----------------------------------------------------------------------------------------------

  private onEvents(events: NativeEvent[]): void {
    for (const event of events) {
      try {
        if (event.type === 'data') this.onData(event.id, event.data, event.sizes);
        else if (event.type === 'accept') this.onAccept(event.id, event.peer, event.streamId);
        else this.onClose(event.id, event.reason);
      } catch (error) {
        this.logger.error('SRT event handling failed', { event: event.type, socket: event.id, error: describeError(error) });
      }
    }
  }

  private onAccept(id: number, peer: string, streamId: string): void {
    const native = this.native;
    if (!native) return;
    let admission = this.admissions.get(id);
    this.admissions.delete(id);
    if (!admission) {
      // Admitted longer ago than the admission lasts: decide again with today's state.
      const decision = this.decide(streamId, peer, 5);
      if (!decision.ok) {
        native.closeSocket(id);
        return;
      }
      admission = { resource: decision.resource, mode: decision.mode, peer, expires: 0 };
    }
    const { resource, mode } = admission;
    if (mode === 'publish') {
      if (this.channelsByResource.has(resource)) {
        this.log('PUBLISH', 'CONFLICT', resource, 'already publishing', peer);
        native.closeSocket(id);
        return;
      }
      const publisher = this.addConnection(id, resource, mode, peer, resource, `publish:${resource}`);
      this.channelsByResource.set(resource, { resource, publisher, subscribers: new Map(), targets: undefined });
      this.log('PUBLISH', 'START', resource, '', peer);
      return;
    }
    const channel = this.channelsByResource.get(resource);
    if (!channel) {
      this.log('SUBSCRIBE', 'NOTFOUND', resource, 'no publisher for this resource found', peer);
      native.closeSocket(id);
      return;
    }
    const subscriber = this.addConnection(id, resource, mode, peer, peer, `play:${resource}`);
    channel.subscribers.set(id, subscriber);
    channel.targets = undefined;
    this.log('SUBSCRIBE', 'START', resource, '', peer);
  }

  private onData(id: number, data: Buffer, sizes: number[]): void {
    const connection = this.connections.get(id);
    // Subscribers have nothing to say; what they send is dropped.
    if (!connection || connection.mode !== 'publish' || !this.native) return;
    if (connection.captured) this.options.sessions?.ingress(connection.sessionId, data.length);
    const channel = this.channelsByResource.get(connection.resource);
    if (!channel || channel.subscribers.size === 0) return;
    const targets = (channel.targets ??= [...channel.subscribers.keys()]);
    const sent = this.native.send(targets, data, sizes);
    for (let i = 0; i < targets.length; i++) {
      const subscriber = channel.subscribers.get(targets[i]!);
      if (!subscriber) continue;
      const bytes = sent[i] ?? -1;
      if (bytes < 0) this.close(subscriber, 'sending failed');
      else if (bytes > 0 && subscriber.captured) this.options.sessions?.egress(subscriber.sessionId, bytes);
    }
  }

  private onClose(id: number, reason: string): void {
    this.admissions.delete(id);
    const connection = this.connections.get(id);
    if (connection) this.close(connection, reason);
    else this.native?.closeSocket(id);
  }

  /** Ends a connection; a publisher takes its subscribers with it. */
  private close(connection: Connection, reason: string): void {
    if (!this.connections.delete(connection.id)) return;
    this.native?.closeSocket(connection.id);
    this.endSession(connection);
    const channel = this.channelsByResource.get(connection.resource);
    if (connection.mode === 'publish') {
      if (channel?.publisher === connection) {
        this.channelsByResource.delete(connection.resource);
        for (const subscriber of channel.subscribers.values()) this.close(subscriber, 'publisher left');
      }
      this.log('PUBLISH', 'STOP', connection.resource, reason, connection.peer);
      return;
    }
    if (channel?.subscribers.delete(connection.id)) channel.targets = undefined;
    this.log('SUBSCRIBE', 'STOP', connection.resource, reason, connection.peer);
  }

  private addConnection(id: number, resource: string, mode: Mode, peer: string, sessionId: string, local: string): Connection {
    const sessions = this.options.sessions;
    const captured =
      sessions !== undefined && sessions.registerAndActivate(sessionId, { reference: resource, local, remote: peer }, { remote: hostOf(peer) });
    const connection: Connection = { id, resource, mode, peer, sessionId, captured };
    this.connections.set(id, connection);
    return connection;
  }

  private endSession(connection: Connection): void {
    if (connection.captured) this.options.sessions?.unregister(connection.sessionId);
    connection.captured = false;
  }

  // --- logging ---------------------------------------------------------------------------------------------------

  private startLibsrtLog(binding: Binding): void {
    const settings = this.options.log;
    if (!settings?.enable) return;
    const areas = resolveLogAreas(settings.topics);
    if (areas.length === 0) return;
    logOwner = this.logToken;
    binding.setLogHandler((lines) => this.onLibsrtLog(lines), { level: LIBSRT_DEBUG, areas: areas.map((name) => SRT_LOG_AREAS[name]!.fa) });
  }

  private onLibsrtLog(lines: NativeLogLine[]): void {
    if (logOwner === this.logToken) this.logBook.add(lines);
  }

  private log(handler: string, status: string, resource: string, message: string, client: string): void {
    this.logger.info(message, { handler, status, resource, client });
  }
}

/** "1.2.3.4:5" → "1.2.3.4", "[::1]:5" → "::1" (for the session ignore list). */
function hostOf(peer: string): string {
  const bracketed = /^\[([^\]]+)\]:\d+$/.exec(peer);
  if (bracketed) return bracketed[1]!;
  const split = peer.lastIndexOf(':');
  return split > 0 ? peer.slice(0, split) : peer;
}

function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
