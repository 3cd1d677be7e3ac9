// RTMP fan-out: one 2 Mbit/s publisher and N players on the engine's RTMP server against nginx-rtmp (Debian's
// libnginx-mod-rtmp) in the same run (../shared/measure method): CPU per player = (CPU at N - CPU at 0) / N,
// and every player must hold speed 1.0. Needs `bash scripts/setup.sh --bench`.
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { freePort, root, round, sleep, startEngine, tempDir } from './lib.mjs';

const COUNTS = (process.env.BENCH_RTMP_PLAYERS ?? '200,500').split(',').map(Number);
const SECONDS = Number(process.env.BENCH_RTMP_SECONDS ?? 20);
const work = tempDir('bench-rtmp-');
const source = path.join(work, 'src-2M.mp4');
execFileSync('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-y', '-f', 'lavfi', '-i', 'testsrc2=size=1280x720:rate=25', '-f', 'lavfi', '-i', 'sine', '-t', '60',
  '-c:v', 'libx264', '-preset', 'veryfast', '-pix_fmt', 'yuv420p', '-b:v', '2M', '-maxrate', '2M', '-bufsize', '4M', '-g', '50', '-c:a', 'aac', source]);

function players(url, n, pids) {
  const out = execFileSync(process.execPath, [path.join(root, 'bench/load/rtmp-players.mjs'), url, String(n), String(SECONDS), '--mode=node', `--pid=${pids}`], { maxBuffer: 1 << 20 }).toString();
  const field = (name) => Number(new RegExp(` ${name}=([\\d.]+)`).exec(out)?.[1] ?? NaN);
  return { n, server_cpu: field('server_cpu'), speed_min: field('speed_min'), slow: field('slow'), stall_max_ms: field('stall_max_ms') };
}

function publish(url) {
  return spawn('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-re', '-stream_loop', '-1', '-i', source, '-c', 'copy', '-f', 'flv', url], { stdio: 'ignore' });
}

async function measure(url, pids) {
  const publisher = publish(url);
  await sleep(3000);
  const baseline = players(url, 0, pids);
  const results = COUNTS.map((n) => players(url, n, pids));
  publisher.kill('SIGKILL');
  return results.map((r) => ({ ...r, cpu_per_player: round((r.server_cpu - baseline.server_cpu) / r.n, 4) }));
}

// nginx-rtmp reference
const nginxPort = await freePort();
const nginxDir = path.join(work, 'nginx');
mkdirSync(nginxDir);
writeFileSync(path.join(nginxDir, 'nginx.conf'), `load_module /usr/lib/nginx/modules/ngx_rtmp_module.so; worker_processes 1; worker_rlimit_nofile 20000;
pid ${nginxDir}/nginx.pid; error_log ${nginxDir}/error.log warn; daemon off; events { worker_connections 8192; }
rtmp { server { listen 127.0.0.1:${nginxPort}; chunk_size 4096; application live { live on; record off; } } }`);
const nginx = spawn('nginx', ['-c', path.join(nginxDir, 'nginx.conf'), '-p', nginxDir], { stdio: 'inherit' });
await sleep(500);
const nginxPids = [nginx.pid, ...execFileSync('pgrep', ['-P', String(nginx.pid)]).toString().trim().split('\n').filter(Boolean)].join(',');

const rtmpPort = await freePort();
const engine = await startEngine({ CORE_RTMP_ENABLE: 'true', CORE_RTMP_ADDRESS: `127.0.0.1:${rtmpPort}`, CORE_RTMP_APP: '/live' });
try {
  const engineResults = await measure(`rtmp://127.0.0.1:${rtmpPort}/live/bench`, String(engine.pid));
  const nginxResults = await measure(`rtmp://127.0.0.1:${nginxPort}/live/bench`, nginxPids);
  const report = {
    benchmark: 'RTMP fan-out, 1 publisher at 2 Mbit/s',
    engine: engineResults,
    nginx_rtmp: nginxResults,
    cpu_per_player_ratio: engineResults.map((r, i) => ({ n: r.n, ratio: round(r.cpu_per_player / nginxResults[i].cpu_per_player) })),
    goal: 'ratio <= 1.5 (issue 5), <= 1.2 (issue 10), every player at speed 1.0',
  };
  report.pass = report.cpu_per_player_ratio.every((r) => r.ratio <= 1.5) && engineResults.every((r) => r.slow === 0);
  console.log(JSON.stringify(report, null, 2));
  process.exitCode = report.pass ? 0 : 1;
} finally {
  engine.stop();
  nginx.kill('SIGQUIT');
}
