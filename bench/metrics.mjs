// Metrics cost: the engine's CPU with 100 supervised processes and metrics sampled every second, against the
// same engine and processes with metrics off (same run); and the time of a /metrics scrape against /ping.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { makeSource, measureCpu, round, sleep, startEngine, timeRequests } from './lib.mjs';

const N = Number(process.env.BENCH_PROCESSES ?? 100);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 20);

async function run(metricsOn) {
  const engine = await startEngine(metricsOn ? { CORE_METRICS_ENABLE: 'true', CORE_METRICS_ENABLE_PROMETHEUS: 'true', CORE_METRICS_INTERVAL_SECONDS: '1', CORE_METRICS_RANGE_SECONDS: '300' } : {});
  const data = path.join(engine.home, 'data');
  mkdirSync(data, { recursive: true });
  makeSource(path.join(data, 'src.ts'), 10);
  for (let i = 0; i < N; i++) {
    await fetch(`${engine.base}/api/v3/process`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ id: `p${i}`, input: [{ id: 'in', address: '{diskfs}/src.ts', options: ['-re', '-stream_loop', '-1'] }], output: [{ id: 'out', address: '-', options: ['-c', 'copy', '-f', 'null'] }], autostart: true }),
    });
  }
  await sleep(10_000);
  const cpu = await measureCpu(engine.pid, SECONDS);
  const scrape = metricsOn ? await timeRequests(`${engine.base}/metrics`, 100) : null;
  const query = metricsOn ? await timeRequests(`${engine.base}/api/v3/metrics`, 100, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ metrics: [{ name: 'cpu_idle' }, { name: 'ffmpeg_process' }, { name: 'session_active' }] }) }) : null;
  const ping = await timeRequests(`${engine.base}/ping`, 100);
  engine.stop();
  await sleep(3000);
  return { cpu, scrape, query, ping };
}

const off = await run(false);
const on = await run(true);
const report = {
  benchmark: `metrics cost with ${N} processes, 1 s interval`,
  engine_cpu_metrics_on: round(on.cpu),
  engine_cpu_metrics_off: round(off.cpu),
  metrics_cpu_percent_of_one_core: round(on.cpu - off.cpu),
  prometheus_scrape_median_ms: on.scrape.median,
  prometheus_scrape_p99_ms: on.scrape.p99,
  metrics_query_median_ms: on.query.median,
  ping_median_ms: on.ping.median,
  goals: { metrics_cpu_percent: 2, scrape_ms: 20 },
};
report.pass = report.metrics_cpu_percent_of_one_core < 2 && report.prometheus_scrape_median_ms < 20;
console.log(JSON.stringify(report, null, 2));
process.exitCode = report.pass ? 0 : 1;
