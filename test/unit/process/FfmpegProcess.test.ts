// The supervisor's lifecycle against a fake ffmpeg: exits, crashes, SIGINT ignored, stale, limits, reconnect.
import { afterEach, describe, expect, it } from 'vitest';
import path from 'node:path';
import { FfmpegProcess, type OutputSink, type ProcessSettings } from '../../../main/core/process/FfmpegProcess.js';
import type { ProcessState } from '../../../main/core/process/states.js';
import { repoRoot } from '../../helpers/paths.js';
import { recordingLogger } from '../../helpers/silentLogger.js';
import { sleep, waitFor } from '../../helpers/waitFor.js';

const FAKE = path.join(repoRoot, 'test/helpers/fake-ffmpeg.mjs');

class CountingSink implements OutputSink {
  lines: string[] = [];
  progress = 0;
  starts = 0;
  exits = 0;
  line(line: string): number {
    this.lines.push(line);
    if (line.startsWith('frame=')) {
      this.progress++;
      return 1;
    }
    return 0;
  }
  started(): void {
    this.starts++;
  }
  exited(): void {
    this.exits++;
  }
}

const running: FfmpegProcess[] = [];

function makeProcess(extraArgs: string[], overrides: Partial<ProcessSettings> = {}, killTimeoutMs = 5000) {
  const sink = new CountingSink();
  const transitions: Array<[ProcessState, ProcessState]> = [];
  const logger = recordingLogger();
  const proc = new FfmpegProcess(
    {
      binary: FAKE,
      args: ['-f', 'lavfi', '-i', 'testsrc', ...extraArgs, '-f', 'null', '-'],
      reconnect: false,
      reconnectDelaySeconds: 0,
      staleTimeoutSeconds: 0,
      limits: { cpuPercent: 0, memoryBytes: 0, waitForSeconds: 0 },
      ...overrides,
    },
    sink,
    { logger, killTimeoutMs, onStateChange: (next, previous) => transitions.push([previous, next]) },
  );
  running.push(proc);
  return { proc, sink, transitions, logger };
}

afterEach(async () => {
  await Promise.all(running.splice(0).map((proc) => proc.dispose()));
});

