// System metrics for the dashboard: CPU, memory and network rates, sampled from POST /api/v3/metrics.
import { createStore } from 'zustand/vanilla';
import type { ApiClient } from '../api/ApiClient.js';
import { errorMessage } from '../api/ApiError.js';
import type { MetricsResponse } from '../api/types.js';
import { pollWhileVisible, sharedPoll, type VisibilitySource } from './poll.js';

export const METRICS_WINDOW = 150;

export interface MetricsSeries {
  /** Unix seconds. */
  ts: number[];
  cpuPercent: number[];
  memUsedBytes: number[];
  rxBitsPerSec: number[];
  txBitsPerSec: number[];
  /** Mean use of all GPUs in percent (0 without a GPU: the dashboard then hides the chart). */
  gpuPercent: number[];
}

export interface MetricsState {
  series: MetricsSeries;
  memTotalBytes: number;
  ncpu: number;
  ngpu: number;
  error: string | null;
  /** Fills the charts with the last minutes the engine kept (once, when the dashboard opens). */
  loadHistory(): Promise<void>;
  refresh(): Promise<void>;
  poll(): () => void;
}

const QUERY = {
  metrics: ['cpu_ncpu', 'cpu_idle', 'mem_total', 'mem_free', 'net_rx', 'net_tx', 'gpu_ngpu', 'gpu_usage'].map((name) => ({ name })),
};

function sum(response: MetricsResponse, name: string): { ts: number; value: number } | null {
  let total = 0;
  let ts = 0;
  let found = false;
  for (const metric of response.metrics) {
    if (metric.name !== name || metric.labels.interface === 'lo') continue;
    const last = metric.values[metric.values.length - 1];
    if (!last) continue;
    found = true;
    total += last[1];
    ts = Math.max(ts, Number(last[0]));
  }
  return found ? { ts, value: total } : null;
}

/** Seconds of history the dashboard asks for when it opens (the engine keeps it when metrics history is on). */
export const HISTORY_SECONDS = 300;

interface Sample {
  ts: number;
  idle?: number;
  total?: number;
  free?: number;
  rx?: number;
  tx?: number;
  gpu?: number;
  ngpu?: number;
}

const FIELDS: Record<string, keyof Omit<Sample, 'ts'>> = { cpu_idle: 'idle', mem_total: 'total', mem_free: 'free', net_rx: 'rx', net_tx: 'tx', gpu_usage: 'gpu', gpu_ngpu: 'ngpu' };

/** gpu_usage is reported per GPU; the chart shows their mean. */
const gpuMean = (usageSum: number | undefined, ngpu: number | undefined) => (usageSum !== undefined && ngpu ? usageSum / ngpu : 0);

/** Every timestamp of a history response with its values summed over labels (network without loopback), oldest first. */
export function samplesOf(response: MetricsResponse): Sample[] {
  const byTs = new Map<number, Sample>();
  for (const metric of response.metrics) {
    const field = FIELDS[metric.name];
    if (!field || metric.labels.interface === 'lo') continue;
    for (const [rawTs, value] of metric.values) {
      const ts = Number(rawTs);
      const sample = byTs.get(ts) ?? { ts };
      sample[field] = (sample[field] ?? 0) + value;
      byTs.set(ts, sample);
    }
  }
  return [...byTs.values()].sort((a, b) => a.ts - b.ts);
}

const empty = (): MetricsSeries => ({ ts: [], cpuPercent: [], memUsedBytes: [], rxBitsPerSec: [], txBitsPerSec: [], gpuPercent: [] });

