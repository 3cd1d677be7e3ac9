// One session's state: ends, byte counters, 10 s bitrates, the decaying top bitrate and when it expires.
import { SlidingWindow } from './SlidingWindow.js';

/** What a caller knows about a new session. `local`/`remote` are free text in Core (an address, a path, a referrer). */
export interface SessionInfo {
  reference: string;
  local: string;
  remote: string;
  extra?: string;
}

// Core multiplies an active session's top bitrate by 0.95 every second, so a past peak fades within a minute.
const TOP_DECAY_PER_SECOND = 0.95;

export class Session {
  readonly createdAt: number;
  readonly reference: string;
  /** Empty ends read "unknown", as Core registers them. */
  readonly local: string;
  readonly remote: string;
  extra: string;
  active = false;
  rxBytes = 0;
  txBytes = 0;
  /** When the session closes unless traffic or activation moves it (ms; Infinity = never). */
  deadline: number;
  private readonly rx = new SlidingWindow();
  private readonly tx = new SlidingWindow();
  private topRx = 0;
  private topTx = 0;
  private topAt = 0;

  constructor(
    readonly id: string,
    info: SessionInfo,
    now: number,
    deadline: number,
  ) {
    this.createdAt = now;
    this.reference = info.reference;
    this.local = info.local === '' ? 'unknown' : info.local;
    this.remote = info.remote === '' ? 'unknown' : info.remote;
    this.extra = info.extra ?? '';
    this.deadline = deadline;
  }

  activate(now: number): void {
    this.active = true;
    this.topAt = now;
  }

  ingress(now: number, bytes: number): void {
    this.rxBytes += bytes;
    this.rx.add(now, bytes * 8);
    this.decay(now);
    const bitrate = this.rx.average(now);
    if (bitrate > this.topRx) this.topRx = bitrate;
  }

  egress(now: number, bytes: number): void {
    this.txBytes += bytes;
    this.tx.add(now, bytes * 8);
    this.decay(now);
    const bitrate = this.tx.average(now);
    if (bitrate > this.topTx) this.topTx = bitrate;
  }

  /** bit/s over the last 10 s */
  rxBitrate(now: number): number {
    return this.rx.average(now);
  }

  txBitrate(now: number): number {
    return this.tx.average(now);
  }

  topRxBitrate(now: number): number {
    this.decay(now);
    return this.topRx;
  }

  topTxBitrate(now: number): number {
    this.decay(now);
    return this.topTx;
  }

  /** Core seeds a new HLS viewer with the stream's bitrate so the limiter counts it before it has pulled anything. */
  setTopTxBitrate(now: number, bitrate: number): void {
    this.decay(now);
    this.topTx = bitrate;
  }

  // Applied lazily (and continuously) instead of Core's per-session one-second ticker; pending sessions do not decay.
  private decay(now: number): void {
    if (!this.active || now <= this.topAt) return;
    const factor = TOP_DECAY_PER_SECOND ** ((now - this.topAt) / 1000);
    this.topRx *= factor;
    this.topTx *= factor;
    this.topAt = now;
  }
}
