// Crash/reconnect cycles, as issue 10 defines them: several processes whose FFmpeg fails at once, with
// reconnect_delay_seconds 0 (Core restarts at once), until the engine has started FFmpeg `cycles` times.
// Measures the engine's own RSS growth after a warm-up, its open descriptors against the baseline once the
// processes are stopped, and the children left behind. Shared by test/reliability/cycles.test.ts (bounded)
// and bench/reliability.mjs (1,000 cycles).
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { repoRoot, send, spawnEngine } from './engineProcess.mjs';
import { childPids, fdCount, fdTargets, rssBytes } from './procfs.mjs';

export const EXITING_FFMPEG = path.join(repoRoot, 'test/helpers/exiting-ffmpeg.sh');

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const MB = 1024 * 1024;

function starts(counter) {
  try {
    return statSync(counter).size;
  } catch {
    return 0;
  }
}

/** Polls `probe` every 50 ms until it returns true or `timeoutMs` passes; returns whether it held. */
async function until(probe, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await probe()) return true;
    await sleep(50);
  }
  return probe();
}

/**
 * @param {{ cycles: number, processes?: number, warmup?: number, timeoutMs?: number, env?: Record<string, string> }} options
 * @returns the figures: cycles run, seconds, RSS (MB) after warm-up / peak / at the end, descriptors, children.
 */
export async function runReconnectCycles({ cycles, processes = 4, warmup = Math.max(50, Math.round(cycles / 5)), timeoutMs = 120_000, env = {} }) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'core-cycles-'));
  const counter = path.join(dir, 'starts');
  const engine = await spawnEngine({ cwd: dir, env: { CORE_FFMPEG_BINARY: EXITING_FFMPEG, FAKE_FFMPEG_COUNTER: counter, ...env } });
  try {
    const ids = Array.from({ length: processes }, (_, i) => `cycle${i}`);
    // The baseline: a running engine that has answered a request (its keep-alive socket is counted both times).
    await send(engine.base, 'GET', '/api/v3/process');
    const fdBaseline = fdCount(engine.pid);

    const started = performance.now();
    for (const id of ids) {
      const body = {
        id,
        input: [{ id: 'in', address: 'testsrc', options: ['-f', 'lavfi'] }],
        output: [{ id: 'out', address: '-', options: ['-f', 'null'] }],
        reconnect: true,
        reconnect_delay_seconds: 0,
        autostart: true,
      };
      const response = await send(engine.base, 'POST', '/api/v3/process', body);
      if (!response.ok) throw new Error(`cannot create ${id}: ${response.status} ${response.text}`);
    }

    if (!(await until(() => starts(counter) >= warmup, timeoutMs))) throw new Error(`only ${starts(counter)} starts during the warm-up`);
    const rssWarm = rssBytes(engine.pid);
    let rssPeak = rssWarm;
    const done = await until(async () => {
      rssPeak = Math.max(rssPeak, rssBytes(engine.pid));
      // A client keeps polling, as the UI would: the API must stay responsive through the churn.
      await send(engine.base, 'GET', '/api/v3/process?filter=state');
      return starts(counter) >= cycles;
    }, timeoutMs);
    const rssEnd = rssBytes(engine.pid);
    const cyclesRun = starts(counter);
    const seconds = (performance.now() - started) / 1000;
    if (!done) throw new Error(`only ${cyclesRun} of ${cycles} cycles in ${timeoutMs} ms`);

    for (const id of ids) await send(engine.base, 'PUT', `/api/v3/process/${id}/command`, { command: 'stop' });
    await until(() => childPids(engine.pid).length === 0, 5000);
    const leakedChildren = childPids(engine.pid);
    await until(() => fdCount(engine.pid) <= fdBaseline, 5000);
    const fdAfter = fdCount(engine.pid);
    const states = JSON.parse((await send(engine.base, 'GET', '/api/v3/process?filter=state')).text).map((p) => p.state.exec);

    return {
      cycles: cyclesRun,
      processes,
      seconds,
      rssWarmMB: rssWarm / MB,
      rssPeakMB: rssPeak / MB,
      rssEndMB: rssEnd / MB,
      rssGrowthMB: (rssPeak - rssWarm) / MB,
      fdBaseline,
      fdAfter,
      fdDelta: fdAfter - fdBaseline,
      fdLeaked: fdAfter > fdBaseline ? fdTargets(engine.pid) : [],
      leakedChildren: leakedChildren.length,
      states,
    };
  } finally {
    await engine.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