export function createMetricsStore(client: ApiClient, doc?: VisibilitySource, intervalMs = 2000) {
  // Network counters are cumulative bytes; rates come from the previous sample.
  let previous: { ts: number; rx: number; tx: number } | null = null;
  return createStore<MetricsState>()((set, get) => ({
    series: empty(),
    memTotalBytes: 0,
    ncpu: 0,
    ngpu: 0,
    error: null,
    async loadHistory() {
      try {
        const response = await client.metrics({ ...QUERY, timerange_sec: HISTORY_SECONDS, interval_sec: intervalMs / 1000 });
        const samples = samplesOf(response);
        if (samples.length < 2) return;
        const series = empty();
        for (let index = 1; index < samples.length; index++) {
          const now = samples[index]!;
          const before = samples[index - 1]!;
          const elapsed = now.ts - before.ts;
          const rate = (a?: number, b?: number) => (elapsed > 0 && a !== undefined && b !== undefined ? Math.max(0, ((a - b) * 8) / elapsed) : 0);
          series.ts.push(now.ts);
          series.cpuPercent.push(now.idle !== undefined ? Math.max(0, Math.min(100, 100 - now.idle)) : 0);
          series.memUsedBytes.push(now.total !== undefined && now.free !== undefined ? now.total - now.free : 0);
          series.rxBitsPerSec.push(rate(now.rx, before.rx));
          series.txBitsPerSec.push(rate(now.tx, before.tx));
          series.gpuPercent.push(gpuMean(now.gpu, now.ngpu));
        }
        const last = samples[samples.length - 1]!;
        previous = { ts: last.ts, rx: last.rx ?? 0, tx: last.tx ?? 0 };
        set((state) => (state.series.ts.length > 0 ? {} : { series, memTotalBytes: last.total ?? state.memTotalBytes, ngpu: last.ngpu ?? state.ngpu }));
      } catch {
        // No history (metrics history off): the charts start with the live samples.
      }
    },
    async refresh() {
      try {
        const response = await client.metrics(QUERY);
        const idle = sum(response, 'cpu_idle');
        const total = sum(response, 'mem_total');
        const free = sum(response, 'mem_free');
        const rx = sum(response, 'net_rx');
        const tx = sum(response, 'net_tx');
        const ngpu = sum(response, 'gpu_ngpu')?.value ?? 0;
        const gpu = sum(response, 'gpu_usage');
        const ts = idle?.ts || Date.now() / 1000;
        const elapsed = previous ? ts - previous.ts : 0;
        const rate = (now: number | undefined, before: number | undefined) =>
          elapsed > 0 && now !== undefined && before !== undefined ? Math.max(0, ((now - before) * 8) / elapsed) : 0;
        const rxRate = rate(rx?.value, previous?.rx);
        const txRate = rate(tx?.value, previous?.tx);
        previous = { ts, rx: rx?.value ?? 0, tx: tx?.value ?? 0 };
        set((state) => {
          const push = (values: number[], value: number) => [...values, value].slice(-METRICS_WINDOW);
          const series = state.series;
          if (series.ts.length > 0 && series.ts[series.ts.length - 1]! >= ts) return { error: null };
          return {
            error: null,
            ncpu: sum(response, 'cpu_ncpu')?.value ?? state.ncpu,
            memTotalBytes: total?.value ?? state.memTotalBytes,
            ngpu,
            series: {
              ts: push(series.ts, ts),
              cpuPercent: push(series.cpuPercent, idle ? Math.max(0, Math.min(100, 100 - idle.value)) : 0),
              memUsedBytes: push(series.memUsedBytes, total && free ? total.value - free.value : 0),
              rxBitsPerSec: push(series.rxBitsPerSec, rxRate),
              txBitsPerSec: push(series.txBitsPerSec, txRate),
              gpuPercent: push(series.gpuPercent, gpuMean(gpu?.value, ngpu)),
            },
          };
        });
      } catch (error) {
        set({ error: errorMessage(error) });
      }
    },
    poll: sharedPoll(() => {
      let started = false;
      return pollWhileVisible(
        () => {
          if (started) return void get().refresh();
          started = true;
          void get().loadHistory().then(() => get().refresh());
        },
        intervalMs,
        doc,
      );
    }),
  }));
}
