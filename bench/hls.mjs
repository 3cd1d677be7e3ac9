// HLS delivery from memfs against nginx serving the same stream from tmpfs, in one run (../shared/measure method):
// 1. 750 KiB segment throughput with wrk (16 connections), as a ratio to nginx;
// 2. live viewers (bench/load/hls-viewers.mjs) on a 1 Mbit/s stream: the largest N with >= 99 % of segments on
//    time, and server CPU per 1000 viewers at N = 2000 as a ratio to nginx;
// 3. memfs memory overhead: RSS growth per stored byte.
// Needs Debian's nginx and wrk (bash scripts/setup.sh --bench).
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { freePort, root, round, rssBytes, sleep, startEngine, tempDir } from './lib.mjs';

const LADDER = (process.env.BENCH_HLS_LADDER ?? '1000,2000,3000,4000').split(',').map(Number);
const STEP_SECONDS = Number(process.env.BENCH_HLS_SECONDS ?? 30);
const work = tempDir('bench-hls-');
const source = path.join(work, 'src-1M.mp4');
execFileSync('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-y', '-f', 'lavfi', '-i', 'testsrc2=size=1280x720:rate=25', '-t', '120',
  '-c:v', 'libx264', '-preset', 'veryfast', '-pix_fmt', 'yuv420p', '-b:v', '1M', '-maxrate', '1M', '-bufsize', '2M', '-g', '50', '-keyint_min', '50', '-sc_threshold', '0', '-an', source]);

// nginx on tmpfs: the reference
const shm = `/dev/shm/bench-hls-${process.pid}`;
mkdirSync(shm, { recursive: true });
const nginxPort = await freePort();
const nginxDir = path.join(work, 'nginx');
mkdirSync(nginxDir);
writeFileSync(path.join(nginxDir, 'nginx.conf'), `worker_processes auto; worker_rlimit_nofile 20000; pid ${nginxDir}/nginx.pid; error_log ${nginxDir}/error.log warn; daemon off;
events { worker_connections 16384; }
http { include /etc/nginx/mime.types; types { application/vnd.apple.mpegurl m3u8; video/mp2t ts; } access_log off;
  sendfile on; tcp_nopush on; tcp_nodelay on; keepalive_timeout 65; keepalive_requests 100000;
  client_body_temp_path ${nginxDir}; proxy_temp_path ${nginxDir}; fastcgi_temp_path ${nginxDir}; uwsgi_temp_path ${nginxDir}; scgi_temp_path ${nginxDir};
  server { listen 127.0.0.1:${nginxPort} backlog=4096; root ${shm}; } }`);
// (Debian's mime.types already maps m3u8 and ts; the measure config repeats them, nginx only warns.)
const nginx = spawn('nginx', ['-c', path.join(nginxDir, 'nginx.conf'), '-p', nginxDir], { stdio: 'inherit' });
await sleep(500);
// The master and its workers (whose command lines do not name the config file).
const nginxPids = () => {
  const master = nginx.pid;
  const workers = execFileSync('pgrep', ['-P', String(master)]).toString().trim().split('\n').filter(Boolean);
  return [master, ...workers].join(',');
};

const engine = await startEngine({ CORE_STORAGE_MEMORY_AUTH_ENABLE: 'true', CORE_STORAGE_MEMORY_AUTH_USERNAME: 'admin', CORE_STORAGE_MEMORY_AUTH_PASSWORD: 'pw', CORE_SESSIONS_IP_IGNORELIST: '' });
const memfs = `http://admin:pw@127.0.0.1:${new URL(engine.base).port}/memfs`;

function writer(target, extra = []) {
  return spawn('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-re', '-stream_loop', '-1', '-i', source, '-c', 'copy', '-f', 'hls', '-hls_time', '2', '-hls_list_size', '6', '-hls_flags', 'delete_segments', ...extra, target], { stdio: 'ignore' });
}
const writers = [writer(`${memfs}/live.m3u8`, ['-method', 'PUT']), writer(`${shm}/live.m3u8`)];

