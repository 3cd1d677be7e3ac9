// The built headless engine (dist/main/cli.js) as a separate OS process, so tests and benches can kill -9 it
// and read its RSS, descriptors and children from /proc. Plain ESM: shared by vitest suites and bench/*.mjs.
import { spawn } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const FAKE_FFMPEG = path.join(repoRoot, 'test/helpers/fake-ffmpeg.mjs');
/** The engine to run; ENGINE_CLI points long benches at a snapshot of dist/ that a concurrent rebuild cannot change. */
export const ENGINE_CLI = process.env.ENGINE_CLI ?? path.join(repoRoot, 'dist/main/cli.js');

export function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Starts the engine with `cwd` as its working directory (config and db.json under ./config) and resolves once
 * /ping answers. `env` is laid over a minimal environment: no auth, fake FFmpeg, errors-only logging.
 */
export async function spawnEngine({ cwd, env = {}, timeoutMs = 10_000 }) {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, [ENGINE_CLI], {
    cwd,
    env: { PATH: process.env.PATH, HOME: cwd, CORE_ADDRESS: `127.0.0.1:${port}`, CORE_API_AUTH_ENABLE: 'false', CORE_FFMPEG_BINARY: FAKE_FFMPEG, CORE_LOG_LEVEL: 'error', ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (text) => {
    stderr = (stderr + text).slice(-20_000);
  });
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`the engine exited while starting: ${stderr}`);
    try {
      if ((await fetch(`${base}/ping`)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`the engine did not answer /ping within ${timeoutMs} ms: ${stderr}`);
    }
    await sleep(20);
  }
  return {
    child,
    pid: child.pid,
    base,
    stderr: () => stderr,
    exited,
    /** kill -9: no shutdown code runs. */
    async kill9() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
    /** SIGINT: the engine stops its processes and exits. */
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGINT');
      return exited;
    },
  };
}

/** One API request; `ok` false also for network errors (the engine may be dead). */
export async function send(base, method, url, body) {
  try {
    const response = await fetch(base + url, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { ok: response.ok, status: response.status, text };
  } catch (error) {
    return { ok: false, status: 0, text: String(error) };
  }
}
