// One collector (hls, rtmp, ffmpeg, ...): its pending/active sessions, bitrates, limits and the history of closed ones.
import { emptySessionSummary, toApiNumber, toMegabytes, type ApiSession, type ApiSessionStats, type ApiSessionSummary } from './apiShapes.js';
import { historyKey, type HistoryFile, type HistoryTotals } from './history.js';
import { IpIgnoreList } from './IpIgnoreList.js';
import { Session, type SessionInfo } from './Session.js';
import { SlidingWindow } from './SlidingWindow.js';

export interface CollectorSettings {
  /** CIDR ranges: a session with either end in one of them is not captured. */
  ipIgnoreList: readonly string[];
  /** Active sessions at which new HLS viewers are refused; 0 = unlimited. */
  maxSessions: number;
  /** Outgoing bitrate at which new HLS viewers are refused; 0 = unlimited. */
  maxTxBitrateMbit: number;
  /** An active session closes after this long without traffic; 0 = only unregister() closes it (RTMP, SRT, FFmpeg). */
  idleTimeoutSec: number;
  /** A session that is never activated is dropped after this long without traffic; Core: 5 s. */
  inactiveTimeoutSec?: number;
}

export interface CollectorOptions {
  now?: () => number;
}

/** Core's limiter answer: HTTP 509 with one of its two messages. */
export interface LimitExceeded {
  status: 509;
  message: string;
}

export const SESSIONS_EXCEEDED = 'Number of sessions exceeded';
export const BITRATE_EXCEEDED = 'Bitrate limit exceeded';

/** The connection's addresses checked against the ignore list when they differ from the session's ends. */
export interface SessionAddresses {
  local?: string;
  remote?: string;
}

/** Counters for the metrics (session_active, session_total, session_rxbytes, session_txbitrate, ...); bitrates in bit/s. */
export interface CollectorStats {
  active: number;
  total: number;
  rxBytes: number;
  txBytes: number;
  rxBitrate: number;
  txBitrate: number;
  maxSessions: number;
  maxTxBitrate: number;
}

// Core: a new viewer is admitted while the companions' top egress (+15 % headroom) plus twice the stream's
// top ingress (the newcomer's initial burst) stays below sessions.max_bitrate_mbit.
const EGRESS_HEADROOM = 1.15;
const DEFAULT_INACTIVE_TIMEOUT_SEC = 5;

export class SessionCollector {
  /** Off when sessions.enable is false: nothing is captured and the views are empty. */
  enabled = true;
  private settings!: CollectorSettings;
  private ignoreList!: IpIgnoreList;
  private idleMs = 0;
  private inactiveMs = DEFAULT_INACTIVE_TIMEOUT_SEC * 1000;
  private readonly now: () => number;
  private readonly sessions = new Map<string, Session>();
  private readonly history = new Map<string, HistoryTotals>();
  private readonly companions: SessionCollector[] = [];
  private readonly rx = new SlidingWindow();
  private readonly tx = new SlidingWindow();
  private activeCount = 0;
  private totalSessions = 0;
  private rxTotal = 0;
  private txTotal = 0;
  // A lower bound of all deadlines: deadlines only move later, so until it passes nothing can have expired and
  // the per-request expiry check stays O(1) even with thousands of viewers.
  private nextDeadline = Infinity;

  constructor(
    readonly name: string,
    settings: CollectorSettings,
    options: CollectorOptions = {},
  ) {
    this.now = options.now ?? Date.now;
    this.reconfigure(settings);
  }

  /** New limits, timeouts and ignore list; current sessions and the history stay. Throws on an invalid CIDR. */
  reconfigure(settings: CollectorSettings): void {
    const ignoreList = new IpIgnoreList(settings.ipIgnoreList);
    const previousIdleMs = this.idleMs;
    this.settings = { ...settings, ipIgnoreList: [...settings.ipIgnoreList] };
    this.ignoreList = ignoreList;
    this.idleMs = Math.max(0, settings.idleTimeoutSec) * 1000;
    this.inactiveMs = Math.max(0, settings.inactiveTimeoutSec ?? DEFAULT_INACTIVE_TIMEOUT_SEC) * 1000;
    // Switching the idle timeout on or off applies to the active sessions right away; a changed length on their
    // next traffic.
    if ((previousIdleMs > 0) !== (this.idleMs > 0)) {
      const deadline = this.idleMs > 0 ? this.now() + this.idleMs : Infinity;
      for (const session of this.sessions.values()) {
        if (session.active) this.moveDeadline(session, deadline);
      }
    }
  }

