// Faults in the media path: FFmpeg killed with SIGKILL, exiting with an error or cleanly, hanging without output
// (stale timeout), ignoring SIGINT (forced kill after 5 s), and its RTMP input disappearing. Each ends in the
// state REFERENCE-BEHAVIOUR.md §2 documents (exit 0 or 255 → finished, other code → failed, signal → killed)
// and, with order start, comes back after reconnect_delay_seconds: the time from the exit to the next start,
// as an API client sees it, must be within 0.5 s of the configured delay.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { call, startEngine, type TestEngine } from '../helpers/engine.js';
import { repoRoot } from '../helpers/paths.js';
import { childPids } from '../helpers/procfs.mjs';
import { StateRecorder, type StateChange } from '../helpers/stateRecorder.js';
import { sleep, waitFor } from '../helpers/waitFor.js';
import { killAllFfmpeg, publish } from '../unit/rtmp/helpers.js';

const FAKE = path.join(repoRoot, 'test/helpers/fake-ffmpeg.mjs');
const TOLERANCE_SECONDS = 0.5;
const STARTED = ['starting', 'running'];

/** Measured figures, printed once at the end (the report quotes them). */
const measured: string[] = [];

/** The reconnect came `delaySeconds` after the exit, give or take the tolerance. */
function expectOnTime(what: string, exit: StateChange, restart: StateChange, delaySeconds: number): void {
  const seconds = (restart.at - exit.at) / 1000;
  measured.push(`${what}: ${exit.exec} → restart after ${seconds.toFixed(3)} s (delay ${delaySeconds} s)`);
  expect(Math.abs(seconds - delaySeconds), `${what}: restarted ${seconds.toFixed(3)} s after the exit`).toBeLessThanOrEqual(TOLERANCE_SECONDS);
}

afterAll(() => {
  if (measured.length > 0) console.info(['media faults, measured:', ...measured.map((line) => `  ${line}`)].join('\n'));
});

