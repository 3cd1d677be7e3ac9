// The /metrics exposition: Core's Prometheus metrics in a private prom-client registry, filled from live values per scrape.
import { Counter, Gauge, Registry, prometheusContentType } from 'prom-client';
import type { MetricValue } from './apiShapes.js';
import type { CpuCoreTimes, SystemSource } from './SystemSource.js';

/** The part of MetricsCollector the exporter reads. */
export interface CurrentValues {
  current(names?: Iterable<string>): Promise<MetricValue[]>;
  /** The newest sample's time while sampling runs; scrapes of the same sample can reuse the text. */
  readonly latestSampleTs?: number | null;
}

export interface PrometheusExporterOptions {
  collector: CurrentValues;
  /** Per-CPU times for the cpus_*_time_secs gauges. */
  system: Pick<SystemSource, 'cpuTimes'>;
  /** The config's id: every series carries it as the "core" label, as in Core. */
  coreId: string;
}

interface Snapshot {
  values: ReadonlyMap<string, readonly MetricValue[]>;
  cpus: readonly CpuCoreTimes[];
}

type Labels = Record<string, string>;
type Series = Array<[Labels, number]>;

interface PromMetric {
  name: string;
  help: string;
  type: 'gauge' | 'counter';
  /** Without "core", which every metric gets first. */
  labels: readonly string[];
  /** JSON metrics read for it. */
  sources: readonly string[];
  series(snapshot: Snapshot): Series;
}

const of = (snapshot: Snapshot, name: string) => snapshot.values.get(name) ?? [];
/** Each value of one JSON metric, its labels renamed/picked for Prometheus. */
const mapped =
  (source: string, pick: (labels: Labels) => Labels = () => ({})) =>
  (snapshot: Snapshot): Series =>
    of(snapshot, source).map((v) => [pick(v.labels), v.value]);
const perCpu =
  (key: 'system' | 'user' | 'idle') =>
  (snapshot: Snapshot): Series =>
    snapshot.cpus.map((cpu) => [{ cpu: cpu.cpu }, cpu[key]]);

const byLabel = (label: string) => (labels: Labels) => ({ [label]: labels[label] ?? '' });
const processLabels = (labels: Labels) => ({
  process: labels.processid ?? '',
  state: labels.state ?? '',
  order: labels.order ?? '',
  name: labels.name ?? '',
});
const ioLabels = (labels: Labels) => ({
  process: labels.processid ?? '',
  type: labels.type ?? '',
  id: labels.id ?? '',
  index: labels.index ?? '',
  stream: labels.stream ?? '',
  media: labels.media ?? '',
  name: labels.name ?? '',
});

const metric = (
  type: PromMetric['type'],
  name: string,
  help: string,
  labels: readonly string[],
  sources: readonly string[],
  series: PromMetric['series'],
): PromMetric => ({ type, name, help, labels, sources, series });

/**
 * The manual's 13 (FEATURES §13.4) plus what Core v16.16's exporter also serves (cpu_*_time_percent, mem_total_bytes,
 * disk_*, filesystem_*, ffmpeg_process_states, ffmpeg_states(_total), uptime_seconds). Where the manual lists fewer
 * labels than Core's code (ffmpeg_process, ffmpeg_process_io), Core's full label set is kept: it includes the manual's.
 */
