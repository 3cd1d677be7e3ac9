// Shared helpers of the benchmarks: free ports, spawning the built engine, /proc CPU and memory, HTTP timing.
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const TICKS = 100;

export function freePort() {
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

export function tempDir(prefix) {
  return mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** user+system CPU seconds of a pid (Linux /proc). */
export function cpuSeconds(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / TICKS;
}

export function rssBytes(pid) {
  return Number(readFileSync(`/proc/${pid}/statm`, 'utf8').split(' ')[1]) * 4096;
}

/** CPU of `pid` over `seconds`, in percent of one core. */
export async function measureCpu(pid, seconds) {
  const startCpu = cpuSeconds(pid);
  const start = performance.now();
  await sleep(seconds * 1000);
  return ((cpuSeconds(pid) - startCpu) / ((performance.now() - start) / 1000)) * 100;
}

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Starts dist/main/cli.js in a fresh directory with the given env; resolves when /ping answers. */
export async function startEngine(env = {}, nodeArgs = []) {
  const home = tempDir('bench-engine-');
  const port = await freePort();
  const child = spawn(process.execPath, [...nodeArgs, path.join(root, 'dist/main/cli.js')], {
    cwd: home,
    env: { PATH: process.env.PATH, HOME: home, CORE_ADDRESS: `127.0.0.1:${port}`, CORE_API_AUTH_ENABLE: 'false', CORE_LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 500; i++) {
    try {
      if ((await fetch(`${base}/ping`)).ok) break;
    } catch {
      await sleep(20);
    }
  }
  return { child, base, home, pid: child.pid, stop: () => child.kill('SIGINT') };
}

export async function timeRequests(url, count, init) {
  const times = [];
  for (let i = 0; i < count; i++) {
    const started = performance.now();
    const response = await fetch(url, init);
    await response.arrayBuffer();
    if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  const at = (q) => times[Math.min(times.length - 1, Math.floor(q * times.length))];
  return { median: round(at(0.5)), p99: round(at(0.99)) };
}

export const round = (value, digits = 2) => Number(value.toFixed(digits));

/** A short H.264 file to loop with -c copy, so the encoder does not compete for the cores. */
export function makeSource(file, seconds = 20) {
  execFileSync('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-y', '-f', 'lavfi', '-i', `testsrc2=size=640x360:rate=25`, '-t', String(seconds),
    '-c:v', 'libx264', '-preset', 'ultrafast', '-g', '50', '-b:v', '1M', '-f', 'mpegts', file]);
}
