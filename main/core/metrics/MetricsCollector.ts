// Core's monitor: samples every metric each interval into a range-long history, and answers describe and queries.
import type { Logger } from '../log/Logger.js';
import { systemClock, type Clock } from '../process/Clock.js';
import type { MetricsDescription, MetricsResponse, MetricsResponseMetric, MetricValue } from './apiShapes.js';
import { CORE_METRICS, GPU_METRICS, type MetricDefinition, type MetricGroup } from './catalog.js';
import { collectFfmpeg, collectFilesystems, collectRestream, collectSessions, collectUptime } from './collectEngine.js';
import { collectCpu, collectDisks, collectGpus, collectMemory, collectNetwork } from './collectSystem.js';
import type { EngineSource } from './EngineSource.js';
import { MetricsHistory, seriesKey } from './MetricsHistory.js';
import { matchesAny, matchingValues, parseQuery, type LabelPattern } from './parseQuery.js';
import { resample } from './resample.js';
import type { SystemSource } from './SystemSource.js';

export interface MetricsCollectorOptions {
  system: SystemSource;
  engine: EngineSource;
  /** metrics.enable: keep a history. Queries for the current values work either way, as in Core. */
  enable: boolean;
  /** metrics.range_sec: seconds of history. */
  rangeSec: number;
  /** metrics.interval_sec: seconds between samples. */
  intervalSec: number;
  /** disk_total/disk_usage are reported for these paths (Core: the disk filesystem's directory). */
  diskPaths?: readonly string[];
  /** Also publish gpu_* (not in the v16 manual). Default false. */
  gpu?: boolean;
  /** A source that has not answered after this long counts as failed for this sample. Default 5000. */
  readTimeoutMs?: number;
  clock?: Clock;
  logger?: Logger;
}

/** Values are written with at most 3 decimals, as Core's MarshalJSON does. */
const round3 = (value: number) => (Number.isFinite(value) ? Math.round(value * 1000) / 1000 : 0);
const unixSeconds = (ms: number) => Math.floor(ms / 1000);

export class MetricsCollector {
  readonly definitions: readonly MetricDefinition[];
  private readonly groupOf: ReadonlyMap<string, MetricGroup>;
  private readonly names: ReadonlySet<string>;
  private readonly system: SystemSource;
  private readonly engine: EngineSource;
  private readonly diskPaths: readonly string[];
  private readonly clock: Clock;
  private readonly logger: Logger | undefined;
  private readonly history: MetricsHistory | null;
  private readonly rangeSec: number;
  private readonly intervalSec: number;
  private readonly readTimeoutMs: number;
  private readonly failing = new Set<MetricGroup>();
  private timer: unknown = null;
  private sampling: Promise<void> | null = null;

  private latest: { ts: number; values: MetricValue[] } | null = null;

  constructor(options: MetricsCollectorOptions) {
    this.definitions = options.gpu ? [...CORE_METRICS, ...GPU_METRICS] : CORE_METRICS;
    this.groupOf = new Map(this.definitions.map((d) => [d.name, d.group]));
    this.names = new Set(this.groupOf.keys());
    this.system = options.system;
    this.engine = options.engine;
    this.diskPaths = options.diskPaths ?? [];
    this.clock = options.clock ?? systemClock;
    this.logger = options.logger;
    this.rangeSec = options.rangeSec;
    this.intervalSec = options.intervalSec;
    this.readTimeoutMs = options.readTimeoutMs ?? 5000;
    if (options.enable) {
      if (!(options.intervalSec > 0) || !(options.rangeSec > 0) || options.intervalSec > options.rangeSec) {
        throw new RangeError(`metrics need 0 < interval_sec <= range_sec, got ${options.intervalSec} and ${options.rangeSec}`);
      }
      this.history = new MetricsHistory(Math.max(1, Math.floor(options.rangeSec / options.intervalSec)));
    } else {
      this.history = null;
    }
  }

  /** Whether a history is kept (metrics.enable). */
  get enabled(): boolean {
    return this.history !== null;
  }

  /** Samples the ring holds at most: range_sec / interval_sec; 0 without history. */
  get capacity(): number {
    return this.history?.capacity ?? 0;
  }

  /** Samples held now. */
  get length(): number {
    return this.history?.length ?? 0;
  }

  /** Core's Resolution(): what a response reports as timerange_sec/interval_sec (0/0 without history). */
  get resolution(): { timerangeSec: number; intervalSec: number } {
    return this.history ? { timerangeSec: this.rangeSec, intervalSec: this.intervalSec } : { timerangeSec: 0, intervalSec: 0 };
  }