describe('FfmpegProcess', () => {
  it('starts, reads progress lines split on \\r, and stops with SIGINT into finished', async () => {
    const { proc, sink, transitions } = makeProcess([]);
    expect(proc.start()).toBe(true);
    expect(proc.start()).toBe(false); // order already start
    await waitFor(() => sink.progress >= 3, 5000, 'progress');
    expect(proc.state).toBe('running');
    expect(sink.lines).toContain('Stream mapping:');
    expect(proc.status().pid).toBeGreaterThan(0);
    await proc.stop(true);
    expect(proc.state).toBe('finished');
    expect(proc.order).toBe('stop');
    expect(transitions).toEqual([
      ['finished', 'starting'],
      ['starting', 'running'],
      ['running', 'finishing'],
      ['finishing', 'finished'],
    ]);
    expect(sink.lines).toContain('Exiting normally, received signal 2.');
    expect(sink.starts).toBe(1);
    expect(sink.exits).toBe(1);
    expect(proc.status().reconnectSeconds).toBe(-1);
  });

  it('maps exit codes: 0 finished, other failed, signal killed', async () => {
    const clean = makeProcess(['-fake_exit_after', '0.3']);
    clean.proc.start();
    await waitFor(() => clean.sink.exits === 1, 5000);
    expect(clean.proc.state).toBe('finished');

    const failing = makeProcess(['-fake_exit_after', '0.3', '-fake_exit_code', '1']);
    failing.proc.start();
    await waitFor(() => failing.sink.exits === 1, 5000);
    expect(failing.proc.state).toBe('failed');
    expect(failing.proc.order).toBe('start');

    const crashing = makeProcess(['-fake_exit_after', '0.3', '-fake_crash']);
    crashing.proc.start();
    await waitFor(() => crashing.sink.exits === 1, 5000);
    expect(crashing.proc.state).toBe('killed');
  });

  it('reconnects after the delay while the order is start, also after a clean exit', async () => {
    const { proc, sink } = makeProcess(['-fake_exit_after', '0.3'], { reconnect: true, reconnectDelaySeconds: 1 });
    proc.start();
    await waitFor(() => sink.exits === 1, 5000);
    const exitedAt = Date.now();
    const pending = proc.status().reconnectSeconds;
    expect(pending).toBeGreaterThanOrEqual(0);
    expect(pending).toBeLessThanOrEqual(1);
    await waitFor(() => sink.starts === 2, 5000, 'reconnect');
    const delay = Date.now() - exitedAt;
    expect(delay).toBeGreaterThanOrEqual(900);
    expect(delay).toBeLessThan(1600);
    await proc.stop(true);
    await sleep(1300);
    expect(sink.starts).toBe(2); // stop cancels any reconnect
  });

  it('does not reconnect when reconnect is off', async () => {
    const { proc, sink } = makeProcess(['-fake_exit_after', '0.2'], { reconnect: false, reconnectDelaySeconds: 0 });
    proc.start();
    await waitFor(() => sink.exits === 1, 5000);
    await sleep(500);
    expect(sink.starts).toBe(1);
    expect(proc.order).toBe('start');
    expect(proc.status().reconnectSeconds).toBe(-1);
  });

  it('kills a child that ignores SIGINT after the kill timeout', async () => {
    const { proc, sink, logger } = makeProcess(['-fake_ignore_sigint'], {}, 700);
    proc.start();
    await waitFor(() => sink.progress > 0, 5000);
    const started = Date.now();
    await proc.stop(true);
    const took = Date.now() - started;
    expect(proc.state).toBe('killed');
    expect(took).toBeGreaterThanOrEqual(650);
    expect(logger.entries.some((entry) => entry.message.includes('ignored SIGINT'))).toBe(true);
  });

  it('stops a stale process (no progress) and reconnects it', async () => {
    const { proc, sink, logger } = makeProcess(['-fake_no_progress'], { staleTimeoutSeconds: 1, reconnect: true, reconnectDelaySeconds: 0 });
    proc.start();
    await waitFor(() => sink.starts >= 2, 8000, 'stale restart');
    expect(logger.entries.some((entry) => entry.message.includes('stale'))).toBe(true);
    expect(proc.order).toBe('start');
  });

  it('does not treat a process with progress as stale', async () => {
    const { proc, sink } = makeProcess([], { staleTimeoutSeconds: 1, reconnect: true });
    proc.start();
    await sleep(2500);
    expect(sink.starts).toBe(1);
    expect(proc.state).toBe('running');
  });

  it('reports memory and CPU usage and enforces the memory limit after waitfor', async () => {
    const { proc, sink, logger } = makeProcess(['-fake_alloc_mb', '120'], {
      limits: { cpuPercent: 0, memoryBytes: 60 * 1024 * 1024, waitForSeconds: 1 },
    });
    proc.start();
    await waitFor(() => proc.status().memoryBytes > 60 * 1024 * 1024, 5000, 'memory sample');
    await waitFor(() => sink.exits >= 1, 6000, 'limit kill');
    expect(logger.entries.some((entry) => entry.message.includes('resource limit'))).toBe(true);
    expect(proc.order).toBe('start');
  });

  it('enforces the CPU limit (percent of all cores)', async () => {
    const { proc, sink } = makeProcess(['-fake_busy'], { limits: { cpuPercent: 5, memoryBytes: 0, waitForSeconds: 1 } });
    proc.start();
    await waitFor(() => proc.status().cpuPercent > 5, 6000, 'cpu sample');
    await waitFor(() => sink.exits >= 1, 6000, 'cpu limit kill');
  });

  it('a missing binary ends in failed and reconnects', async () => {
    const sink = new CountingSink();
    const proc = new FfmpegProcess(
      { binary: '/nonexistent/ffmpeg', args: [], reconnect: true, reconnectDelaySeconds: 0.2, staleTimeoutSeconds: 0, limits: { cpuPercent: 0, memoryBytes: 0, waitForSeconds: 0 } },
      sink,
      { logger: recordingLogger() },
    );
    running.push(proc);
    proc.start();
    await waitFor(() => sink.starts >= 2, 5000, 'retry');
    expect(proc.state === 'failed' || proc.state === 'starting').toBe(true);
    expect(sink.lines.some((line) => line.includes('cannot start /nonexistent/ffmpeg'))).toBe(true);
  });

  it('restart stops and starts a running process at once; no effect when not running', async () => {
    const { proc, sink } = makeProcess([]);
    await proc.restart();
    expect(sink.starts).toBe(0);
    proc.start();
    await waitFor(() => proc.state === 'running', 5000);
    await proc.restart();
    await waitFor(() => proc.state === 'running' && sink.starts === 2, 5000);
    expect(proc.order).toBe('start');
  });

  it('a killed child (kill -9 from outside) comes back through reconnect', async () => {
    const { proc, sink } = makeProcess([], { reconnect: true, reconnectDelaySeconds: 0.5 });
    proc.start();
    await waitFor(() => proc.state === 'running', 5000);
    process.kill(proc.status().pid!, 'SIGKILL');
    await waitFor(() => sink.exits === 1, 5000);
    expect(proc.state).toBe('killed');
    await waitFor(() => proc.state === 'running' && sink.starts === 2, 5000, 'back after kill -9');
  });
});