export const PROMETHEUS_METRICS: readonly PromMetric[] = [
  metric('gauge', 'ffmpeg_process', 'General stats per process.', ['process', 'state', 'order', 'name'], ['restream_process'], mapped('restream_process', processLabels)),
  metric('gauge', 'ffmpeg_process_io', 'Stats per input and output of a process.', ['process', 'type', 'id', 'index', 'stream', 'media', 'name'], ['restream_io'], mapped('restream_io', ioLabels)),
  metric('gauge', 'mem_limit_bytes', 'Total available memory in bytes.', [], ['mem_total'], mapped('mem_total')),
  metric('gauge', 'mem_free_bytes', 'Free memory in bytes.', [], ['mem_free'], mapped('mem_free')),
  metric('gauge', 'net_rx_bytes', 'Number of received bytes by interface.', ['interface'], ['net_rx'], mapped('net_rx', byLabel('interface'))),
  metric('gauge', 'net_tx_bytes', 'Number of sent bytes by interface.', ['interface'], ['net_tx'], mapped('net_tx', byLabel('interface'))),
  metric('gauge', 'cpus_system_time_secs', 'System time per CPU in seconds.', ['cpu'], [], perCpu('system')),
  metric('gauge', 'cpus_user_time_secs', 'User time per CPU in seconds.', ['cpu'], [], perCpu('user')),
  metric('gauge', 'cpus_idle_time_secs', 'Idle time per CPU in seconds.', ['cpu'], [], perCpu('idle')),
  metric('counter', 'session_total', 'Total number of sessions by collector.', ['collector'], ['session_total'], mapped('session_total', byLabel('collector'))),
  metric('gauge', 'session_active', 'Current number of active sessions by collector.', ['collector'], ['session_active'], mapped('session_active', byLabel('collector'))),
  metric('counter', 'session_rx_bytes', 'Total received bytes by collector.', ['collector'], ['session_rxbytes'], mapped('session_rxbytes', byLabel('collector'))),
  metric('counter', 'session_tx_bytes', 'Total sent bytes by collector.', ['collector'], ['session_txbytes'], mapped('session_txbytes', byLabel('collector'))),
  // Core v16.16's exporter beyond the manual's table.
  metric('gauge', 'cpu_system_time_percent', 'CPU system time in percent', [], ['cpu_system'], mapped('cpu_system')),
  metric('gauge', 'cpu_user_time_percent', 'CPU user time in percent', [], ['cpu_user'], mapped('cpu_user')),
  metric('gauge', 'cpu_idle_time_percent', 'CPU idle time in percent', [], ['cpu_idle'], mapped('cpu_idle')),
  metric('gauge', 'cpu_other_time_percent', 'CPU other time in percent', [], ['cpu_other'], mapped('cpu_other')),
  metric('gauge', 'mem_total_bytes', 'Total available memory in bytes', [], ['mem_total'], mapped('mem_total')),
  metric('gauge', 'disk_total_bytes', 'Total size of the disk in bytes', ['path'], ['disk_total'], mapped('disk_total', byLabel('path'))),
  metric('gauge', 'disk_usage_bytes', 'Number of used bytes on the disk', ['path'], ['disk_usage'], mapped('disk_usage', byLabel('path'))),
  metric('gauge', 'filesystem_limit_bytes', 'Total size of the filesystem in bytes, negative if unlimited', ['name'], ['filesystem_limit'], mapped('filesystem_limit', byLabel('name'))),
  metric('gauge', 'filesystem_usage_bytes', 'Number of used bytes on the filesystem', ['name'], ['filesystem_usage'], mapped('filesystem_usage', byLabel('name'))),
  metric('gauge', 'filesystem_files', 'Number of files on the filesystem (excluding directories)', ['name'], ['filesystem_files'], mapped('filesystem_files', byLabel('name'))),
  metric('gauge', 'ffmpeg_process_states', 'Accumulated states per process', ['process', 'state'], ['restream_process_states'], mapped('restream_process_states', (l) => ({ process: l.processid ?? '', state: l.state ?? '' }))),
  metric('gauge', 'ffmpeg_states', 'Current process states', ['state'], ['restream_state'], mapped('restream_state', byLabel('state'))),
  metric('counter', 'ffmpeg_states_total', 'Accumulated process states', ['state'], ['ffmpeg_process'], mapped('ffmpeg_process', byLabel('state'))),
  metric('counter', 'uptime_seconds', 'Number of seconds the core is up', [], ['uptime_uptime'], mapped('uptime_uptime')),
];

const SOURCES = [...new Set(PROMETHEUS_METRICS.flatMap((m) => m.sources))];
const EMPTY: Snapshot = { values: new Map(), cpus: [] };

function index(values: readonly MetricValue[], cpus: readonly CpuCoreTimes[]): Snapshot {
  const byName = new Map<string, MetricValue[]>();
  for (const value of values) {
    const list = byName.get(value.name);
    if (list) list.push(value);
    else byName.set(value.name, [value]);
  }
  return { values: byName, cpus };
}

const finite = (value: number) => (Number.isFinite(value) ? value : 0);

export class PrometheusExporter {
  /** The exposition format's content type (text 0.0.4). */
  readonly contentType: string = prometheusContentType;
  readonly registry = new Registry();
  private readonly collector: CurrentValues;
  private readonly system: Pick<SystemSource, 'cpuTimes'>;
  private snapshot: Snapshot = EMPTY;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(options: PrometheusExporterOptions) {
    this.collector = options.collector;
    this.system = options.system;
    for (const definition of PROMETHEUS_METRICS) this.register(definition, options.coreId);
  }

  private register(definition: PromMetric, coreId: string): void {
    const read = () => definition.series(this.snapshot).map(([labels, value]): [Labels, number] => [{ core: coreId, ...labels }, finite(value)]);
    const labelNames = ['core', ...definition.labels];
    if (definition.type === 'counter') {
      new Counter({
        name: definition.name,
        help: definition.help,
        labelNames,
        registers: [this.registry],
        collect() {
          this.reset();
          // Counters only go up; the value is Core's running total, so it is set by adding it to a fresh zero.
          for (const [labels, value] of read()) this.inc(labels, Math.max(0, value));
        },
      });
      return;
    }
    new Gauge({
      name: definition.name,
      help: definition.help,
      labelNames,
      registers: [this.registry],
      collect() {
        this.reset();
        for (const [labels, value] of read()) this.set(labels, value);
      },
    });
  }

  // The text of the last scrape and the sample it came from: identical until the collector samples again.
  private rendered: { sample: number; text: string } | null = null;

  /** One scrape: reads the current values once, then renders every metric from them. Scrapes run one at a time. */
  render(): Promise<string> {
    const run = this.queue.then(async () => {
      const sample = this.collector.latestSampleTs ?? null;
      if (sample !== null && this.rendered?.sample === sample) return this.rendered.text;
      const [values, cpus] = await Promise.all([this.collector.current(SOURCES), this.system.cpuTimes().catch(() => [])]);
      this.snapshot = index(values, cpus);
      const text = await this.registry.metrics();
      this.rendered = sample === null ? null : { sample, text };
      return text;
    });
    this.queue = run.catch(() => undefined);
    return run;
  }
}
