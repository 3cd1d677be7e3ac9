// 200 concurrent clients polling GET /api/v3/process?filter=state while 100 processes run (issue 10: p99 < 50 ms,
// 0 errors). The processes run test/helpers/fake-ffmpeg.mjs (a progress line every 250 ms, no media, no CPU to speak
// of), so the engine supervises, parses and serves 100 live states without FFmpeg competing for the two cores.
// Clients: bench/load/api-poll.mjs, each on its own connection, every second (a UI's refresh); then wrk with as many
// connections back to back (the saturation figure). Reference in the same run: a bare Node http server answering the same
// bytes (a state list captured from the engine) to the same clients.
import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { freePort, measureCpu, root, round, sleep, startEngine, tempDir } from './lib.mjs';
import { startBareJsonServer } from './load/bare-json-server.mjs';
import { wrk } from './load/wrk.mjs';

const N = Number(process.env.BENCH_PROCESSES ?? 100);
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 200);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 30);
const PATH = '/api/v3/process?filter=state';
const load = (script) => path.join(root, 'bench/load', script);

/** Runs the poller (its own process) and measures the server's CPU over the same time. */
async function poll(base, intervalMs, seconds, pid) {
  const cpu = measureCpu(pid, seconds - 1);
  const { stdout } = await promisify(execFile)(process.execPath, [load('api-poll.mjs'), base, String(CLIENTS), String(seconds), `--path=${PATH}`, `--interval-ms=${intervalMs}`]);
  const line = stdout.trim();
  const field = (name) => Number(new RegExp(`\\b${name}=([\\d.]+)`).exec(line)?.[1] ?? NaN);
  return { req_per_s: field('req_per_s'), p50_ms: field('ms_p50'), p99_ms: field('ms_p99'), max_ms: field('ms_max'), errors: field('errors'), server_cpu_percent: round(await cpu), line };
}

/** The saturation figure: wrk keeps CLIENTS connections busy back to back (a Node poller would be the bottleneck). */
const saturate = (url) => wrk(url, ['-t2', `-c${CLIENTS}`, '-d10s']);

const engine = await startEngine({ CORE_FFMPEG_BINARY: path.join(root, 'test/helpers/fake-ffmpeg.mjs') });
const work = tempDir('bench-api-poll-');
try {
  execFileSync(process.execPath, [load('api-seed.mjs'), engine.base, String(N)]);
  const list = await (await fetch(`${engine.base}/api/v3/process?filter=config`)).json();
  for (const { id } of list) {
    const response = await fetch(`${engine.base}/api/v3/process/${id}/command`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: '{"command":"start"}' });
    if (!response.ok) throw new Error(`start ${id}: HTTP ${response.status}`);
  }
  for (let tries = 0; ; tries++) {
    const states = await (await fetch(`${engine.base}${PATH}`)).json();
    const running = states.filter((p) => p.state.exec === 'running' && p.state.progress.frame > 0).length;
    if (running === N) break;
    if (tries > 120) throw new Error(`only ${running}/${N} processes running`);
    await sleep(500);
  }
  await sleep(2000);

  const bodyFile = path.join(work, 'states.json');
  writeFileSync(bodyFile, Buffer.from(await (await fetch(`${engine.base}${PATH}`)).arrayBuffer()));
  const polled = await poll(engine.base, 1000, SECONDS, engine.pid);
  const closedLoop = saturate(`${engine.base}${PATH}`);
  const bare = await startBareJsonServer(bodyFile, await freePort());
  const barePolled = await poll(bare.base, 1000, SECONDS, bare.pid);
  const bareClosedLoop = saturate(bare.base);
  bare.stop();

  const report = {
    benchmark: `${CLIENTS} clients polling ${PATH}, ${N} running processes`,
    every_second: { engine: polled, bare_node_same_bytes: barePolled },
    back_to_back_wrk: { engine: closedLoop, bare_node_same_bytes: bareClosedLoop, rps_ratio_to_bare: round(closedLoop.rps / bareClosedLoop.rps) },
    goals: { p99_ms: 50, errors: 0 },
  };
  report.pass = polled.p99_ms < 50 && polled.errors === 0;
  console.log(JSON.stringify(report, null, 2));
  process.exitCode = report.pass ? 0 : 1;
} finally {
  engine.stop();
  rmSync(work, { recursive: true, force: true });
}