  /** Whether traffic from/to this address is captured (not in sessions.ip_ignorelist). */
  isCollectable(ip: string): boolean {
    return !this.ignoreList.ignores(ip);
  }

  /**
   * Adds a pending session; it is dropped unless activated (or given traffic) within the inactive timeout.
   * False when disabled, for an empty id, or when an end is in the ignore list (`addresses` defaults to the
   * session's own local/remote). Registering a known id again is a no-op that returns true.
   */
  register(id: string, info: SessionInfo, addresses?: SessionAddresses): boolean {
    if (!this.enabled || id === '') return false;
    const ends = addresses ?? info;
    if (this.ignoreList.ignores(ends.local ?? '') || this.ignoreList.ignores(ends.remote ?? '')) return false;
    const now = this.now();
    if (this.live(id, now)) return true;
    const session = new Session(id, info, now, now + this.inactiveMs);
    this.sessions.set(id, session);
    if (session.deadline < this.nextDeadline) this.nextDeadline = session.deadline;
    return true;
  }

  registerAndActivate(id: string, info: SessionInfo, addresses?: SessionAddresses): boolean {
    if (!this.register(id, info, addresses)) return false;
    this.activate(id);
    return true;
  }

  /** Pending → active (counted, listed, idle timeout from now on). True only for the first activation. */
  activate(id: string): boolean {
    const now = this.now();
    const session = this.live(id, now);
    if (!session || session.active) return false;
    session.activate(now);
    this.activeCount++;
    this.totalSessions++;
    this.moveDeadline(session, this.idleMs > 0 ? now + this.idleMs : Infinity);
    return true;
  }

  /** Closes a session now; an active one goes into the history, a pending one is forgotten (as in Core). */
  unregister(id: string): boolean {
    const session = this.sessions.get(id);
    if (!session) return false;
    this.end(session);
    return true;
  }

  setExtra(id: string, extra: string): void {
    const session = this.live(id, this.now());
    if (session) session.extra = extra;
  }

  ingress(id: string, bytes: number): void {
    if (bytes <= 0) return;
    const now = this.now();
    const session = this.live(id, now);
    if (!session) return;
    session.ingress(now, bytes);
    this.rx.add(now, bytes * 8);
    this.rxTotal += bytes;
    this.touch(session, now);
  }

  egress(id: string, bytes: number): void {
    if (bytes <= 0) return;
    const now = this.now();
    const session = this.live(id, now);
    if (!session) return;
    session.egress(now, bytes);
    this.tx.add(now, bytes * 8);
    this.txTotal += bytes;
    this.touch(session, now);
  }

  /** Whether a (pending or active) session with this id exists. */
  known(id: string): boolean {
    return id !== '' && this.enabled && this.live(id, this.now()) !== undefined;
  }

  /** The number of active sessions (pending ones do not count, as in Core's limiter). */
  activeSessions(): number {
    this.expire(this.now());
    return this.activeCount;
  }

  /** api.Session list of the active sessions, oldest first. */
  active(): ApiSession[] {
    if (!this.enabled) return [];
    const now = this.now();
    this.expire(now);
    const list: Session[] = [];
    for (const session of this.sessions.values()) {
      if (session.active) list.push(session);
    }
    return list.sort((a, b) => a.createdAt - b.createdAt).map((session) => toApiSession(session, now));
  }