describe('faults of a supervised FFmpeg (fake FFmpeg)', () => {
  let engine: TestEngine;
  const recorders: StateRecorder[] = [];
  const created: string[] = [];

  beforeAll(async () => {
    engine = await startEngine({ config: { ffmpeg: { binary: FAKE }, api: { auth: { enable: false } } } });
  });
  afterEach(async () => {
    await Promise.all(recorders.splice(0).map((recorder) => recorder.stop()));
    // A child that ignores SIGINT takes 5 s to delete; do them together.
    await Promise.all(created.splice(0).map((id) => call(engine.url, 'DELETE', `/api/v3/process/${id}`)));
  });
  afterAll(async () => {
    await engine?.stop();
  });

  /** Creates and starts a process whose fake FFmpeg behaves as `fakeArgs` say; records its states. */
  async function supervise(id: string, fakeArgs: string[], settings: Record<string, unknown> = {}): Promise<StateRecorder> {
    const body = {
      id,
      // The id rides along in argv, so the test can find this process's child among the others.
      options: [...fakeArgs, '-fake_marker', id],
      input: [{ id: 'i', address: 'testsrc', options: ['-f', 'lavfi'] }],
      output: [{ id: 'o', address: '-', options: ['-f', 'null'] }],
      reconnect: true,
      reconnect_delay_seconds: 1,
      autostart: true,
      ...settings,
    };
    const response = await call(engine.url, 'POST', '/api/v3/process', { body });
    expect(response.status, response.text).toBe(200);
    created.push(id);
    const recorder = new StateRecorder(engine.url, id);
    recorders.push(recorder);
    return recorder;
  }

  /** The pid of the fake FFmpeg running for process `id` (a child of this test process, which hosts the engine). */
  function childOf(id: string): number {
    const pid = childPids(process.pid).find((candidate) => {
      try {
        return readFileSync(`/proc/${candidate}/cmdline`, 'utf8').split('\0').join(' ').includes(`-fake_marker ${id}`);
      } catch {
        return false;
      }
    });
    if (pid === undefined) throw new Error(`no child for ${id}`);
    return pid;
  }

  it('SIGKILL: killed, then restarted after the delay (2 s)', async () => {
    const states = await supervise('sigkill', [], { reconnect_delay_seconds: 2 });
    const running = await states.next(['running']);
    process.kill(childOf('sigkill'), 'SIGKILL');
    const exit = await states.next(['killed', 'failed', 'finished'], running.index);
    expect(exit.exec, states.describe()).toBe('killed');
    expect(exit.order).toBe('start');
    expectOnTime('SIGKILL', exit, await states.next(STARTED, exit.index), 2);
  });

  it('exit with an error: failed, then restarted after the delay', async () => {
    const states = await supervise('error', ['-fake_exit_after', '1', '-fake_exit_code', '1']);
    const running = await states.next(['running']);
    const exit = await states.next(['killed', 'failed', 'finished'], running.index);
    expect(exit.exec, states.describe()).toBe('failed');
    expectOnTime('exit code 1', exit, await states.next(STARTED, exit.index), 1);
  });

  it('clean exit: finished, and restarted too (Core reconnects after exit 0)', async () => {
    const states = await supervise('clean', ['-fake_exit_after', '1']);
    const running = await states.next(['running']);
    const exit = await states.next(['killed', 'failed', 'finished'], running.index);
    expect(exit.exec, states.describe()).toBe('finished');
    expectOnTime('exit code 0', exit, await states.next(STARTED, exit.index), 1);
  });

  it('hanging without output: stopped after stale_timeout_seconds (SIGINT), finished, restarted', async () => {
    const states = await supervise('stale', ['-fake_no_progress'], { stale_timeout_seconds: 2 });
    const running = await states.next(['running']);
    const exit = await states.next(['killed', 'failed', 'finished'], running.index);
    expect(exit.exec, states.describe()).toBe('finished');
    // Checked on a 1 s tick: no progress for more than the timeout, at most one tick late.
    const staleSeconds = (exit.at - running.at) / 1000;
    measured.push(`stale timeout 2 s: stopped after ${staleSeconds.toFixed(3)} s without progress`);
    expect(staleSeconds).toBeGreaterThanOrEqual(2 - 0.1);
    expect(staleSeconds).toBeLessThanOrEqual(3 + TOLERANCE_SECONDS);
    expectOnTime('stale', exit, await states.next(STARTED, exit.index), 1);
  });

  it('hanging and ignoring SIGINT: SIGKILL 5 s after the stale stop, killed, restarted', async () => {
    // 2 s also gives the (Node) fake time to install its SIGINT handler before the stale stop sends SIGINT.
    const states = await supervise('stale-ignore', ['-fake_no_progress', '-fake_ignore_sigint'], { stale_timeout_seconds: 2 });
    const running = await states.next(['running']);
    const finishing = await states.next(['finishing'], running.index);
    const exit = await states.next(['killed', 'failed', 'finished'], finishing.index, 10_000);
    expect(exit.exec, states.describe()).toBe('killed');
    const forcedAfter = (exit.at - finishing.at) / 1000;
    measured.push(`SIGINT ignored (stale stop): SIGKILL after ${forcedAfter.toFixed(3)} s`);
    expect(Math.abs(forcedAfter - 5)).toBeLessThanOrEqual(TOLERANCE_SECONDS);
    expectOnTime('stale + SIGINT ignored', exit, await states.next(STARTED, exit.index), 1);
  }, 30_000);

  it('stop while FFmpeg ignores SIGINT: SIGKILL after 5 s, killed, and it stays stopped', async () => {
    await supervise('stop-ignore', ['-fake_ignore_sigint']);
    // Progress means the fake is past its setup, SIGINT handler included (before it, SIGINT would end it).
    await waitFor(async () => (await call(engine.url, 'GET', '/api/v3/process/stop-ignore/state')).body.progress.frame > 0, 10_000, 'progress');
    const states = recorders[recorders.length - 1]!;
    const asked = performance.now();
    const response = await call(engine.url, 'PUT', '/api/v3/process/stop-ignore/command', { body: { command: 'stop' } });
    const took = (performance.now() - asked) / 1000;
    expect(response.status).toBe(200);
    measured.push(`stop with SIGINT ignored: answered after ${took.toFixed(3)} s`);
    expect(Math.abs(took - 5)).toBeLessThanOrEqual(TOLERANCE_SECONDS);
    const state = (await call(engine.url, 'GET', '/api/v3/process/stop-ignore/state')).body;
    expect(state).toMatchObject({ exec: 'killed', order: 'stop', reconnect_seconds: -1 });
    // Order stop: no reconnect, even well past the delay.
    await sleep(1500);
    expect(states.current).toMatchObject({ exec: 'killed', order: 'stop' });
  }, 30_000);
});

