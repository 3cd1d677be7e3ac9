// The manual's beginner guide, step by step, against the engine with real FFmpeg and the built-in RTMP server.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, startEngine, type TestEngine } from '../helpers/engine.js';
import { contractViolations } from '../helpers/contract.js';
import { waitFor } from '../helpers/waitFor.js';

describe('beginner guide', () => {
  let engine: TestEngine;
  const state = async (id: string) => (await call(engine.url, 'GET', `/api/v3/process/${id}/state`)).body;

  beforeAll(async () => {
    engine = await startEngine({ config: { rtmp: { enable: false, address: '127.0.0.1:0' }, storage: { memory: { auth: { enable: true, username: 'admin', password: 'guide' } } } } });
  });
  afterAll(() => engine.stop());

  it('2: enables RTMP by config and reload', async () => {
    expect((await call(engine.url, 'GET', '/api/v3/rtmp')).status).toBe(404);
    expect((await call(engine.url, 'PUT', '/api/v3/config', { body: { version: 3, rtmp: { enable: true } } })).body).toBe('OK');
    expect((await call(engine.url, 'GET', '/api/v3/config/reload')).body).toBe('OK');
    const rtmp = await waitFor(async () => {
      const response = await call(engine.url, 'GET', '/api/v3/rtmp');
      return response.status === 200 ? response : undefined;
    }, 10_000, 'rtmp enabled');
    expect(rtmp.body).toEqual([]);
    expect(contractViolations('GET', '/api/v3/rtmp', 200, rtmp.body)).toEqual([]);
  });

  it('3: the main process publishes testsrc into the RTMP server', async () => {
    const main = {
      id: 'main',
      options: [],
      input: [{ address: 'testsrc=size=640x360:rate=25', id: '0', options: ['-f', 'lavfi', '-re'] }],
      output: [{ address: '{rtmp,name=main}', id: '0', options: ['-c:v', 'libx264', '-preset', 'ultrafast', '-g', '25', '-f', 'flv'] }],
      autostart: true,
      reconnect: true,
      reconnect_delay_seconds: 2,
      stale_timeout_seconds: 10,
    };
    const created = await call(engine.url, 'POST', '/api/v3/process', { body: main });
    expect(created.status, created.text).toBe(200);
    expect(created.body.output[0].address).toBe('{rtmp,name=main}');
    const running = await waitFor(async () => {
      const s = await state('main');
      return s.exec === 'running' && s.progress.fps > 0 ? s : undefined;
    }, 20_000, 'main running');
    expect(running.command.at(-1)).toBe(`rtmp://127.0.0.1:${engine.core.rtmpPort}/main`);
    await waitFor(async () => (await call(engine.url, 'GET', '/api/v3/rtmp')).body.length === 1, 10_000, 'channel listed');
    expect((await call(engine.url, 'GET', '/api/v3/rtmp')).body).toEqual([{ name: '/main' }]);
  });

  it('4: the sub process pulls RTMP and writes HLS into memfs', async () => {
    const sub = {
      id: 'sub',
      options: [],
      input: [{ address: '{rtmp,name=main}', id: '0', options: [] }],
      output: [{ address: '{memfs}/{processid}.m3u8', id: '0', options: ['-c', 'copy', '-f', 'hls', '-hls_time', '1', '-method', 'PUT'] }],
      autostart: true,
      reconnect: true,
      reconnect_delay_seconds: 2,
      stale_timeout_seconds: 10,
    };
    expect((await call(engine.url, 'POST', '/api/v3/process', { body: sub })).status).toBe(200);
    const running = await waitFor(async () => {
      const s = await state('sub');
      return s.exec === 'running' && s.progress.fps > 0 ? s : undefined;
    }, 30_000, 'sub running');
    expect(running.command).toEqual(['-i', `rtmp://127.0.0.1:${engine.core.rtmpPort}/main`, '-c', 'copy', '-f', 'hls', '-hls_time', '1', '-method', 'PUT', `http://admin:guide@127.0.0.1:${engine.core.port}/memfs/sub.m3u8`]);
    const files = await waitFor(async () => {
      const list = (await call(engine.url, 'GET', '/api/v3/fs/mem')).body;
      return list.some((f: { name: string }) => f.name === '/sub.m3u8') ? list : undefined;
    }, 15_000, 'sub files in memfs');
    expect(files.some((f: { name: string }) => /^\/sub\d+\.ts$/.test(f.name))).toBe(true);
  });

  it('5: stopping main makes sub fail and reconnect; starting main brings it back', async () => {
    expect((await call(engine.url, 'PUT', '/api/v3/process/main/command', { body: { command: 'stop' } })).body).toBe('OK');
    const broken = await waitFor(async () => {
      const s = await state('sub');
      return s.exec !== 'running' && s.reconnect_seconds >= 0 ? s : undefined;
    }, 15_000, 'sub failed');
    expect(['failed', 'finished']).toContain(broken.exec);
    const report = (await call(engine.url, 'GET', '/api/v3/process/sub/report')).body;
    expect(report.history.length).toBeGreaterThanOrEqual(0);
    expect((await call(engine.url, 'PUT', '/api/v3/process/main/command', { body: { command: 'start' } })).body).toBe('OK');
    await waitFor(async () => {
      const s = await state('sub');
      return s.exec === 'running' && s.progress.fps > 0;
    }, 30_000, 'sub running again');
  });

  it('6: cleans up', async () => {
    expect((await call(engine.url, 'DELETE', '/api/v3/process/sub')).body).toBe('OK');
    expect((await call(engine.url, 'DELETE', '/api/v3/process/main')).body).toBe('OK');
    await waitFor(async () => (await call(engine.url, 'GET', '/api/v3/rtmp')).body.length === 0, 5000, 'channel gone');
  });
});