  /** api.SessionSummary: the active sessions and the history of closed ones. */
  summary(): ApiSessionSummary {
    const result = emptySessionSummary();
    if (!this.enabled) return result;
    const now = this.now();
    const list = this.active();
    result.active = {
      list,
      sessions: list.length,
      bandwidth_rx_mbit: toApiNumber(this.rx.average(now) / 1024 / 1024),
      bandwidth_tx_mbit: toApiNumber(this.tx.average(now) / 1024 / 1024),
      max_sessions: this.settings.maxSessions,
      max_bandwidth_rx_mbit: 0,
      max_bandwidth_tx_mbit: toApiNumber(this.settings.maxTxBitrateMbit),
    };
    type Bytes = { sessions: number; rx: number; tx: number };
    const add = (into: Bytes, entry: HistoryTotals) => {
      into.sessions += entry.total_sessions;
      into.rx += entry.total_rxbytes;
      into.tx += entry.total_txbytes;
    };
    const group = (map: Map<string, Bytes>, key: string): Bytes => {
      let bytes = map.get(key);
      if (!bytes) map.set(key, (bytes = { sessions: 0, rx: 0, tx: 0 }));
      return bytes;
    };
    // Bytes are summed first and converted once, as Core does, so small sessions still add up to megabytes.
    const all: Bytes = { sessions: 0, rx: 0, tx: 0 };
    const remotes = new Map<string, { total: Bytes; locals: Map<string, Bytes> }>();
    const locals = new Map<string, Bytes>();
    const references = new Map<string, Bytes>();
    for (const entry of this.history.values()) {
      let remote = remotes.get(entry.peer);
      if (!remote) remotes.set(entry.peer, (remote = { total: { sessions: 0, rx: 0, tx: 0 }, locals: new Map() }));
      add(remote.total, entry);
      add(group(remote.locals, entry.location), entry);
      add(group(locals, entry.location), entry);
      add(group(references, entry.reference), entry);
      add(all, entry);
    }
    const stats = (bytes: Bytes): ApiSessionStats => ({ sessions: bytes.sessions, traffic_rx_mb: toMegabytes(bytes.rx), traffic_tx_mb: toMegabytes(bytes.tx) });
    const summary = result.summary;
    for (const [peer, remote] of remotes) {
      const byLocal: Record<string, ApiSessionStats> = {};
      for (const [location, bytes] of remote.locals) byLocal[location] = stats(bytes);
      summary.remote[peer] = { ...stats(remote.total), local: byLocal };
    }
    for (const [location, bytes] of locals) summary.local[location] = stats(bytes);
    for (const [reference, bytes] of references) summary.reference[reference] = stats(bytes);
    Object.assign(summary, stats(all));
    return result;
  }

  /**
   * The widget's numbers for a process: active sessions whose reference starts with `prefix`, and the closed
   * sessions with such a reference in the history (Core counts only closed ones in "total").
   */
  referenceCounts(prefix: string): { current: number; total: number } {
    if (!this.enabled) return { current: 0, total: 0 };
    this.expire(this.now());
    let current = 0;
    let total = 0;
    for (const session of this.sessions.values()) {
      if (session.active && session.reference.startsWith(prefix)) current++;
    }
    for (const entry of this.history.values()) {
      if (entry.reference.startsWith(prefix)) total += entry.total_sessions;
    }
    return { current, total };
  }

  /**
   * Core's HLS limiter for a new viewer: 509 "Number of sessions exceeded" when max_sessions active sessions exist;
   * 509 "Bitrate limit exceeded" when companionTopEgressBitrate() × 1.15 + `streamBitrate` (bit/s; the caller
   * passes twice the stream's top ingress) reaches max_bitrate_mbit. Null = admit.
   */
  checkLimits(streamBitrate = 0): LimitExceeded | null {
    if (!this.enabled) return null;
    const { maxSessions, maxTxBitrateMbit } = this.settings;
    if (maxSessions > 0 && this.activeSessions() >= maxSessions) return { status: 509, message: SESSIONS_EXCEEDED };
    const maxBitrate = maxTxBitrateMbit * 1024 * 1024;
    if (maxBitrate > 0 && this.companionTopEgressBitrate() * EGRESS_HEADROOM + streamBitrate >= maxBitrate) {
      return { status: 509, message: BITRATE_EXCEEDED };
    }
    return null;
  }

  /** Collectors whose egress shares the uplink (Core: hls, rtmp, srt and ffmpeg are each other's companions). */
  addCompanion(collector: SessionCollector): void {
    if (collector !== this && !this.companions.includes(collector)) this.companions.push(collector);
  }

  /** Sum of the active sessions' decaying top egress bitrates (bit/s). */
  topEgressBitrate(): number {
    const now = this.now();
    this.expire(now);
    let bitrate = 0;
    for (const session of this.sessions.values()) {
      if (session.active) bitrate += session.topTxBitrate(now);
    }
    return bitrate;
  }

