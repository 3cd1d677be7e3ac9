// The process engine end to end with real FFmpeg: a testsrc "main" publishing HLS into memfs, a "sub" pulling it
// through a process reference and writing HLS to disk; progress, report, commands, reconnect, engine restart.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../main/core/app.js';
import { call, makeTempDir } from '../helpers/engine.js';
import { contractViolations } from '../helpers/contract.js';
import { repoRoot } from '../helpers/paths.js';
import { waitFor } from '../helpers/waitFor.js';

const MAIN = {
  id: 'main',
  options: ['-loglevel', 'level+info', '-err_detect', 'ignore_err', '-y'],
  input: [{ id: 'video', address: 'testsrc2=size=320x240:rate=25', options: ['-f', 'lavfi', '-re'] }],
  output: [
    {
      id: 'hls',
      address: '{memfs}/{processid}.m3u8',
      options: ['-c:v', 'libx264', '-preset', 'ultrafast', '-g', '25', '-f', 'hls', '-hls_time', '1', '-hls_list_size', '4', '-hls_flags', 'delete_segments', '-method', 'PUT'],
      cleanup: [{ pattern: 'memfs:/{processid}**', purge_on_delete: true }],
    },
  ],
  autostart: true,
  reconnect: true,
  reconnect_delay_seconds: 1,
  stale_timeout_seconds: 10,
};

const SUB = {
  id: 'sub',
  options: ['-loglevel', 'level+info'],
  input: [{ id: 'in', address: '#main:output=hls', options: ['-re'] }],
  output: [
    {
      id: 'rec',
      address: '{diskfs}/{processid}/index.m3u8',
      options: ['-c', 'copy', '-f', 'hls', '-hls_time', '1', '-hls_list_size', '3'],
      cleanup: [{ pattern: 'diskfs:/{processid}/*.ts', max_files: 5 }],
    },
  ],
  autostart: true,
  reconnect: true,
  reconnect_delay_seconds: 1,
  stale_timeout_seconds: 15,
};

