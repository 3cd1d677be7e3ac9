// An S3 storage mounted by the engine (s3rver on loopback): HTTP mount, fs API, and FFmpeg HLS written into {fs:name}.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, startEngine, type TestEngine } from '../helpers/engine.js';
import { startS3rver } from '../helpers/s3rver.js';
import { waitFor } from '../helpers/waitFor.js';

const basic = { authorization: `Basic ${Buffer.from('s3user:s3pass').toString('base64')}` };

describe('S3 storage', () => {
  let s3: Awaited<ReturnType<typeof startS3rver>>;
  let engine: TestEngine;
  beforeAll(async () => {
    s3 = await startS3rver({});
    engine = await startEngine({
      config: {
        storage: {
          s3: [
            {
              name: 'aws',
              mountpoint: '/awsfs',
              auth: { enable: true, username: 's3user', password: 's3pass' },
              endpoint: s3.endpoint,
              access_key_id: s3.accessKeyId,
              secret_access_key: s3.secretAccessKey,
              bucket: 'media',
              region: '',
              use_ssl: false,
            },
          ],
        },
      },
    });
  });
  afterAll(async () => {
    await engine?.stop();
    await s3?.stop();
  });

  it('is listed and reachable through the fs API and its mountpoint', async () => {
    const list = await call(engine.url, 'GET', '/api/v3/fs');
    expect(list.body).toEqual(expect.arrayContaining([{ name: 'aws', type: 's3', mount: '/awsfs' }]));
    expect((await call(engine.url, 'PUT', '/awsfs/a/b.txt', { body: 'no auth' })).status).toBe(401);
    expect((await call(engine.url, 'PUT', '/awsfs/a/b.txt', { body: 'hello s3', headers: { ...basic, 'content-type': 'application/data' } })).status).toBe(201);
    const read = await call(engine.url, 'GET', '/awsfs/a/b.txt');
    expect(read.text).toBe('hello s3');
    expect(read.headers.get('content-type')).toMatch(/^text\/plain/);
    const files = await call(engine.url, 'GET', '/api/v3/fs/aws?glob=/a/**');
    expect(files.body.map((f: { name: string }) => f.name)).toEqual(['/a/b.txt']);
    expect((await call(engine.url, 'DELETE', '/api/v3/fs/aws/a/b.txt')).status).toBe(200);
    expect((await call(engine.url, 'GET', '/awsfs/a/b.txt')).status).toBe(404);
  });

  it('FFmpeg writes HLS into {fs:aws} through the engine', async () => {
    const created = await call(engine.url, 'POST', '/api/v3/process', {
      body: {
        id: 's3hls',
        options: ['-loglevel', 'level+info'],
        input: [{ id: 'in', address: 'testsrc2=size=160x120:rate=25', options: ['-f', 'lavfi', '-re'] }],
        output: [{ id: 'out', address: '{fs:aws}/live/{processid}.m3u8', options: ['-c:v', 'libx264', '-preset', 'ultrafast', '-g', '25', '-f', 'hls', '-hls_time', '1', '-method', 'PUT'] }],
        autostart: true,
      },
    });
    expect(created.status, created.text).toBe(200);
    const state = (await call(engine.url, 'GET', '/api/v3/process/s3hls/state')).body;
    expect(state.command.at(-1)).toBe(`http://s3user:s3pass@127.0.0.1:${engine.core.port}/awsfs/live/s3hls.m3u8`);
    await waitFor(async () => (await call(engine.url, 'GET', '/awsfs/live/s3hls.m3u8')).status === 200, 20_000, 'playlist in S3');
    const playlist = (await call(engine.url, 'GET', '/awsfs/live/s3hls.m3u8')).text;
    const segment = playlist.split('\n').find((line) => line.endsWith('.ts'))!;
    const response = await fetch(`${engine.url}/awsfs/live/${segment}`);
    expect(response.status).toBe(200);
    expect((await response.arrayBuffer()).byteLength).toBeGreaterThan(1000);
    await call(engine.url, 'DELETE', '/api/v3/process/s3hls');
  });
});
