// memfs over HTTP: Basic auth on writes, 201/204/404/507, purge, and real FFmpeg writing live HLS into it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync, spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { call, startEngine, type TestEngine } from '../helpers/engine.js';
import { waitFor } from '../helpers/waitFor.js';

const basic = (user: string, pass: string) => ({ authorization: `Basic ${Buffer.from(`${user}:${pass}`).toString('base64')}` });

describe('memfs mount', () => {
  let engine: TestEngine;
  beforeAll(async () => {
    engine = await startEngine({ config: { storage: { memory: { auth: { enable: true, username: 'admin', password: 'memsecret' }, max_size_mbytes: 1, purge: false } } } });
  });
  afterAll(() => engine.stop());

  it('writes need Basic auth, reads are open', async () => {
    const denied = await call(engine.url, 'PUT', '/memfs/a.txt', { body: 'hello', headers: { 'content-type': 'text/plain' } });
    expect(denied.status).toBe(401);
    expect(denied.headers.get('www-authenticate')).toMatch(/^Basic/);
    const wrong = await call(engine.url, 'PUT', '/memfs/a.txt', { body: 'hello', headers: { ...basic('admin', 'nope') } });
    expect(wrong.status).toBe(401);
    const created = await call(engine.url, 'PUT', '/memfs/a.txt', { body: 'hello', headers: { ...basic('admin', 'memsecret'), 'content-type': 'application/data' } });
    expect(created.status).toBe(201);
    expect(created.headers.get('content-location')).toBe('/memfs/a.txt');
    const replaced = await call(engine.url, 'PUT', '/memfs/a.txt', { body: 'hello again', headers: basic('admin', 'memsecret') });
    expect(replaced.status).toBe(204);
    const read = await call(engine.url, 'GET', '/memfs/a.txt');
    expect(read.status).toBe(200);
    expect(read.text).toBe('hello again');
    expect(read.headers.get('content-type')).toMatch(/^text\/plain/);
    const head = await fetch(`${engine.url}/memfs/a.txt`, { method: 'HEAD' });
    expect(head.headers.get('content-length')).toBe('11');
    expect((await call(engine.url, 'DELETE', '/memfs/a.txt')).status).toBe(401);
    const deleted = await call(engine.url, 'DELETE', '/memfs/a.txt', { headers: basic('admin', 'memsecret') });
    expect(deleted.status).toBe(200);
    const missing = await call(engine.url, 'GET', '/memfs/a.txt');
    expect(missing.status).toBe(404);
    expect(missing.body).toMatchObject({ code: 404 });
    expect((await call(engine.url, 'DELETE', '/memfs/a.txt', { headers: basic('admin', 'memsecret') })).status).toBe(404);
  });

  it('refuses writes beyond the size limit with 507', async () => {
    const big = 'x'.repeat(700 * 1024);
    expect((await call(engine.url, 'PUT', '/memfs/one.bin', { body: big, headers: basic('admin', 'memsecret') })).status).toBe(201);
    const full = await call(engine.url, 'PUT', '/memfs/two.bin', { body: big, headers: basic('admin', 'memsecret') });
    expect(full.status).toBe(507);
    expect(full.body).toMatchObject({ code: 507, message: 'Insufficient Storage' });
    expect((await call(engine.url, 'GET', '/memfs/one.bin')).text.length).toBe(big.length);
  });

  it('rejects paths that try to leave the root', async () => {
    for (const bad of ['/memfs/../etc/passwd', '/memfs/%2e%2e/secret', '/memfs/a/%2e%2e%2f%2e%2e/b', '/memfs/a%00b']) {
      const response = await call(engine.url, 'PUT', bad, { body: 'x', headers: basic('admin', 'memsecret') });
      expect([400, 404], bad).toContain(response.status);
    }
  });
});

describe('memfs with purge', () => {
  let engine: TestEngine;
  beforeAll(async () => {
    engine = await startEngine({ config: { storage: { memory: { auth: { enable: false }, max_size_mbytes: 1, purge: true } } } });
  });
  afterAll(() => engine.stop());

  it('deletes the oldest files to make room', async () => {
    const chunk = 'y'.repeat(400 * 1024);
    for (const name of ['1', '2', '3']) {
      expect((await call(engine.url, 'PUT', `/memfs/${name}.bin`, { body: chunk })).status).toBe(201);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    expect((await call(engine.url, 'GET', '/memfs/1.bin')).status).toBe(404);
    expect((await call(engine.url, 'GET', '/memfs/3.bin')).status).toBe(200);
  });
});

describe('FFmpeg writes live HLS into memfs', () => {
  let engine: TestEngine;
  beforeAll(async () => {
    engine = await startEngine({ config: { storage: { memory: { auth: { enable: true, username: 'admin', password: 'pw' } } } } });
  });
  afterAll(() => engine.stop());

  it('accepts chunked PUTs and segment DELETEs from the HLS muxer', async () => {
    const target = `http://admin:pw@127.0.0.1:${engine.core.port}/memfs`;
    const ffmpeg = spawn('ffmpeg', [
      '-hide_banner', '-loglevel', 'error', '-re', '-f', 'lavfi', '-i', 'testsrc2=size=320x240:rate=25', '-t', '7',
      '-c:v', 'libx264', '-preset', 'ultrafast', '-g', '25', '-f', 'hls', '-hls_time', '1', '-hls_list_size', '2',
      '-hls_flags', 'delete_segments', '-method', 'PUT', '-hls_segment_filename', `${target}/live_%04d.ts`, `${target}/live.m3u8`,
    ]);
    let stderr = '';
    ffmpeg.stderr.on('data', (chunk) => (stderr += chunk));
    const code = await new Promise<number | null>((resolve) => ffmpeg.on('close', resolve));
    expect(code, stderr).toBe(0);
    const playlist = await call(engine.url, 'GET', '/memfs/live.m3u8');
    expect(playlist.status).toBe(200);
    expect(playlist.headers.get('content-type')).toBe('application/x-mpegURL');
    const segments = playlist.text.split('\n').filter((line) => line.endsWith('.ts'));
    expect(segments.length).toBeGreaterThanOrEqual(2);
    for (const segment of segments) {
      const response = await fetch(`${engine.url}/memfs/${segment}`);
      expect(response.status).toBe(200);
      const file = path.join(engine.dir, 'segment.ts');
      writeFileSync(file, Buffer.from(await response.arrayBuffer()));
      // The segment decodes: ffprobe finds the H.264 stream in it.
      const probe = execFileSync('ffprobe', ['-v', 'error', '-select_streams', 'v:0', '-show_entries', 'stream=codec_name,width', '-of', 'csv=p=0', file]).toString().trim().split('\n')[0];
      expect(probe).toBe('h264,320');
    }
    // delete_segments removed the first segments
    await waitFor(async () => (await call(engine.url, 'GET', '/memfs/live_0000.ts')).status === 404, 3000, 'old segment deleted');
    const files = await engine.core.memfs.list('/live_*.ts');
    expect(files.length).toBeLessThanOrEqual(4);
  });

  it('keeps its files across a config reload', async () => {
    const before = (await engine.core.memfs.list()).length;
    expect(before).toBeGreaterThan(0);
    await engine.core.reload();
    expect((await engine.core.memfs.list()).length).toBe(before);
    expect((await call(engine.url, 'GET', '/memfs/live.m3u8')).status).toBe(200);
  });
});
