// MetricsCollector with fake sources and a fake clock: describe, current values, history series, filters, errors.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { MetricsCollector, type MetricsCollectorOptions } from '../../../main/core/metrics/MetricsCollector.js';
import { MetricsQueryError } from '../../../main/core/metrics/MetricsQueryError.js';
import type { MetricsResponse } from '../../../main/core/metrics/apiShapes.js';
import { contractViolations } from '../../helpers/contract.js';
import { sharedDir } from '../../helpers/paths.js';
import { recordingLogger } from '../../helpers/silentLogger.js';
import { FakeEngine, FakeSystem, fakeClock, processStats } from './helpers.js';

function setup(overrides: Partial<MetricsCollectorOptions> = {}) {
  const clock = fakeClock();
  const system = new FakeSystem();
  const engine = new FakeEngine();
  const collector = new MetricsCollector({ system, engine, enable: true, rangeSec: 300, intervalSec: 2, diskPaths: ['/data'], clock, ...overrides });
  return { clock, system, engine, collector };
}

const metric = (response: MetricsResponse, name: string, labels: Record<string, string> = {}) =>
  response.metrics.find((m) => m.name === name && Object.entries(labels).every(([k, v]) => m.labels[k] === v));

/** The 29 rows of FEATURES §13.2: | Collector | `name` | description | labels |. */
function documentedMetrics(): Array<{ name: string; description: string; labels: string[] }> {
  const text = readFileSync(path.join(sharedDir, 'spec/FEATURES.md'), 'utf8');
  const section = text.slice(text.indexOf('### 13.2'), text.indexOf('### 13.3'));
  return [...section.matchAll(/^\|[^|]+\|\s*`([a-z_]+)`\s*\|([^|]+)\|([^|]+)\|$/gm)].map((m) => ({
    name: m[1]!,
    description: m[2]!.trim(),
    labels: m[3]!.trim() === '–' ? [] : m[3]!.split(',').map((l) => l.trim()),
  }));
}

// Core's MarshalJSON writes each value as [ts, value] although its swagger declares {ts, value}; the UI reads
// values[0][1]. That one mismatch is expected, anything else is a contract violation.
const WIRE_PAIR = /^\/metrics\/\d+\/values\/\d+ must be object$/;
function postViolations(body: unknown): string[] {
  return contractViolations('POST', '/api/v3/metrics', 200, body).filter((v) => !WIRE_PAIR.test(v));
}

describe('describe()', () => {
  it('lists every metric of the manual with its description and labels, sorted by name', () => {
    const documented = documentedMetrics();
    expect(documented).toHaveLength(29);
    const described = setup().collector.describe();
    expect(described).toEqual([...documented].sort((a, b) => a.name.localeCompare(b.name)));
    expect(described.map((d) => d.name)).toEqual([...described.map((d) => d.name)].sort());
    expect(contractViolations('GET', '/api/v3/metrics', 200, described)).toEqual([]);
  });

  it('adds the gpu_* metrics only when asked to', () => {
    const names = setup({ gpu: true }).collector.describe().map((d) => d.name);
    expect(names).toEqual(expect.arrayContaining(['gpu_ngpu', 'gpu_usage', 'gpu_mem_total', 'gpu_mem_free']));
    expect(names).toHaveLength(33);
  });
});