describe('the RTMP input disappears (real FFmpeg, the built-in RTMP server)', () => {
  let engine: TestEngine;

  beforeAll(async () => {
    engine = await startEngine({ config: { rtmp: { enable: true, address: '127.0.0.1:0' }, api: { auth: { enable: false } } } });
  });
  afterAll(async () => {
    await killAllFfmpeg();
    await engine?.stop();
  });

  it('publisher killed: the ingest ends, retries every reconnect delay while the stream is gone, and resumes', async () => {
    const stream = `rtmp://127.0.0.1:${engine.core.rtmpPort}/live/gone`;
    let publisher = publish(stream, 120);
    await waitFor(async () => ((await call(engine.url, 'GET', '/api/v3/rtmp')).body as unknown[]).length > 0, 15_000, 'the stream to be published');
    const body = {
      id: 'ingest',
      input: [{ id: 'in', address: stream, options: [] }],
      output: [{ id: 'out', address: '-', options: ['-c', 'copy', '-f', 'null'] }],
      reconnect: true,
      reconnect_delay_seconds: 1,
      stale_timeout_seconds: 10,
      autostart: true,
    };
    expect((await call(engine.url, 'POST', '/api/v3/process', { body })).status).toBe(200);
    const states = new StateRecorder(engine.url, 'ingest');
    try {
      const frames = async () => (await call(engine.url, 'GET', '/api/v3/process/ingest/state')).body.progress.frame as number;
      await waitFor(async () => (await frames()) > 10, 20_000, 'the ingest to receive frames');
      const running = states.changes.length - 1;

      const killedAt = performance.now();
      publisher.child.kill('SIGKILL');
      // FFmpeg reads the end of its input and exits by itself: exit 0 → finished (an I/O error would be failed).
      const exit = await states.next(['finished', 'failed', 'killed'], running, 5000);
      expect(['finished', 'failed'], states.describe()).toContain(exit.exec);
      measured.push(`RTMP publisher gone: ingest ${exit.exec} ${((exit.at - killedAt) / 1000).toFixed(3)} s after the kill`);
      const restart = await states.next(STARTED, exit.index);
      expectOnTime('RTMP publisher gone', exit, restart, 1);

      // While the stream is missing every attempt fails ("not published") and is retried after the delay again.
      const retryFailed = await states.next(['failed', 'finished'], restart.index, 15_000);
      expectOnTime('RTMP stream missing', retryFailed, await states.next(STARTED, retryFailed.index), 1);

      // The publisher comes back: the ingest picks the stream up again on its own.
      publisher = publish(stream, 120);
      await waitFor(async () => (await frames()) > 10, 30_000, 'the ingest to receive frames again');
      expect(states.current?.exec).toBe('running');
    } finally {
      await states.stop();
      await call(engine.url, 'DELETE', '/api/v3/process/ingest');
    }
  }, 60_000);
});
