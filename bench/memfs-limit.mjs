// memfs at its size limit (issue 10, "Faults in the media path"): storage.memory.max_size_mbytes small, purge on,
// N real FFmpeg HLS writers (`-re -stream_loop -1 -c copy` of a pre-encoded source, the ../shared/measure
// method, HTTP PUT into /memfs, old segments not deleted by FFmpeg, so memfs fills and purges) and HLS readers
// (bench/load/hls-viewers.mjs, the judge's generator) for --duration seconds (default 60; the figure is
// 10 minutes: --duration=600). Passes when no write failed and memfs stayed within the limit + 10 %. FFmpeg's
// HLS muxer never reads the answers to its PUTs (a 507 leaves no trace in its stderr), so the writers go through
// a small recording proxy that counts every answer >= 400; FFmpeg's own errors and the engine log are checked
// too. The engine's RSS above its idle baseline is reported alongside.
//   node bench/memfs-limit.mjs [--duration=60] [--limit=50] [--writers=8] [--readers=2] [--bitrate=4M] [--purge=false]
import { execFileSync, spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { root, round, rssBytes, sleep, startEngine, tempDir } from './lib.mjs';

const option = (name, fallback) => process.argv.find((arg) => arg.startsWith(`--${name}=`))?.split('=')[1] ?? process.env[`BENCH_MEMFS_${name.toUpperCase()}`] ?? fallback;
const DURATION = Number(option('duration', 60));
const LIMIT_MB = Number(option('limit', 50));
const WRITERS = Number(option('writers', 8));
const READERS_PER_STREAM = Number(option('readers', 2));
const BITRATE = option('bitrate', '4M');
// --purge=false is the negative control: memfs full without purge must show up as failed writes.
const PURGE = option('purge', 'true') !== 'false';
const MB = 1024 * 1024;

const work = tempDir('bench-memfs-limit-');
const source = path.join(work, 'src.mp4');
// Constant bitrate, so the bytes per second (and the time to fill memfs) are known.
execFileSync('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-y', '-f', 'lavfi', '-i', 'testsrc2=size=1280x720:rate=25', '-t', '30',
  '-c:v', 'libx264', '-preset', 'veryfast', '-pix_fmt', 'yuv420p', '-b:v', BITRATE, '-minrate', BITRATE, '-maxrate', BITRATE, '-bufsize', BITRATE,
  '-x264-params', 'nal-hrd=cbr', '-g', '50', '-keyint_min', '50', '-sc_threshold', '0', '-an', source]);

const engine = await startEngine({
  CORE_STORAGE_MEMORY_MAX_SIZE_MBYTES: String(LIMIT_MB),
  CORE_STORAGE_MEMORY_PURGE: String(PURGE),
  CORE_STORAGE_MEMORY_AUTH_ENABLE: 'true',
  CORE_STORAGE_MEMORY_AUTH_USERNAME: 'admin',
  CORE_STORAGE_MEMORY_AUTH_PASSWORD: 'pw',
});
const port = new URL(engine.base).port;
await sleep(1000);
const rssIdle = rssBytes(engine.pid);

/**
 * Forwards the writers' requests to the engine with memfs credentials and records every answer that is not a
 * success. (The proxy adds the credentials: FFmpeg would first send without them and retry after the 401.)
 */
function recordingProxy(targetPort, authorization) {
  const stats = { requests: 0, failed: [] };
  const agent = new http.Agent({ keepAlive: true });
  const server = http.createServer((request, response) => {
    stats.requests++;
    // Hop-by-hop headers stay on this hop; Node re-chunks a body without content-length.
    const { connection: _connection, 'transfer-encoding': _encoding, ...headers } = request.headers;
    headers.authorization = authorization;
    const upstream = http.request({ host: '127.0.0.1', port: targetPort, method: request.method, path: request.url, headers, agent }, (answer) => {
      if (answer.statusCode >= 400) stats.failed.push(`${request.method} ${request.url} → ${answer.statusCode}`);
      response.writeHead(answer.statusCode, answer.headers);
      answer.pipe(response);
    });
    upstream.on('error', (error) => {
      stats.failed.push(`${request.method} ${request.url} → ${error.message}`);
      response.destroy();
    });
    request.pipe(upstream);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, port: server.address().port, stats })));
}
const proxy = await recordingProxy(port, `Basic ${Buffer.from('admin:pw').toString('base64')}`);

/** One HLS writer into memfs; its stderr is kept to look for failed writes. */
function writer(index) {
  const child = spawn('ffmpeg', ['-hide_banner', '-loglevel', 'warning', '-nostdin', '-re', '-stream_loop', '-1', '-i', source, '-c', 'copy',
    '-f', 'hls', '-hls_time', '2', '-hls_list_size', '6', '-method', 'PUT', `http://127.0.0.1:${proxy.port}/memfs/s${index}.m3u8`], { stdio: ['ignore', 'ignore', 'pipe'] });
  const state = { child, errors: [], exited: null };
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (text) => {
    // Looping a file gives harmless timestamp warnings; a failed PUT shows as an HTTP or I/O error.
    for (const line of text.split('\n')) if (/HTTP error|error|fail|Insufficient|refused/i.test(line) && !/Non-monoton/i.test(line)) state.errors.push(line.trim());
  });
  child.on('exit', (code, signal) => (state.exited = { code, signal }));
  return state;
}