describe('history ring', () => {
  it('holds range_sec / interval_sec samples', async () => {
    expect(setup({ rangeSec: 300, intervalSec: 2 }).collector.capacity).toBe(150);
    expect(setup({ rangeSec: 10, intervalSec: 3 }).collector.capacity).toBe(3);
    const { collector, clock } = setup({ rangeSec: 10, intervalSec: 2 });
    for (let i = 0; i < 12; i++) {
      await collector.collect();
      clock.advance(2000);
    }
    expect(collector.capacity).toBe(5);
    expect(collector.length).toBe(5);
  });

  it('rejects an interval longer than the range, like Core', () => {
    expect(() => setup({ rangeSec: 2, intervalSec: 5 })).toThrow(RangeError);
  });

  it('start() samples at once and then every interval on unref-able clock timers; stop() clears them', async () => {
    const { collector, clock } = setup({ rangeSec: 20, intervalSec: 2 });
    collector.start();
    collector.start();
    await collector.collect();
    expect(collector.length).toBe(1);
    clock.advance(2000);
    await collector.collect();
    expect(collector.length).toBe(2);
    clock.advance(4000);
    await collector.collect();
    expect(collector.length).toBe(3);
    collector.stop();
    expect(clock.pending()).toBe(0);
    clock.advance(10_000);
    expect(collector.length).toBe(3);
  });

  it('without metrics.enable keeps no history but still answers current values (as Core)', async () => {
    const { collector, clock } = setup({ enable: false });
    collector.start();
    expect(clock.pending()).toBe(0);
    await collector.collect();
    expect(collector.capacity).toBe(0);
    const series = await collector.query({ timerange_sec: 60, interval_sec: 2, metrics: [{ name: 'cpu_idle' }] });
    expect(series).toEqual({ timerange_sec: 0, interval_sec: 0, metrics: [] });
    const current = await collector.query({ metrics: [{ name: 'cpu_idle' }] });
    expect(current.metrics).toEqual([{ name: 'cpu_idle', labels: {}, values: [[1_700_000_000, 65]] }]);
  });
});

