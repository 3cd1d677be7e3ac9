// The named session collectors built from the `sessions` config, their API views, and the persisted history.
import type { ConfigData } from '../config/types.js';
import type { Logger } from '../log/Logger.js';
import { emptySessionSummary, type ApiSessionsActive, type ApiSessionsSummary } from './apiShapes.js';
import { historyPath, readHistory, writeHistory } from './history.js';
import { IpIgnoreList } from './IpIgnoreList.js';
import { SessionCollector, type CollectorSettings } from './SessionCollector.js';

export type SessionSettings = ConfigData['sessions'];

/** Core's collectors (app/api/api.go); `https` exists in Core too, for the TLS listener. */
export const DEFAULT_COLLECTORS: readonly string[] = ['hls', 'hlsingress', 'http', 'https', 'rtmp', 'srt', 'ffmpeg'];

// Egress that shares the uplink: the HLS limiter weighs all of these (Core wires them as mutual companions).
const COMPANIONS: readonly string[] = ['hls', 'rtmp', 'srt', 'ffmpeg'];
// Only HTTP-based sessions have no "disconnect" event, so only they close on idleness.
const IDLE_TIMEOUT_COLLECTORS = new Set(['hls', 'http', 'https']);
// Core's collector ids are plain alphanumerics, which also keeps <dir>/sessions/<name>.json inside its directory.
const COLLECTOR_NAME = /^[0-9A-Za-z]+$/;
const HLS_INGRESS_TIMEOUT_SEC = 30;
const TICK_MS = 1000;

export interface SessionRegistryOptions {
  settings: SessionSettings;
  /** db.dir; the history lives in <dbDir>/sessions/<collector>.json when sessions.persist is on. */
  dbDir: string;
  now?: () => number;
  /** Run the expiry (1 s) and persist timers; tests turn them off and call tick()/persist(). Default true. */
  timers?: boolean;
  logger?: Logger;
}

export class SessionRegistry {
  private settings: SessionSettings;
  private dbDir: string;
  private readonly now: () => number;
  private readonly timers: boolean;
  private readonly logger: Logger | undefined;
  private readonly collectors = new Map<string, SessionCollector>();
  // Directories whose files are already merged in, so re-enabling persistence never counts a file twice.
  private readonly loadedFrom = new Set<string>();
  private tickTimer: NodeJS.Timeout | undefined;
  private persistTimer: NodeJS.Timeout | undefined;
  private closed = false;

  constructor(options: SessionRegistryOptions) {
    this.settings = copySettings(options.settings);
    this.dbDir = options.dbDir;
    this.now = options.now ?? Date.now;
    this.timers = options.timers ?? true;
    this.logger = options.logger;
    for (const name of DEFAULT_COLLECTORS) this.collector(name);
    for (const name of COMPANIONS) {
      for (const other of COMPANIONS) this.collector(name).addCompanion(this.collector(other));
    }
    this.load();
    this.startTimers();
  }

  get enabled(): boolean {
    return this.settings.enable;
  }

  /** The collector with this name, created on first use (any alphanumeric name; Core's tests use "foo"). */
  collector(name: string): SessionCollector {
    let collector = this.collectors.get(name);
    if (collector) return collector;
    if (!COLLECTOR_NAME.test(name)) throw new Error(`invalid collector name '${name}': only letters and digits are allowed`);
    collector = new SessionCollector(name, this.collectorSettings(name), { now: this.now });
    collector.enabled = this.settings.enable;
    this.collectors.set(name, collector);
    if (this.settings.persist && this.loadedFrom.has(this.dbDir)) this.loadCollector(collector);
    return collector;
  }

  names(): string[] {
    return [...this.collectors.keys()];
  }

  /**
   * GET /api/v3/session: every requested name is a key, unknown ones with an empty summary (as Core's handler);
   * no names (absent or empty `collectors`) means all collectors. Empty structures while sessions are disabled.
   */
  summary(names?: readonly string[]): ApiSessionsSummary {
    const result: ApiSessionsSummary = {};
    for (const name of this.requested(names)) result[name] = this.collectors.get(name)?.summary() ?? emptySessionSummary();
    return result;
  }