  /** GET /api/v3/metrics: every metric with description and label names, sorted by name. */
  describe(): MetricsDescription[] {
    return this.definitions
      .map((d) => ({ name: d.name, description: d.description, labels: [...d.labels] }))
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  /** Reads the sources now for the given metric names (all without a list). */
  /** When the newest sample was taken (ms), while sampling runs; values do not change until the next one. */
  get latestSampleTs(): number | null {
    return this.latest?.ts ?? null;
  }

  async current(names?: Iterable<string>): Promise<MetricValue[]> {
    const wanted = names ? new Set(names) : this.names;
    // While sampling runs, the newest sample is at most one interval old: scrapes and polls reuse it instead of
    // reading every source again (a Prometheus scrape must stay cheap with many processes).
    const fresh = this.latest && this.clock.now() - this.latest.ts <= this.resolution.intervalSec * 1000 * 2 ? this.latest.values : null;
    if (fresh) return fresh.filter((value) => wanted.has(value.name));
    const groups = new Set<MetricGroup>();
    for (const name of wanted) {
      const group = this.groupOf.get(name);
      if (group) groups.add(group);
    }
    const values = await this.read(groups);
    return values.filter((value) => wanted.has(value.name));
  }

  /** Takes one sample into the history; overlapping calls share the running one. No-op without history. */
  collect(): Promise<void> {
    if (!this.history) return Promise.resolve();
    this.sampling ??= this.sample().finally(() => {
      this.sampling = null;
    });
    return this.sampling;
  }

  private async sample(): Promise<void> {
    const ts = this.clock.now();
    const values = await this.read(new Set(this.groupOf.values()));
    this.history?.push(ts, values);
    this.latest = { ts, values };
  }

  /** Starts sampling every interval_sec (timers are unref'd); the first sample is taken at once. */
  start(): void {
    if (!this.history || this.timer !== null) return;
    this.timer = this.clock.setInterval(() => void this.collect(), this.intervalSec * 1000);
    void this.collect();
  }

  stop(): void {
    if (this.timer === null) return;
    this.clock.clearInterval(this.timer);
    this.timer = null;
  }

  /**
   * POST /api/v3/metrics. Without timerange_sec: the current values, one [ts, value] each. With it: the history on a
   * grid of interval_sec (default: the sampling interval). Throws MetricsQueryError for unknown names or bad input.
   */
  async query(body: unknown): Promise<MetricsResponse> {
    const query = parseQuery(body, this.names);
    const { timerangeSec, intervalSec } = this.resolution;
    const response: MetricsResponse = { timerange_sec: timerangeSec, interval_sec: intervalSec, metrics: [] };
    if (query.patterns.size === 0) return response;
    if (query.timerangeSec === 0) {
      const now = unixSeconds(this.clock.now());
      const order = [...query.patterns.keys()];
      // In the order the names were asked for (sort is stable, so label sets keep the sources' order).
      const values = matchingValues(await this.current(order), query.patterns).sort((a, b) => order.indexOf(a.name) - order.indexOf(b.name));
      const seen = new Set<string>();
      for (const value of values) {
        const key = seriesKey(value.name, value.labels);
        if (seen.has(key)) continue;
        seen.add(key);
        response.metrics.push({ name: value.name, labels: { ...value.labels }, values: [[now, round3(value.value)]] });
      }
      return response;
    }
    response.metrics = this.series(query.patterns, query.timerangeSec, query.intervalSec || this.intervalSec);
    return response;
  }

  private series(patterns: ReadonlyMap<string, readonly LabelPattern[]>, timerangeSec: number, intervalSec: number): MetricsResponseMetric[] {
    if (!this.history) return [];
    const now = this.clock.now();
    const collectMs = this.intervalSec * 1000;
    const samples = this.history.samples(now - timerangeSec * 1000 - collectMs);
    const points = resample(
      samples.map((s) => s.ts),
      now,
      timerangeSec * 1000,
      intervalSec * 1000,
      collectMs,
    );
    const result: MetricsResponseMetric[] = [];
    for (const [name, list] of patterns) {
      for (const series of this.history.series(name)) {
        if (!matchesAny(series.labels, list)) continue;
        const values: Array<[number, number]> = [];
        for (const point of points) {
          const value = series.values[samples[point.sample]!.slot]!;
          if (!Number.isNaN(value)) values.push([unixSeconds(point.ts), round3(value)]);
        }
        if (values.length > 0) result.push({ name: series.name, labels: { ...series.labels }, values });
      }
    }
    return result;
  }

  /** One failing source must not cost the others their values; it is logged once until it recovers. */
  private async read(groups: ReadonlySet<MetricGroup>): Promise<MetricValue[]> {
    const results = await Promise.all(
      [...groups].map(async (group) => {
        try {
          const values = await this.withTimeout(group);
          this.failing.delete(group);
          return values;
        } catch (error) {
          if (!this.failing.has(group)) {
            this.failing.add(group);
            this.logger?.warn('reading metrics failed', { group, error: error instanceof Error ? error.message : String(error) });
          }
          return [];
        }
      }),
    );
    return results.flat();
  }

  /** A hanging source (a slow S3 listing) would otherwise stall every later sample behind it. */
  private withTimeout(group: MetricGroup): Promise<MetricValue[]> {
    let timer: unknown;
    const timeout = new Promise<never>((_, reject) => {
      timer = this.clock.setTimeout(() => reject(new Error(`no answer within ${this.readTimeoutMs} ms`)), this.readTimeoutMs);
    });
    return Promise.race([Promise.resolve().then(() => this.readGroup(group)), timeout]).finally(() => this.clock.clearTimeout(timer));
  }

  private readGroup(group: MetricGroup): MetricValue[] | Promise<MetricValue[]> {
    switch (group) {
      case 'cpu':
        return collectCpu(this.system);
      case 'mem':
        return collectMemory(this.system);
      case 'disk':
        return collectDisks(this.system, this.diskPaths);
      case 'net':
        return collectNetwork(this.system);
      case 'gpu':
        return collectGpus(this.system);
      case 'filesystem':
        return collectFilesystems(this.engine);
      case 'restream':
        return collectRestream(this.engine);
      case 'ffmpeg':
        return collectFfmpeg(this.engine);
      case 'session':
        return collectSessions(this.engine);
      case 'uptime':
        return collectUptime(this.engine);
    }
  }
}