describe('query: current values', () => {
  const UI_QUERY = {
    metrics: [
      'uptime_uptime',
      'cpu_ncpu',
      'cpu_idle',
      'mem_total',
      'mem_free',
      'filesystem_limit',
      'filesystem_usage',
      'session_limit',
      'session_active',
      'session_txbitrate',
      'session_maxtxbitrate',
    ].map((name) => ({ name })),
  };

  it("answers the Restreamer UI's footer query with [ts, value] pairs and the labels it looks for", async () => {
    const { collector, system, clock } = setup();
    const response = await collector.query(UI_QUERY);
    expect(response.timerange_sec).toBe(300);
    expect(response.interval_sec).toBe(2);
    const now = Math.floor(clock.now() / 1000);
    expect(metric(response, 'uptime_uptime')).toEqual({ name: 'uptime_uptime', labels: {}, values: [[now, 123.457]] });
    expect(metric(response, 'cpu_ncpu')!.values[0]![1]).toBe(4);
    expect(metric(response, 'cpu_idle')!.values[0]![1]).toBe(65);
    expect(metric(response, 'mem_total')!.values[0]![1]).toBe(8 * 1024 ** 3);
    expect(metric(response, 'mem_free')!.values[0]![1]).toBe(3 * 1024 ** 3);
    expect(metric(response, 'filesystem_limit', { name: 'diskfs' })!.values[0]![1]).toBe(-1);
    expect(metric(response, 'filesystem_limit', { name: 'memfs' })!.values[0]![1]).toBe(1024 * 1024);
    expect(metric(response, 'filesystem_usage', { name: 'memfs' })!.values[0]![1]).toBe(2048);
    expect(metric(response, 'session_active', { collector: 'hls' })!.values[0]![1]).toBe(2);
    expect(metric(response, 'session_txbitrate', { collector: 'hls' })!.values[0]![1]).toBe(4_000_000);
    expect(metric(response, 'session_maxtxbitrate', { collector: 'hls' })!.values[0]![1]).toBe(100_000_000);
    expect(metric(response, 'session_limit', { collector: 'hls' })!.values[0]![1]).toBe(50);
    expect(response.metrics.every((m) => m.values.length === 1)).toBe(true);
    expect([...new Set(response.metrics.map((m) => m.name))]).toEqual(UI_QUERY.metrics.map((m) => m.name));
    // 1 + 1 + 1 + 1 + 1 + 2 filesystems x 2 + 3 collectors x 4
    expect(response.metrics).toHaveLength(21);
    expect(postViolations(JSON.parse(JSON.stringify(response)))).toEqual([]);

    // Current means read now, not the last sample.
    system.cpuUsage = { ...system.cpuUsage, idle: 12.34567 };
    const again = await collector.query({ metrics: [{ name: 'cpu_idle' }] });
    expect(again.metrics).toEqual([{ name: 'cpu_idle', labels: {}, values: [[now, 12.346]] }]);
  });

  it('publishes restream_* per process and io with Core\'s label sets, and ffmpeg_process per state', async () => {
    const { collector } = setup();
    const names = ['restream_process', 'restream_process_states', 'restream_io', 'restream_state', 'ffmpeg_process', 'disk_total', 'disk_usage', 'net_rx', 'net_tx'];
    const response = await collector.query({ metrics: names.map((name) => ({ name })) });
    expect(metric(response, 'restream_process', { processid: 'p1', name: 'cpu' })).toEqual({
      name: 'restream_process',
      labels: { processid: 'p1', state: 'running', order: 'start', name: 'cpu' },
      values: [[expect.any(Number), 12.346]],
    });
    expect(metric(response, 'restream_process', { processid: 'p1', name: 'bitrate' })!.values[0]![1]).toBe(3000 * 1024);
    expect(metric(response, 'restream_process', { processid: 'p2', name: 'fps' })!.labels).toMatchObject({ state: 'failed', order: 'stop' });
    expect(response.metrics.filter((m) => m.name === 'restream_process')).toHaveLength(2 * 15);
    expect(metric(response, 'restream_process_states', { processid: 'p1', state: 'starting' })!.values[0]![1]).toBe(1);
    expect(metric(response, 'restream_process_states', { processid: 'p1', state: 'killed' })!.values[0]![1]).toBe(0);
    expect(metric(response, 'restream_io', { processid: 'p1', type: 'output', name: 'q' })!.labels).toEqual({
      processid: 'p1',
      type: 'output',
      id: 'out',
      address: 'rtmp://localhost/live/p1',
      index: '0',
      stream: '0',
      media: 'video',
      name: 'q',
    });
    expect(metric(response, 'restream_io', { type: 'input', name: 'q' })).toBeUndefined();
    expect(metric(response, 'restream_state', { state: 'running' })!.values[0]![1]).toBe(1);
    expect(metric(response, 'restream_state', { state: 'failed' })!.values[0]![1]).toBe(1);
    expect(metric(response, 'restream_state', { state: 'killed' })!.values[0]![1]).toBe(0);
    expect(response.metrics.filter((m) => m.name === 'ffmpeg_process').map((m) => [m.labels.state, m.values[0]![1]])).toEqual([
      ['finished', 1],
      ['starting', 3],
      ['running', 2],
      ['finishing', 1],
      ['failed', 1],
      ['killed', 0],
    ]);
    expect(metric(response, 'disk_total', { path: '/data' })!.values[0]![1]).toBe(100e9);
    expect(metric(response, 'net_tx', { interface: 'eth0' })!.values[0]![1]).toBe(7_000_000);
    expect(postViolations(JSON.parse(JSON.stringify(response)))).toEqual([]);
  });

  it('label filters: a missing filter matches all, values are matched as unanchored regular expressions (Core)', async () => {
    const { collector } = setup();
    const collectors = async (labels?: Record<string, string>) =>
      (await collector.query({ metrics: [{ name: 'session_active', labels }] })).metrics.map((m) => m.labels.collector);
    expect(await collectors()).toEqual(['hls', 'hlsingress', 'rtmp']);
    expect(await collectors({ collector: 'rtmp' })).toEqual(['rtmp']);
    expect(await collectors({ collector: 'hls' })).toEqual(['hls', 'hlsingress']);
    expect(await collectors({ collector: '^hls$' })).toEqual(['hls']);
    expect(await collectors({ collector: 'srt' })).toEqual([]);
    expect(await collectors({ nolabel: '.*' })).toEqual([]);
    const both = await collector.query({
      metrics: [
        { name: 'filesystem_usage', labels: { name: '^memfs$' } },
        { name: 'filesystem_usage', labels: { name: '^diskfs$' } },
        { name: 'filesystem_usage', labels: { name: 'fs' } },
      ],
    });
    expect(both.metrics.map((m) => m.labels.name)).toEqual(['diskfs', 'memfs']);
  });

  it('an empty query or an entry without a name answers no metrics', async () => {
    const { collector } = setup();
    expect(await collector.query({})).toEqual({ timerange_sec: 300, interval_sec: 2, metrics: [] });
    expect((await collector.query({ metrics: [{ name: '' }] })).metrics).toEqual([]);
  });

  it('a failing source costs only its own metrics and is logged once until it recovers', async () => {
    const logger = recordingLogger();
    const { collector, engine } = setup({ logger });
    const working = engine.processes.bind(engine);
    engine.processes = async () => {
      throw new Error('registry gone');
    };
    for (let i = 0; i < 2; i++) {
      const response = await collector.query({ metrics: [{ name: 'restream_state' }, { name: 'uptime_uptime' }] });
      expect(response.metrics.map((m) => m.name)).toEqual(['uptime_uptime']);
    }
    expect(logger.entries).toEqual([{ level: 'warn', message: 'reading metrics failed', fields: { group: 'restream', error: 'registry gone' } }]);
    engine.processes = working;
    expect((await collector.query({ metrics: [{ name: 'restream_state' }] })).metrics).toHaveLength(6);
  });

  it('a source that never answers times out instead of stalling the sampler', async () => {
    const { collector, engine, clock } = setup({ readTimeoutMs: 5000 });
    engine.processes = () => new Promise(() => {});
    const sampled = collector.collect();
    // Let the answering sources answer before the hanging one's deadline passes.
    await new Promise((resolve) => setImmediate(resolve));
    clock.advance(5000);
    await sampled;
    expect(collector.length).toBe(1);
    const series = await collector.query({ timerange_sec: 10, interval_sec: 2, metrics: [{ name: 'restream_state' }, { name: 'uptime_uptime' }] });
    expect(series.metrics.map((m) => m.name)).toEqual(['uptime_uptime']);
  });
});