  /** GET /api/v3/session/active, with the same name rules as summary(). */
  active(names?: readonly string[]): ApiSessionsActive {
    const result: ApiSessionsActive = {};
    for (const name of this.requested(names)) result[name] = this.collectors.get(name)?.active() ?? [];
    return result;
  }

  /** The widget's viewer counts for a process reference (the hls collector, matched by prefix as in Core). */
  forReference(reference: string): { current: number; total: number } {
    return this.collector('hls').referenceCounts(reference);
  }

  /** A config reload: new limits, timeouts, ignore list and persistence; sessions and history stay. */
  reconfigure(settings: SessionSettings, dbDir = this.dbDir): void {
    const next = copySettings(settings);
    // An invalid CIDR throws here, before any collector has changed.
    new IpIgnoreList(next.ip_ignorelist);
    for (const [name, collector] of this.collectors) collector.reconfigure(collectorSettings(name, next));
    this.settings = next;
    this.dbDir = dbDir;
    for (const collector of this.collectors.values()) collector.enabled = next.enable;
    this.load();
    this.stopTimers();
    this.startTimers();
  }

  /** Closes timed-out sessions of every collector. */
  tick(): void {
    const now = this.now();
    for (const collector of this.collectors.values()) collector.tick(now);
  }

  /** Writes every collector's history when sessions.persist is on; errors are logged, not thrown. */
  persist(): void {
    if (!this.settings.enable || !this.settings.persist) return;
    for (const [name, collector] of this.collectors) {
      try {
        writeHistory(historyPath(this.dbDir, name), collector.exportHistory());
      } catch (err) {
        this.logger?.warn('Failed to persist session history', { collector: name, error: (err as Error).message });
      }
    }
  }

  /** Shutdown: stops the timers, ends all sessions into the history and persists it. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.stopTimers();
    for (const collector of this.collectors.values()) collector.closeAll();
    this.persist();
  }

  private requested(names: readonly string[] | undefined): string[] {
    const given = (names ?? []).filter((name) => name !== '');
    return given.length > 0 ? [...new Set(given)] : this.names();
  }

  private collectorSettings(name: string): CollectorSettings {
    return collectorSettings(name, this.settings);
  }

  private load(): void {
    if (!this.settings.persist || this.loadedFrom.has(this.dbDir)) return;
    this.loadedFrom.add(this.dbDir);
    for (const collector of this.collectors.values()) this.loadCollector(collector);
  }

  private loadCollector(collector: SessionCollector): void {
    const file = historyPath(this.dbDir, collector.name);
    try {
      const history = readHistory(file);
      if (history) collector.importHistory(history);
    } catch (err) {
      this.logger?.warn('Ignoring unreadable session history', { collector: collector.name, file, error: (err as Error).message });
    }
  }

  private startTimers(): void {
    if (!this.timers || this.closed) return;
    this.tickTimer = setInterval(() => this.tick(), TICK_MS);
    this.tickTimer.unref();
    if (this.settings.persist && this.settings.persist_interval_sec > 0) {
      this.persistTimer = setInterval(() => this.persist(), this.settings.persist_interval_sec * 1000);
      this.persistTimer.unref();
    }
  }

  private stopTimers(): void {
    clearInterval(this.tickTimer);
    clearInterval(this.persistTimer);
    this.tickTimer = undefined;
    this.persistTimer = undefined;
  }
}

function copySettings(settings: SessionSettings): SessionSettings {
  return { ...settings, ip_ignorelist: [...settings.ip_ignorelist] };
}

/** Core's per-collector configuration: hlsingress watches local FFmpeg uploads, so no ignore list and no limits. */
function collectorSettings(name: string, settings: SessionSettings): CollectorSettings {
  if (name === 'hlsingress') return { ipIgnoreList: [], maxSessions: 0, maxTxBitrateMbit: 0, idleTimeoutSec: HLS_INGRESS_TIMEOUT_SEC };
  return {
    ipIgnoreList: settings.ip_ignorelist,
    maxSessions: settings.max_sessions,
    maxTxBitrateMbit: settings.max_bitrate_mbit,
    idleTimeoutSec: IDLE_TIMEOUT_COLLECTORS.has(name) ? settings.session_timeout_sec : 0,
  };
}