  companionTopEgressBitrate(): number {
    let bitrate = this.topEgressBitrate();
    for (const companion of this.companions) bitrate += companion.topEgressBitrate();
    return bitrate;
  }

  sessionTopIngressBitrate(id: string): number {
    const now = this.now();
    return this.live(id, now)?.topRxBitrate(now) ?? 0;
  }

  setSessionTopEgressBitrate(id: string, bitrate: number): void {
    const now = this.now();
    this.live(id, now)?.setTopTxBitrate(now, bitrate);
  }

  stats(): CollectorStats {
    const now = this.now();
    this.expire(now);
    return {
      active: this.activeCount,
      total: this.totalSessions,
      rxBytes: this.rxTotal,
      txBytes: this.txTotal,
      rxBitrate: this.rx.average(now),
      txBitrate: this.tx.average(now),
      maxSessions: this.settings.maxSessions,
      maxTxBitrate: this.settings.maxTxBitrateMbit * 1024 * 1024,
    };
  }

  /** Closes every session whose timeout has passed; the registry's timer calls it, reads call it too. */
  tick(now = this.now()): void {
    this.expire(now);
  }

  /** Ends all sessions into the history (shutdown), so their traffic is part of the persisted totals. */
  closeAll(): void {
    for (const session of [...this.sessions.values()]) this.end(session);
  }

  exportHistory(): HistoryFile {
    const sessions: Record<string, HistoryTotals> = {};
    for (const [key, entry] of this.history) sessions[key] = { ...entry };
    return { sessions };
  }

  /** Adds persisted totals to the history (entries with the same key are summed). */
  importHistory(file: HistoryFile): void {
    for (const [key, entry] of Object.entries(file.sessions)) {
      const current = this.history.get(key);
      if (!current) {
        this.history.set(key, { ...entry });
        continue;
      }
      current.total_sessions += entry.total_sessions;
      current.total_rxbytes += entry.total_rxbytes;
      current.total_txbytes += entry.total_txbytes;
    }
  }

  private live(id: string, now: number): Session | undefined {
    const session = this.sessions.get(id);
    if (!session) return undefined;
    if (session.deadline <= now) {
      this.end(session);
      return undefined;
    }
    return session;
  }

  private touch(session: Session, now: number): void {
    // Core resets every session's stale timer to the session timeout on traffic, pending ones included.
    if (session.active) this.moveDeadline(session, this.idleMs > 0 ? now + this.idleMs : Infinity);
    else this.moveDeadline(session, now + (this.idleMs > 0 ? this.idleMs : this.inactiveMs));
  }

  private moveDeadline(session: Session, deadline: number): void {
    session.deadline = deadline;
    if (deadline < this.nextDeadline) this.nextDeadline = deadline;
  }

  private expire(now: number): void {
    if (now < this.nextDeadline) return;
    let next = Infinity;
    for (const session of [...this.sessions.values()]) {
      if (session.deadline <= now) this.end(session);
      else if (session.deadline < next) next = session.deadline;
    }
    this.nextDeadline = next;
  }

  private end(session: Session): void {
    if (this.sessions.get(session.id) !== session) return;
    this.sessions.delete(session.id);
    if (!session.active) return;
    this.activeCount--;
    const key = historyKey(session.local, session.remote, session.reference);
    const entry = this.history.get(key);
    if (entry) {
      entry.total_sessions++;
      entry.total_rxbytes += session.rxBytes;
      entry.total_txbytes += session.txBytes;
    } else {
      this.history.set(key, {
        location: session.local,
        peer: session.remote,
        reference: session.reference,
        total_sessions: 1,
        total_rxbytes: session.rxBytes,
        total_txbytes: session.txBytes,
      });
    }
  }
}

function toApiSession(session: Session, now: number): ApiSession {
  return {
    id: session.id,
    reference: session.reference,
    created_at: Math.floor(session.createdAt / 1000),
    local: session.local,
    remote: session.remote,
    extra: session.extra,
    bytes_rx: session.rxBytes,
    bytes_tx: session.txBytes,
    bandwidth_rx_kbit: toApiNumber(session.rxBitrate(now) / 1024),
    bandwidth_tx_kbit: toApiNumber(session.txBitrate(now) / 1024),
  };
}