describe('query: errors', () => {
  async function details(body: unknown): Promise<string[]> {
    try {
      await setup().collector.query(body);
    } catch (error) {
      expect(error).toBeInstanceOf(MetricsQueryError);
      return (error as MetricsQueryError).details;
    }
    throw new Error('no error');
  }

  it('rejects unknown metric names, listing each', async () => {
    expect(await details({ metrics: [{ name: 'cpu_idle' }, { name: 'cpu_limit' }, { name: 'nope' }] })).toEqual([
      'metrics[1].name: unknown metric "cpu_limit"',
      'metrics[2].name: unknown metric "nope"',
    ]);
  });

  it('rejects bad numbers, shapes and label patterns', async () => {
    expect(await details({ timerange_sec: -1, interval_sec: 1.5, metrics: [] })).toEqual([
      'timerange_sec: must be a non-negative integer',
      'interval_sec: must be a non-negative integer',
    ]);
    expect(await details({ metrics: {} })).toEqual(['metrics: must be an array']);
    expect(await details({ metrics: [{ name: 5 }] })).toEqual(['metrics[0]: must be an object with a string name']);
    expect(await details({ metrics: [{ name: 'net_rx', labels: { interface: '(' } }] })).toEqual([
      'metrics[0].labels.interface: invalid regular expression "("',
    ]);
    expect(await details({ metrics: [{ name: 'net_rx', labels: { interface: 1 } }] })).toEqual(['metrics[0].labels.interface: must be a string']);
    expect(await details(null)).toEqual(['query: must be an object']);
  });
});

