// The streams being published on one RtmpServer (RTMP and RTMPS share it): one publisher per path, its players,
// and the players waiting for a path to go live. Each server owns its registry; NMS's global Context is not used.
import BaseSession from 'node-media-server/src/session/base_session.js';
import BroadcastServer from 'node-media-server/src/server/broadcast_server.js';

/** What the registry needs from a connection. */
export interface ChannelMember {
  /** The publisher left: tell the player the stream ended and close. */
  endPlayback(): void;
}

export interface Channel {
  /** "/live/foo": the key, and the name GET /api/v3/rtmp lists. */
  readonly path: string;
  readonly reference: string;
  /** NMS's fan-out with the metadata, sequence header and GOP caches for late players. */
  readonly broadcast: BroadcastServer;
  readonly publisher: ChannelMember;
  readonly players: Set<ChannelMember>;
}

type Waiter = (channel: Channel | undefined) => void;

export class ChannelRegistry {
  private readonly channels = new Map<string, Channel>();
  private readonly waiters = new Map<string, Set<Waiter>>();

  /** The publishing paths, oldest first. */
  paths(): string[] {
    return [...this.channels.keys()];
  }

  find(path: string): Channel | undefined {
    return this.channels.get(path);
  }

  /** Makes `publisher` the source of `path`; undefined while another publisher holds it. */
  claim(path: string, reference: string, publisher: ChannelMember, session: BaseSession): Channel | undefined {
    if (this.channels.has(path)) return undefined;
    const broadcast = new BroadcastServer(path);
    const error = broadcast.postPublish(session);
    if (error !== null) return undefined;
    const channel: Channel = { path, reference, broadcast, publisher, players: new Set() };
    this.channels.set(path, channel);
    const waiting = this.waiters.get(path);
    if (waiting) {
      this.waiters.delete(path);
      for (const waiter of waiting) waiter(channel);
    }
    return channel;
  }

  /**
   * The publisher is gone: the path is free at once (NMS would hold it for a 30 s resume grace) and its players
   * are told the stream ended, as Core closes them with the channel.
   */
  release(channel: Channel): void {
    if (this.channels.get(channel.path) !== channel) return;
    this.channels.delete(channel.path);
    channel.broadcast._finishPublish();
    for (const player of [...channel.players]) player.endPlayback();
    channel.players.clear();
  }

  /** Calls `done` with the channel once `path` is published, or with undefined after `timeoutMs`; returns a cancel. */
  waitFor(path: string, timeoutMs: number, done: Waiter): () => void {
    let waiting = this.waiters.get(path);
    if (!waiting) this.waiters.set(path, (waiting = new Set()));
    const set = waiting;
    const timer = setTimeout(() => {
      remove();
      done(undefined);
    }, timeoutMs);
    const waiter: Waiter = (channel) => {
      clearTimeout(timer);
      done(channel);
    };
    const remove = () => {
      set.delete(waiter);
      if (set.size === 0 && this.waiters.get(path) === set) this.waiters.delete(path);
    };
    set.add(waiter);
    return () => {
      clearTimeout(timer);
      remove();
    };
  }
}

/** A stand-in session for NMS's BroadcastServer. An empty ip marks it "internal": NMS skips its own auth and events. */
export function nmsSession(path: string, sendBuffer: (buffer: Buffer) => void, close: () => void): BaseSession {
  const session = new BaseSession();
  session.protocol = 'rtmp';
  session.ip = '';
  session.streamPath = path;
  session.sendBuffer = sendBuffer;
  session.close = close;
  return session;
}