/** memfs usage as the API lists it: the sum of every file's size. */
async function memfsBytes() {
  const files = await (await fetch(`${engine.base}/api/v3/fs/mem`)).json();
  return files.reduce((sum, file) => sum + file.size_bytes, 0);
}

const writers = Array.from({ length: WRITERS }, (_, i) => writer(i));
const readers = [];
let maxMemfs = 0;
let maxRss = 0;
let limitReachedAt = null;
const started = Date.now();
try {
  // Readers join once the playlists exist; each stream gets its own emulator process.
  await sleep(8000);
  const readSeconds = Math.max(10, DURATION - 8);
  for (let i = 0; i < WRITERS; i++) {
    readers.push(new Promise((resolve) => {
      const args = [path.join(root, 'bench/load/hls-viewers.mjs'), `${engine.base}/memfs/s${i}.m3u8`, String(READERS_PER_STREAM), String(readSeconds), '--ramp=2', `--pid=${engine.pid}`];
      // Its stderr is dropped: the emulator can trip over its own end-of-run timer (then it prints no summary).
      const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'ignore'] });
      let out = '';
      child.stdout.on('data', (chunk) => (out += chunk));
      child.on('exit', () => resolve(out.trim()));
    }));
  }
  while (Date.now() - started < DURATION * 1000) {
    const used = await memfsBytes();
    maxMemfs = Math.max(maxMemfs, used);
    maxRss = Math.max(maxRss, rssBytes(engine.pid));
    if (limitReachedAt === null && used >= LIMIT_MB * MB * 0.95) limitReachedAt = (Date.now() - started) / 1000;
    await sleep(1000);
  }
} finally {
  for (const w of writers) w.child.kill('SIGKILL');
}
const readerLines = await Promise.all(readers);
const log = await (await fetch(`${engine.base}/api/v3/log?format=raw`)).json().catch(() => []);
const engineFailures = log.filter((entry) => /507|not enough space|Insufficient/i.test(JSON.stringify(entry)));
engine.stop();
proxy.server.close();
rmSync(work, { recursive: true, force: true });

const field = (line, name) => /=([\d.]+)/.exec(line.slice(line.indexOf(` ${name}=`)))?.[1];
const reads = readerLines.filter((line) => line.includes(' ontime=')).map((line) => ({ ontime: Number(field(line, 'ontime')), failed: Number(field(line, 'failed')), line }));
const writeErrors = [...proxy.stats.failed, ...writers.flatMap((w, i) => w.errors.map((line) => `s${i}: ${line}`))];
const diedEarly = writers.filter((w) => w.exited && w.exited.signal !== 'SIGKILL').length;
const limitBytes = LIMIT_MB * MB;

const rows = [
  ['writers × bitrate, duration', `${WRITERS} × ${BITRATE}bit/s, ${DURATION} s (limit reached after ${limitReachedAt ?? 'never'} s)`, 'limit reached', limitReachedAt !== null],
  [
    'failed writes: answers >= 400 or FFmpeg errors / writers exited / engine log',
    `${writeErrors.length} of ${proxy.stats.requests} requests / ${diedEarly} / ${engineFailures.length}`,
    '0 / 0 / 0',
    writeErrors.length + diedEarly + engineFailures.length === 0,
  ],
  ['memfs usage, max', `${round(maxMemfs / MB, 1)} MB (${round((maxMemfs / limitBytes) * 100, 1)} % of ${LIMIT_MB} MB)`, '<= limit + 10 %', maxMemfs <= limitBytes * 1.1],
  ['engine RSS above idle, max (informational)', `${round((maxRss - rssIdle) / MB, 1)} MB (idle ${round(rssIdle / MB, 1)} MB)`, `memfs holds <= ${LIMIT_MB} MB`, true],
  [
    'HLS readers: segments on time, min over streams (informational)',
    `${reads.length > 0 ? Math.min(...reads.map((r) => r.ontime)) : 'n/a'} % (${reads.reduce((sum, r) => sum + r.failed, 0)} failed; ${reads.length}/${WRITERS} streams reported)`,
    'purge may take a segment a slow reader still wants',
    true,
  ],
];
console.log(['| figure | result | goal | pass |', '| --- | --- | --- | --- |', ...rows.map(([f, r, g, p]) => `| ${f} | ${r} | ${g} | ${p ? 'yes' : '**no**'} |`)].join('\n'));
const report = {
  benchmark: 'memfs at its size limit with purge, concurrent HLS writers and readers',
  settings: { duration_s: DURATION, limit_mb: LIMIT_MB, writers: WRITERS, readers_per_stream: READERS_PER_STREAM, bitrate: BITRATE, purge: PURGE },
  limit_reached_after_s: limitReachedAt,
  memfs_max_mb: round(maxMemfs / MB, 2),
  engine_rss_idle_mb: round(rssIdle / MB, 1),
  engine_rss_max_mb: round(maxRss / MB, 1),
  write_requests: proxy.stats.requests,
  write_errors: writeErrors.length,
  write_error_examples: writeErrors.slice(0, 10),
  writers_exited_early: diedEarly,
  engine_log_failures: engineFailures.slice(0, 10),
  readers: readerLines,
  pass: rows.every((row) => row[3]),
};
console.log(JSON.stringify(report, null, 2));
process.exitCode = report.pass ? 0 : 1;