describe('query: series', () => {
  /** Samples every 2 s with uptime = sample number; returns the collector at 1 s after the last sample. */
  async function sampled(count: number, overrides: Partial<MetricsCollectorOptions> = {}) {
    const context = setup({ rangeSec: 20, intervalSec: 2, ...overrides });
    for (let i = 0; i < count; i++) {
      context.engine.uptime = i;
      await context.collector.collect();
      if (i < count - 1) context.clock.advance(2000);
    }
    context.clock.advance(1000);
    return context;
  }

  it('resamples the history onto timerange/interval (Core grid: now - timerange - interval_sec on)', async () => {
    const { collector, clock } = await sampled(10);
    const start = 1_700_000_000;
    expect(Math.floor(clock.now() / 1000)).toBe(start + 19);
    const response = await collector.query({ timerange_sec: 6, interval_sec: 2, metrics: [{ name: 'uptime_uptime' }] });
    expect(response).toEqual({
      timerange_sec: 20,
      interval_sec: 2,
      metrics: [
        {
          name: 'uptime_uptime',
          labels: {},
          // Grid at now-8, now-6, now-4 = 11, 13, 15 s. Core reads only samples from now-8 on, so 11 s (whose sample
          // is at 10 s) has none; 13 and 15 s hold the samples taken at 12 and 14 s.
          values: [
            [start + 13, 6],
            [start + 15, 7],
          ],
        },
      ],
    });
    expect(postViolations(JSON.parse(JSON.stringify(response)))).toEqual([]);
  });

  it('a finer interval repeats samples, a coarser one skips them, a missing one uses interval_sec', async () => {
    const { collector } = await sampled(10);
    const values = async (q: Record<string, unknown>) =>
      (await collector.query({ ...q, metrics: [{ name: 'uptime_uptime' }] })).metrics[0]!.values.map(([, v]) => v);
    // Grid 13, 14, 15, 16 s over samples at 14, 16, 18 s.
    expect(await values({ timerange_sec: 4, interval_sec: 1 })).toEqual([7, 7, 8]);
    // Grid 9, 13 s over samples from 10 s on.
    expect(await values({ timerange_sec: 8, interval_sec: 4 })).toEqual([6]);
    expect(await values({ timerange_sec: 6 })).toEqual([6, 7]);
  });

  it('covers only what the ring still holds, on a grid that ends interval + interval_sec before now (Core)', async () => {
    // Samples #20..#29 at 40..58 s remain; now = 59 s, the grid's last point is 55 s.
    const { collector } = await sampled(30);
    const values = (await collector.query({ timerange_sec: 3600, interval_sec: 2, metrics: [{ name: 'uptime_uptime' }] })).metrics[0]!.values;
    expect(values.map(([, v]) => v)).toEqual([20, 21, 22, 23, 24, 25, 26, 27]);
  });

  it('keeps one series per label set; a process that went away has values only while it existed', async () => {
    const context = setup({ rangeSec: 20, intervalSec: 2 });
    const { collector, engine, clock } = context;
    for (let i = 0; i < 6; i++) {
      if (i === 3) engine.procs = [processStats('p1')];
      await collector.collect();
      clock.advance(2000);
    }
    const response = await collector.query({
      timerange_sec: 12,
      interval_sec: 2,
      metrics: [{ name: 'restream_process', labels: { name: '^fps$' } }],
    });
    // Samples at 0..10 s, now = 12 s: grid -2, 0, ..., 8 s, the first before any sample.
    expect(response.metrics.map((m) => [m.labels.processid, m.values.length])).toEqual([
      ['p1', 5],
      ['p2', 3],
    ]);
  });

  it('label filters apply to series too', async () => {
    const { collector } = await sampled(5);
    const response = await collector.query({ timerange_sec: 10, interval_sec: 2, metrics: [{ name: 'net_rx', labels: { interface: '^eth' } }] });
    expect(response.metrics.map((m) => m.labels)).toEqual([{ interface: 'eth0' }]);
    expect(response.metrics[0]!.values.every(([, v]) => v === 5_000_000)).toBe(true);
  });
});