describe('process engine with real FFmpeg', () => {
  let dir: string;
  let core: Core;
  let base: string;
  const env = () => ({ CORE_CONFIGFILE: path.join(dir, 'config.json'), CORE_ADDRESS: '127.0.0.1:0', CORE_STORAGE_MEMORY_AUTH_PASSWORD: 'mempw', CORE_STORAGE_MEMORY_AUTH_USERNAME: 'admin' });

  async function boot(): Promise<void> {
    core = createCore({ cwd: dir, env: env(), console: { write: () => true }, resourcesDir: path.join(repoRoot, 'resources') });
    await core.start();
    base = `http://127.0.0.1:${core.port}`;
  }

  beforeAll(async () => {
    dir = makeTempDir('core-process-');
    await boot();
  });
  afterAll(async () => {
    await core?.stop();
  });

  it('creates the main process; config keeps placeholders, state shows them resolved', async () => {
    const created = await call(base, 'POST', '/api/v3/process', { body: MAIN });
    expect(created.status, created.text).toBe(200);
    expect(contractViolations('POST', '/api/v3/process', 200, created.body)).toEqual([]);
    expect(created.body.output[0].address).toBe('{memfs}/{processid}.m3u8');
    expect(created.body.limits).toEqual({ cpu_usage: 0, memory_mbytes: 0, waitfor_seconds: 0 });

    const state = await waitFor(async () => {
      const response = await call(base, 'GET', '/api/v3/process/main/state');
      return response.body.exec === 'running' && response.body.progress.fps > 0 ? response : undefined;
    }, 20_000, 'main running with fps > 0');
    expect(contractViolations('GET', '/api/v3/process/{id}/state', 200, state.body)).toEqual([]);
    expect(state.body.order).toBe('start');
    expect(state.body.reconnect_seconds).toBe(-1);
    expect(state.body.command).toEqual([
      '-loglevel', 'level+info', '-err_detect', 'ignore_err', '-y',
      '-f', 'lavfi', '-re', '-i', 'testsrc2=size=320x240:rate=25',
      ...MAIN.output[0]!.options,
      `http://admin:mempw@127.0.0.1:${core.port}/memfs/main.m3u8`,
    ]);
    expect(state.body.progress.frame).toBeGreaterThan(0);
    expect(state.body.progress.outputs[0]).toMatchObject({ id: 'hls', type: 'video', codec: 'h264' });
    expect(state.body.progress.inputs[0]).toMatchObject({ id: 'video', type: 'video', width: 320, height: 240 });
    await waitFor(async () => (await call(base, 'GET', '/memfs/main.m3u8')).status === 200, 10_000, 'playlist in memfs');
  });

  it('a second process pulls main through a reference and writes HLS to disk', async () => {
    const created = await call(base, 'POST', '/api/v3/process', { body: SUB });
    expect(created.status, created.text).toBe(200);
    const state = await waitFor(async () => {
      const response = await call(base, 'GET', '/api/v3/process/sub/state');
      return response.body.exec === 'running' && response.body.progress.fps > 0 ? response : undefined;
    }, 30_000, 'sub running');
    expect(state.body.command).toContain(`http://admin:mempw@127.0.0.1:${core.port}/memfs/main.m3u8`);
    const recording = path.join(dir, 'data', 'sub');
    await waitFor(() => existsSync(path.join(recording, 'index.m3u8')), 15_000, 'recording on disk');
    expect(readdirSync(recording).some((name) => name.endsWith('.ts'))).toBe(true);
  });

  it('lists processes with filters and patterns, as the contract', async () => {
    const all = await call(base, 'GET', '/api/v3/process');
    expect(all.body.map((p: { id: string }) => p.id).sort()).toEqual(['main', 'sub']);
    expect(contractViolations('GET', '/api/v3/process', 200, all.body)).toEqual([]);
    const onlyState = await call(base, 'GET', '/api/v3/process?filter=state&id=sub');
    expect(onlyState.body).toHaveLength(1);
    expect(Object.keys(onlyState.body[0]).sort()).toEqual(['created_at', 'id', 'reference', 'state', 'type', 'updated_at']);
    const pattern = await call(base, 'GET', '/api/v3/process?idpattern=m*&filter=config');
    expect(pattern.body.map((p: { id: string }) => p.id)).toEqual(['main']);
    const none = await call(base, 'GET', '/api/v3/process?reference=nope');
    expect(none.body).toEqual([]);
  });

  it('reports the prelude and the log, without progress lines', async () => {
    const report = await call(base, 'GET', '/api/v3/process/main/report');
    expect(report.status).toBe(200);
    expect(contractViolations('GET', '/api/v3/process/{id}/report', 200, report.body)).toEqual([]);
    expect(report.body.prelude.some((line: string) => line.includes('Input #0, lavfi'))).toBe(true);
    for (const [time, line] of report.body.log) {
      expect(time).toMatch(/^\d+$/);
      expect(line).not.toMatch(/frame=\s*\d+/);
    }
  });

  it('stop, start, restart and reload', async () => {
    expect((await call(base, 'PUT', '/api/v3/process/sub/command', { body: { command: 'stop' } })).body).toBe('OK');
    let state = (await call(base, 'GET', '/api/v3/process/sub/state')).body;
    expect(state.order).toBe('stop');
    expect(state.exec).toBe('finished');
    expect((await call(base, 'PUT', '/api/v3/process/sub/command', { body: { command: 'start' } })).status).toBe(200);
    await waitFor(async () => (await call(base, 'GET', '/api/v3/process/sub/state')).body.exec === 'running', 10_000);
    const before = (await call(base, 'GET', '/api/v3/process/main/state')).body;
    expect((await call(base, 'PUT', '/api/v3/process/main/command', { body: { command: 'restart' } })).status).toBe(200);
    state = await waitFor(async () => {
      const s = (await call(base, 'GET', '/api/v3/process/main/state')).body;
      return s.exec === 'running' && s.progress.frame > 0 ? s : undefined;
    }, 10_000);
    expect(state.runtime_seconds).toBeLessThanOrEqual(before.runtime_seconds);
    expect((await call(base, 'PUT', '/api/v3/process/main/command', { body: { command: 'reload' } })).status).toBe(200);
    await waitFor(async () => (await call(base, 'GET', '/api/v3/process/main/state')).body.exec === 'running', 10_000);
    const report = (await call(base, 'GET', '/api/v3/process/main/report')).body;
    expect(report.history.length).toBeGreaterThanOrEqual(2);
    const bad = await call(base, 'PUT', '/api/v3/process/main/command', { body: { command: 'explode' } });
    expect(bad.status).toBe(400);
  });

  it('comes back after kill -9 of its FFmpeg child, after the reconnect delay', async () => {
    const pid = (await waitFor(async () => {
      const list = await call(base, 'GET', '/api/v3/process/main/state');
      return list.body.exec === 'running' ? core : undefined;
    }))
      ? findFfmpegChild('testsrc2=size=320x240', `:${core.port}/memfs/main.m3u8`)
      : null;
    expect(pid).toBeGreaterThan(0);
    process.kill(pid!, 'SIGKILL');
    const failed = await waitFor(async () => {
      const s = (await call(base, 'GET', '/api/v3/process/main/state')).body;
      return s.exec === 'killed' ? s : undefined;
    }, 5000, 'killed state');
    expect(failed.reconnect_seconds).toBeGreaterThanOrEqual(0);
    await waitFor(async () => (await call(base, 'GET', '/api/v3/process/main/state')).body.exec === 'running', 10_000, 'running again');
    expect(findFfmpegChild('testsrc2=size=320x240', `:${core.port}/memfs/main.m3u8`)).not.toBe(pid);
  });

  it('a restart of the engine brings both processes back in their order', async () => {
    await core.stop();
    const db = JSON.parse(readFileSync(path.join(dir, 'config', 'db.json'), 'utf8'));
    expect(db.version).toBe(4);
    expect(db.process.main.order).toBe('start');
    expect(db.process.sub.config.input[0].address).toBe('#main:output=hls');
    await boot();
    for (const id of ['main', 'sub']) {
      await waitFor(async () => (await call(base, 'GET', `/api/v3/process/${id}/state`)).body.exec === 'running', 20_000, `${id} back`);
    }
  });

  it('deletes processes (stopping them) and purges their memfs files', async () => {
    expect((await call(base, 'DELETE', '/api/v3/process/sub')).body).toBe('OK');
    expect((await call(base, 'DELETE', '/api/v3/process/main')).body).toBe('OK');
    expect((await call(base, 'GET', '/api/v3/process')).body).toEqual([]);
    expect(await core.memfs.list('/main**')).toEqual([]);
    expect(findFfmpegChild('testsrc2=size=320x240', `:${core.port}/memfs/main.m3u8`)).toBeNull();
  });
});

/** The pid of the ffmpeg child whose command line contains `marker`, or null. */
function findFfmpegChild(...markers: string[]): number | null {
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8');
      if (cmdline.startsWith('ffmpeg') || cmdline.includes('/ffmpeg\0')) {
        if (markers.every((marker) => cmdline.includes(marker)) && Number(entry) !== process.pid) return Number(entry);
      }
    } catch {
      // process went away
    }
  }
  return null;
}
