// HLS viewer sessions on a live stream in memfs: rewritten playlists, counting, limits (509), 403, the widget.
import { spawn, type ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, startEngine, type TestEngine } from '../helpers/engine.js';
import { contractViolations } from '../helpers/contract.js';
import { waitFor } from '../helpers/waitFor.js';

describe('HLS sessions', () => {
  let engine: TestEngine;
  let writer: ChildProcess;
  beforeAll(async () => {
    engine = await startEngine({
      config: {
        storage: { memory: { auth: { enable: true, username: 'admin', password: 'pw' } } },
        sessions: { enable: true, ip_ignorelist: [], max_sessions: 2, session_timeout_sec: 30 },
      },
    });
    writer = spawn('ffmpeg', [
      '-hide_banner', '-loglevel', 'error', '-re', '-f', 'lavfi', '-i', 'testsrc2=size=320x240:rate=25', '-c:v', 'libx264', '-preset', 'ultrafast', '-g', '25',
      '-f', 'hls', '-hls_time', '1', '-hls_list_size', '4', '-hls_flags', 'delete_segments', '-method', 'PUT', `http://admin:pw@127.0.0.1:${engine.core.port}/memfs/chan.m3u8`,
    ]);
    await waitFor(async () => (await engine.core.memfs.list('/chan*.ts')).length >= 2, 15_000, 'stream in memfs');
  });
  afterAll(async () => {
    writer?.kill('SIGKILL');
    await engine?.stop();
  });

  it('a viewer gets a one-variant master, then playlists and segments carry its session', async () => {
    const first = await call(engine.url, 'GET', '/memfs/chan.m3u8');
    expect(first.status).toBe(200);
    expect(first.headers.get('cache-control')).toBe('private');
    const variant = first.text.trim().split('\n').at(-1)!;
    expect(first.text).toContain('#EXT-X-STREAM-INF:BANDWIDTH=1024');
    const session = /session=([0-9A-Za-z]{22})/.exec(variant)![1]!;
    const media = await call(engine.url, 'GET', `/memfs/${variant}`);
    const segments = media.text.split('\n').filter((line) => line.includes('.ts'));
    expect(segments.length).toBeGreaterThan(0);
    for (const segment of segments) expect(segment).toContain(`session=${session}`);
    const bytes = (await (await fetch(`${engine.url}/memfs/${segments.at(-1)}`)).arrayBuffer()).byteLength;
    expect(bytes).toBeGreaterThan(1000);

    const active = await waitFor(async () => {
      const response = await call(engine.url, 'GET', '/api/v3/session/active?collectors=hls,hlsingress');
      return response.body.hls.length === 1 ? response : undefined;
    }, 5000, 'active hls session');
    expect(contractViolations('GET', '/api/v3/session/active', 200, active.body)).toEqual([]);
    expect(active.body.hls[0]).toMatchObject({ id: session, reference: 'chan', local: '/memfs/chan.m3u8' });
    expect(active.body.hls[0].bytes_tx).toBeGreaterThan(bytes);
    expect(active.body.hlsingress[0]).toMatchObject({ reference: 'chan' });
    expect(active.body.hlsingress[0].bytes_rx).toBeGreaterThan(0);

    const summary = await call(engine.url, 'GET', '/api/v3/session?collectors=hls');
    expect(contractViolations('GET', '/api/v3/session', 200, summary.body)).toEqual([]);
    expect(summary.body.hls.active.sessions).toBe(1);
    expect(summary.body.hls.active.max_sessions).toBe(2);
  });

  it('rejects invalid session ids with 403 and viewers beyond max_sessions with 509', async () => {
    const forged = await call(engine.url, 'GET', '/memfs/chan.m3u8?session=not-a-session');
    expect(forged.status).toBe(403);
    expect(forged.body.code).toBe(403);
    // The second viewer fits (max 2), the third does not.
    const second = await call(engine.url, 'GET', '/memfs/chan.m3u8');
    const variant = second.text.trim().split('\n').at(-1)!;
    const media = await call(engine.url, 'GET', `/memfs/${variant}`);
    await fetch(`${engine.url}/memfs/${media.text.split('\n').filter((line) => line.includes('.ts')).at(-1)}`).then((r) => r.arrayBuffer());
    await waitFor(async () => (await call(engine.url, 'GET', '/api/v3/session/active?collectors=hls')).body.hls.length === 2, 5000);
    const third = await call(engine.url, 'GET', '/memfs/chan.m3u8');
    expect(third.status).toBe(509);
    expect(third.body).toEqual({ code: 509, message: 'Number of sessions exceeded', details: [] });
  });

  it('the widget counts the viewers of a process by its reference', async () => {
    await call(engine.url, 'POST', '/api/v3/process', {
      body: { id: 'w', reference: 'chan', autostart: false, input: [{ id: 'i', address: 'testsrc', options: ['-f', 'lavfi'] }], output: [{ id: 'o', address: '-', options: ['-f', 'null'] }] },
    });
    const widget = await call(engine.url, 'GET', '/api/v3/widget/process/w');
    expect(widget.body.current_sessions).toBe(2);
  });

  it('counts HTTP clients and the network outputs of processes (http and ffmpeg collectors)', async () => {
    await call(engine.url, 'GET', '/api/v3/config');
    const http = (await call(engine.url, 'GET', '/api/v3/session/active?collectors=http')).body.http;
    expect(http.find((session: { id: string }) => session.id === '127.0.0.1')?.bytes_tx).toBeGreaterThan(0);

    await call(engine.url, 'POST', '/api/v3/process', {
      body: {
        id: 'push',
        reference: 'chan',
        input: [{ id: 'i', address: 'testsrc2=size=160x120:rate=25', options: ['-f', 'lavfi', '-re'] }],
        output: [{ id: 'o', address: 'tcp://127.0.0.1:1?listen=1', options: ['-c:v', 'libx264', '-f', 'mpegts'] }],
        autostart: true,
      },
    });
    const ffmpeg = await waitFor(async () => {
      const sessions = (await call(engine.url, 'GET', '/api/v3/session/active?collectors=ffmpeg')).body.ffmpeg;
      return sessions.length > 0 ? sessions : undefined;
    }, 10_000, 'ffmpeg session');
    expect(ffmpeg[0]).toMatchObject({ id: 'push:output:o', reference: 'chan', remote: 'tcp://127.0.0.1' });
    await call(engine.url, 'DELETE', '/api/v3/process/push');
  });

  it('a config reload keeps the sessions', async () => {
    const before = (await call(engine.url, 'GET', '/api/v3/session/active?collectors=hls')).body.hls.map((s: { id: string }) => s.id).sort();
    await engine.core.reload();
    const after = (await call(engine.url, 'GET', '/api/v3/session/active?collectors=hls')).body.hls.map((s: { id: string }) => s.id).sort();
    expect(after).toEqual(before);
  });
});

describe('HLS sessions with the default ignore list', () => {
  let engine: TestEngine;
  beforeAll(async () => {
    engine = await startEngine({ config: { storage: { memory: { auth: { enable: false } } } } });
  });
  afterAll(() => engine.stop());

  it('does not track localhost viewers: playlists pass through unchanged', async () => {
    const playlist = '#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:2\n#EXTINF:2.0,\nx_0001.ts\n';
    await call(engine.url, 'PUT', '/memfs/x.m3u8', { body: playlist, headers: { 'content-type': 'application/x-mpegURL' } });
    expect((await call(engine.url, 'GET', '/memfs/x.m3u8')).text).toBe(playlist);
    expect((await call(engine.url, 'GET', '/api/v3/session/active?collectors=hls')).body).toEqual({ hls: [] });
  });
});