function wrk(url) {
  const out = execFileSync('wrk', ['-t2', '-c16', '-d10s', url]).toString();
  const rps = Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1] ?? 0);
  const transfer = /Transfer\/sec:\s+([\d.]+)(\w+)/.exec(out);
  const mb = transfer ? Number(transfer[1]) * ({ KB: 1 / 1024, MB: 1, GB: 1024 }[transfer[2]] ?? 1) : 0;
  return { rps: round(rps), mb_per_s: round(mb) };
}

function viewers(url, n, pids) {
  const out = execFileSync(process.execPath, [path.join(root, 'bench/load/hls-viewers.mjs'), url, String(n), String(STEP_SECONDS), `--pid=${pids}`], { maxBuffer: 1 << 20 }).toString();
  const field = (name) => /=([\d.]+)%?/.exec(out.slice(out.indexOf(` ${name}=`)))?.[1];
  return { n, ontime: Number(field('ontime')), server_cpu: Number(field('server_cpu')), seg_ms_p99: Number(field('seg_ms_p99')), line: out.trim() };
}

try {
  await sleep(9000); // a few segments in both places

  // 1. Segment throughput
  const segment = Buffer.alloc(750 * 1024, 7);
  await fetch(`http://127.0.0.1:${new URL(engine.base).port}/memfs/seg750.ts`, { method: 'PUT', body: segment, headers: { authorization: `Basic ${Buffer.from('admin:pw').toString('base64')}` } });
  writeFileSync(path.join(shm, 'seg750.ts'), segment);
  const memfsThroughput = wrk(`${engine.base}/memfs/seg750.ts`);
  const nginxThroughput = wrk(`http://127.0.0.1:${nginxPort}/seg750.ts`);

  // 2. Viewer ladder
  const ladder = [];
  let best = 0;
  for (const n of LADDER) {
    const result = viewers(`${engine.base}/memfs/live.m3u8`, n, String(engine.pid));
    ladder.push(result);
    if (result.ontime >= 99) best = n;
    else break;
  }
  const at2000 = ladder.find((step) => step.n === 2000) ?? viewers(`${engine.base}/memfs/live.m3u8`, 2000, String(engine.pid));
  const nginx2000 = viewers(`http://127.0.0.1:${nginxPort}/live.m3u8`, 2000, nginxPids());

  // 3. memfs memory per stored byte (200 files of 1 MiB)
  const before = rssBytes(engine.pid);
  const chunk = Buffer.alloc(1024 * 1024, 3);
  for (let i = 0; i < 200; i++) {
    await fetch(`http://127.0.0.1:${new URL(engine.base).port}/memfs/fill/${i}.bin`, { method: 'PUT', body: chunk, headers: { authorization: `Basic ${Buffer.from('admin:pw').toString('base64')}` } });
  }
  await sleep(1000);
  const growth = (rssBytes(engine.pid) - before) / (200 * chunk.length);

  const report = {
    benchmark: 'HLS delivery from memfs vs nginx on tmpfs',
    segment_750k: { engine: memfsThroughput, nginx: nginxThroughput, ratio: round(memfsThroughput.rps / nginxThroughput.rps) },
    viewers_ladder: ladder.map(({ n, ontime, server_cpu, seg_ms_p99 }) => ({ n, ontime, server_cpu, seg_ms_p99 })),
    largest_n_99_percent_on_time: best,
    cpu_per_1000_viewers_at_2000: { engine: round(at2000.server_cpu / 2), nginx: round(nginx2000.server_cpu / 2), ratio: round(at2000.server_cpu / Math.max(0.01, nginx2000.server_cpu)) },
    nginx_2000_ontime: nginx2000.ontime,
    memfs_rss_growth_per_stored_byte: round(growth, 3),
    goals: { segment_ratio: 0.8, viewers: 2000, rss_per_byte: 1.1 },
  };
  report.pass = report.segment_750k.ratio >= 0.8 && best >= 2000 && growth <= 1.1;
  console.log(JSON.stringify(report, null, 2));
  process.exitCode = report.pass ? 0 : 1;
} finally {
  for (const w of writers) w.kill('SIGKILL');
  engine.stop();
  nginx.kill('SIGQUIT');
  rmSync(shm, { recursive: true, force: true });
}
