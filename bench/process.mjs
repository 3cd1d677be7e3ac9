// Supervision overhead: the engine's own CPU and RSS while it supervises N real `ffmpeg -re ... -c copy`
// processes, against a bare Node script that spawns the same children and only drains their stderr (same run).
// Also GET /api/v3/process with N processes (full filter) against GET /ping on the same engine.
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { measureCpu, rssBytes, round, sleep, startEngine, timeRequests, makeSource } from './lib.mjs';

const N = Number(process.env.BENCH_PROCESSES ?? 100);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 20);

// BENCH_PROFILE=<dir> writes a CPU profile of the engine there (for flame graphs).
const engine = await startEngine({}, process.env.BENCH_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE}`] : []);
const dataDir = path.join(engine.home, 'data');
mkdirSync(dataDir, { recursive: true });
const source = path.join(dataDir, 'src.ts');
makeSource(source);

try {
  for (let i = 0; i < N; i++) {
    const response = await fetch(`${engine.base}/api/v3/process`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        id: `p${i}`,
        input: [{ id: 'in', address: '{diskfs}/src.ts', options: ['-re', '-stream_loop', '-1'] }],
        output: [{ id: 'out', address: '-', options: ['-c', 'copy', '-f', 'null', '-metadata', `title=p${i}`] }],
        autostart: true,
        reconnect: true,
        stale_timeout_seconds: 30,
      }),
    });
    if (!response.ok) throw new Error(`create p${i}: ${response.status} ${await response.text()}`);
  }
  // Wait until every process reports progress.
  for (let tries = 0; ; tries++) {
    const list = await (await fetch(`${engine.base}/api/v3/process?filter=state`)).json();
    const live = list.filter((p) => p.state.exec === 'running' && p.state.progress.frame > 0).length;
    if (live === N) break;
    if (tries > 120) throw new Error(`only ${live}/${N} processes running`);
    await sleep(500);
  }
  await sleep(3000);
  const engineCpu = await measureCpu(engine.pid, SECONDS);
  const engineRss = rssBytes(engine.pid);
  const listRunning = await timeRequests(`${engine.base}/api/v3/process`, 300);
  engine.stop();

  // The judged API figure (../shared/measure method): N seeded processes, autostart false, full list.
  const idle = await startEngine();
  for (let i = 0; i < N; i++) {
    await fetch(`${idle.base}/api/v3/process`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        id: `perf${i}`, reference: `ref${i % 10}`, autostart: false, reconnect: true, reconnect_delay_seconds: 15, stale_timeout_seconds: 30,
        input: [{ id: 'input_0', address: `{rtmp,name=perf${i}.stream}`, options: ['-fflags', '+genpts', '-thread_queue_size', '512'] }],
        output: [{ id: 'output_0', address: `{memfs}/perf${i}_{outputid}.m3u8`, options: ['-codec', 'copy', '-f', 'hls', '-hls_time', '2', '-hls_list_size', '6', '-method', 'PUT'] }],
      }),
    });
  }
  const list = await timeRequests(`${idle.base}/api/v3/process`, 500);
  const ping = await timeRequests(`${idle.base}/ping`, 500);
  idle.stop();
  await sleep(3000);

  // Reference: the least any supervisor can do — spawn the same children and read their stderr.
  const drainer = spawn(process.execPath, ['-e', `
    const { spawn } = require('node:child_process');
    const n = ${N}; const source = ${JSON.stringify(source)};
    for (let i = 0; i < n; i++) {
      const c = spawn('ffmpeg', ['-re', '-stream_loop', '-1', '-i', source, '-c', 'copy', '-f', 'null', '-metadata', 'title=p' + i, '-'], { stdio: ['ignore', 'ignore', 'pipe'] });
      c.stderr.on('data', () => {});
    }
    process.on('SIGINT', () => process.exit(0));
  `], { stdio: 'ignore', detached: true });
  await sleep(8000);
  const referenceCpu = await measureCpu(drainer.pid, SECONDS);
  const referenceRss = rssBytes(drainer.pid);
  process.kill(-drainer.pid, 'SIGKILL');

  const report = {
    benchmark: `supervision of ${N} ffmpeg -re -c copy processes`,
    engine_cpu_percent_of_one_core: round(engineCpu),
    engine_rss_mb: round(engineRss / 1048576, 1),
    bare_drain_cpu_percent: round(referenceCpu),
    bare_drain_rss_mb: round(referenceRss / 1048576, 1),
    cpu_ratio_to_bare: round(engineCpu / Math.max(referenceCpu, 0.01)),
    list_all_median_ms: list.median,
    list_all_p99_ms: list.p99,
    ping_median_ms: ping.median,
    list_ratio_to_ping: round(list.median / ping.median),
    list_all_while_running_median_ms: listRunning.median,
    list_all_while_running_p99_ms: listRunning.p99,
    goals: { engine_cpu_percent: 3, engine_rss_mb: 200, list_median_ms: 5 },
  };
  report.pass = report.engine_cpu_percent_of_one_core < 3 && report.engine_rss_mb < 200 && report.list_all_median_ms < 5;
  console.log(JSON.stringify(report, null, 2));
  process.exitCode = report.pass ? 0 : 1;
} finally {
  engine.stop();
}
