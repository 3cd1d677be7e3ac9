// Metrics end to end: describe and query as the contract, values that move when a process runs, and a
// Prometheus scrape that passes promtool.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, startEngine, type TestEngine } from '../helpers/engine.js';
import { contractViolations } from '../helpers/contract.js';
import { repoRoot } from '../helpers/paths.js';
import { waitFor } from '../helpers/waitFor.js';

const FAKE = path.join(repoRoot, 'test/helpers/fake-ffmpeg.mjs');
const UI_FOOTER = ['uptime_uptime', 'cpu_ncpu', 'cpu_idle', 'mem_total', 'mem_free', 'filesystem_limit', 'filesystem_usage', 'session_limit', 'session_active', 'session_txbitrate', 'session_maxtxbitrate'];

describe('metrics', () => {
  let engine: TestEngine;
  beforeAll(async () => {
    engine = await startEngine({ config: { ffmpeg: { binary: FAKE }, metrics: { enable: true, enable_prometheus: true, range_sec: 20, interval_sec: 1 } } });
  });
  afterAll(() => engine.stop());

  it('describes the metrics as the contract', async () => {
    const list = await call(engine.url, 'GET', '/api/v3/metrics');
    expect(contractViolations('GET', '/api/v3/metrics', 200, list.body)).toEqual([]);
    expect(list.body.map((m: { name: string }) => m.name)).toEqual(expect.arrayContaining(UI_FOOTER));
  });

  it('answers the Restreamer UI footer query with values', async () => {
    const response = await call(engine.url, 'POST', '/api/v3/metrics', { body: { metrics: UI_FOOTER.map((name) => ({ name })) } });
    expect(response.status).toBe(200);
    const byName = new Map(response.body.metrics.map((m: { name: string; values: [number, number][] }) => [m.name, m]));
    expect((byName.get('cpu_ncpu') as any).values[0][1]).toBeGreaterThanOrEqual(1);
    expect((byName.get('mem_total') as any).values[0][1]).toBeGreaterThan(0);
    const memfs = response.body.metrics.find((m: { name: string; labels: { name?: string } }) => m.name === 'filesystem_limit' && m.labels.name === 'memfs');
    expect(memfs).toBeDefined();
  });

  it('rejects unknown metric names with 400', async () => {
    const response = await call(engine.url, 'POST', '/api/v3/metrics', { body: { metrics: [{ name: 'no_such_metric' }] } });
    expect(response.status).toBe(400);
    expect(response.body.details.join(' ')).toContain('no_such_metric');
  });

  it('process metrics move when a process runs, with a time series', async () => {
    await call(engine.url, 'POST', '/api/v3/process', {
      body: { id: 'm1', input: [{ id: 'i', address: 'testsrc', options: ['-f', 'lavfi'] }], output: [{ id: 'o', address: '-', options: ['-f', 'null'] }], autostart: true },
    });
    const running = await waitFor(async () => {
      const response = await call(engine.url, 'POST', '/api/v3/metrics', { body: { metrics: [{ name: 'ffmpeg_process', labels: { state: '^running$' } }] } });
      const value = response.body.metrics[0]?.values[0]?.[1];
      return value >= 1 ? value : undefined;
    }, 10_000, 'ffmpeg_process running');
    expect(running).toBeGreaterThanOrEqual(1);
    // The history fills at interval_sec; a series needs a few samples.
    const series = await waitFor(async () => {
      const response = await call(engine.url, 'POST', '/api/v3/metrics', { body: { timerange_sec: 5, interval_sec: 1, metrics: [{ name: 'uptime_uptime' }] } });
      return response.body.metrics[0]?.values.length >= 2 ? response : undefined;
    }, 10_000, 'a series of uptime values');
    const times = series.body.metrics[0].values.map((value: [number, number]) => value[0]);
    expect([...times].sort()).toEqual(times);
    await call(engine.url, 'DELETE', '/api/v3/process/m1');
  });

  it('serves Prometheus metrics that promtool accepts', async () => {
    const scrape = await fetch(`${engine.url}/metrics`);
    expect(scrape.status).toBe(200);
    const text = await scrape.text();
    expect(text).toContain('mem_free_bytes');
    const check = spawnSync('/usr/bin/promtool', ['check', 'metrics'], { input: text });
    // promtool's lint only objects to Core's counter names without _total (kept for compatibility).
    const problems = (check.stdout.toString() + check.stderr.toString()).split('\n').filter((line) => line.trim() && !/counter metrics should have "_total" suffix/.test(line));
    expect(problems).toEqual([]);
  });
});

describe('Prometheus off', () => {
  let engine: TestEngine;
  beforeAll(async () => {
    engine = await startEngine();
  });
  afterAll(() => engine.stop());

  it('has no /metrics route while metrics are off', async () => {
    expect((await call(engine.url, 'GET', '/metrics')).status).toBe(404);
  });
});
