// The SRT guide through the engine: a client publishes with token and passphrase, a process pulls the stream
// with the {srt} placeholder and writes HLS into memfs, GET /api/v3/srt shows the publisher and its stats.
import { spawn, type ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, startEngine, type TestEngine } from '../helpers/engine.js';
import { contractViolations } from '../helpers/contract.js';
import { waitFor } from '../helpers/waitFor.js';

const PASSPHRASE = 'foobarfoobar';

describe('SRT guide', () => {
  let engine: TestEngine;
  let publisher: ChildProcess | null = null;
  beforeAll(async () => {
    engine = await startEngine({ config: { srt: { enable: true, address: '127.0.0.1:0', passphrase: PASSPHRASE, token: 'abc' }, storage: { memory: { auth: { enable: true, username: 'admin', password: 'pw' } } } } });
  });
  afterAll(async () => {
    publisher?.kill('SIGKILL');
    await engine.stop();
  });

  it('accepts a publisher, feeds a process through {srt}, and lists both', async () => {
    expect(engine.core.srtPort).toBeGreaterThan(0);
    publisher = spawn('ffmpeg', [
      '-hide_banner', '-loglevel', 'error', '-re', '-f', 'lavfi', '-i', 'testsrc2=size=320x240:rate=25', '-t', '40', '-c:v', 'libx264', '-preset', 'ultrafast', '-g', '25',
      '-f', 'mpegts', `srt://127.0.0.1:${engine.core.srtPort}?mode=caller&transtype=live&streamid=12345,mode:publish,token:abc&passphrase=${PASSPHRASE}`,
    ]);
    await waitFor(async () => Object.keys((await call(engine.url, 'GET', '/api/v3/srt')).body[0]?.publisher ?? {}).length === 1, 10_000, 'publisher');

    const created = await call(engine.url, 'POST', '/api/v3/process', {
      body: {
        id: 'srt-pull',
        input: [{ id: 'in', address: '{srt,name=12345,mode=request}', options: [] }],
        output: [{ id: 'out', address: '{memfs}/srt.m3u8', options: ['-c', 'copy', '-f', 'hls', '-hls_time', '1', '-method', 'PUT'] }],
        autostart: true,
        reconnect: true,
        reconnect_delay_seconds: 1,
      },
    });
    expect(created.status, created.text).toBe(200);
    const state = await waitFor(async () => {
      const s = (await call(engine.url, 'GET', '/api/v3/process/srt-pull/state')).body;
      return s.exec === 'running' && s.progress.fps > 0 ? s : undefined;
    }, 30_000, 'pull running');
    expect(state.command[1]).toBe(`srt://127.0.0.1:${engine.core.srtPort}?mode=caller&transtype=live&latency=20000&streamid=12345,mode:request,token:abc&passphrase=${PASSPHRASE}`);
    await waitFor(async () => (await call(engine.url, 'GET', '/memfs/srt.m3u8')).status === 200, 15_000, 'HLS from SRT');

    const channels = (await call(engine.url, 'GET', '/api/v3/srt')).body;
    expect(contractViolations('GET', '/api/v3/srt', 200, channels)).toEqual([]);
    expect(Object.keys(channels[0].publisher)).toEqual(['12345']);
    expect(channels[0].subscriber['12345']).toHaveLength(1);
    const publisherSocket = String(channels[0].publisher['12345']);
    expect(channels[0].connections[publisherSocket].stats.recv_bytes).toBeGreaterThan(0);
    await call(engine.url, 'DELETE', '/api/v3/process/srt-pull');
  });
});
