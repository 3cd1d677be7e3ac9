// The process bodies the Restreamer UI sends (../shared/spec/CLIENTS.md §4) run with Debian's ffmpeg and show
// progress. The RTMP ingest source is replaced by a looped H.264/AAC file until the RTMP server exists; every
// other option, placeholder and cleanup rule is the UI's own.
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, startEngine, type TestEngine } from '../helpers/engine.js';
import { waitFor } from '../helpers/waitFor.js';

const CH = '4f9d2a3e-1c2b-4d5e-8f70-9a1b2c3d4e5f';
const INGEST = `restreamer-ui:ingest:${CH}`;

function ingestBody(host: string, source: string, outputAddress = `{memfs}/${CH}_{outputid}.m3u8`) {
  return {
    type: 'ffmpeg',
    id: INGEST,
    reference: CH,
    input: [
      {
        id: 'input_0',
        address: source,
        options: ['-re', '-stream_loop', '-1', '-fflags', '+genpts', '-thread_queue_size', '512', '-probesize', '5000000', '-analyzeduration', '3000000'],
      },
    ],
    output: [
      {
        id: 'output_0',
        address: outputAddress,
        options: [
          '-dn', '-sn', '-map', '0:0', '-codec:v', 'copy', '-map', '0:1', '-codec:a', 'copy',
          '-metadata', `title=http://${host}/${CH}/oembed.json`, '-metadata', 'service_provider=datarhei-Restreamer',
          '-f', 'hls', '-start_number', '0', '-hls_time', '2', '-hls_list_size', '6',
          '-hls_flags', 'append_list+delete_segments+program_date_time+temp_file', '-hls_delete_threshold', '4',
          '-hls_segment_filename', `{memfs}/${CH}_{outputid}_%04d.ts`, '-master_pl_name', `${CH}.m3u8`, '-master_pl_publish_rate', '2', '-method', 'PUT',
        ],
        cleanup: [
          { pattern: `memfs:/${CH}**`, purge_on_delete: true },
          { pattern: `memfs:/${CH}_{outputid}.m3u8`, max_file_age_seconds: 24, purge_on_delete: true },
          { pattern: `memfs:/${CH}_{outputid}_**.ts`, max_files: 12, max_file_age_seconds: 24, purge_on_delete: true },
          { pattern: `memfs:/${CH}.m3u8`, max_file_age_seconds: 24, purge_on_delete: true },
        ],
      },
    ],
    options: ['-loglevel', 'level+info', '-err_detect', 'ignore_err', '-y'],
    autostart: true,
    reconnect: true,
    reconnect_delay_seconds: 15,
    stale_timeout_seconds: 30,
    limits: { cpu_usage: 0, memory_mbytes: 0, waitfor_seconds: 5 },
  };
}

describe('Restreamer UI process bodies', () => {
  let engine: TestEngine;
  const running = async (id: string) =>
    waitFor(async () => {
      const state = (await call(engine.url, 'GET', `/api/v3/process/${encodeURIComponent(id)}/state`)).body;
      return state.exec === 'running' && state.progress.fps > 0 ? state : undefined;
    }, 30_000, `${id} running with progress`);

  beforeAll(async () => {
    engine = await startEngine({ config: { storage: { memory: { auth: { enable: true, username: 'admin', password: 'uipw' } } } } });
    mkdirSync(path.join(engine.dir, 'data'), { recursive: true });
    execFileSync('ffmpeg', [
      '-hide_banner', '-loglevel', 'error', '-f', 'lavfi', '-i', 'testsrc2=size=320x240:rate=25', '-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=44100',
      '-t', '6', '-c:v', 'libx264', '-preset', 'ultrafast', '-g', '50', '-c:a', 'aac', '-f', 'flv', path.join(engine.dir, 'data', 'source.flv'),
    ]);
  });
  afterAll(() => engine.stop());

  it('ingest: HLS with master playlist into memfs, progress under -loglevel level+info', async () => {
    const created = await call(engine.url, 'POST', '/api/v3/process', { body: ingestBody(`127.0.0.1:${engine.core.port}`, '{diskfs}/source.flv') });
    expect(created.status, created.text).toBe(200);
    const state = await running(INGEST);
    expect(state.progress.outputs.map((o: { type: string }) => o.type).sort()).toEqual(['audio', 'video']);
    expect(state.progress.speed).toBeGreaterThan(0);
    expect(state.command.at(-1)).toBe(`http://admin:uipw@127.0.0.1:${engine.core.port}/memfs/${CH}_output_0.m3u8`);
    const master = await waitFor(async () => {
      const response = await call(engine.url, 'GET', `/memfs/${CH}.m3u8`);
      return response.status === 200 ? response.text : undefined;
    }, 15_000, 'master playlist');
    expect(master).toContain(`${CH}_output_0.m3u8`);
    const media = (await call(engine.url, 'GET', `/memfs/${CH}_output_0.m3u8`)).text;
    expect(media).toMatch(new RegExp(`${CH}_output_0_\\d{4}\\.ts`));
    // The UI polls with filter=state per channel reference
    const list = await call(engine.url, 'GET', `/api/v3/process?reference=${CH}&filter=state`);
    expect(list.body.map((p: { id: string }) => p.id)).toEqual([INGEST]);
  });

  it('snapshot: one JPEG from the live playlist into memfs', async () => {
    const body = {
      type: 'ffmpeg',
      id: `${INGEST}_snapshot`,
      reference: CH,
      input: [{ id: 'input_0', address: `{memfs}/${CH}.m3u8`, options: [] }],
      output: [{ id: 'output_0', address: `{memfs}/${CH}.jpg`, options: ['-vframes', '1', '-f', 'image2', '-update', '1'], cleanup: [{ pattern: `memfs:/${CH}.jpg`, purge_on_delete: true }] }],
      options: ['-err_detect', 'ignore_err'],
      autostart: true,
      reconnect: true,
      reconnect_delay_seconds: 60,
      stale_timeout_seconds: 30,
    };
    expect((await call(engine.url, 'POST', '/api/v3/process', { body })).status).toBe(200);
    const jpeg = await waitFor(async () => {
      const response = await fetch(`${engine.url}/memfs/${CH}.jpg`);
      return response.status === 200 ? Buffer.from(await response.arrayBuffer()) : undefined;
    }, 20_000, 'snapshot');
    expect(jpeg.subarray(0, 2).toString('hex')).toBe('ffd8');
    expect((await call(engine.url, 'GET', `/memfs/${CH}.jpg`)).headers.get('content-type')).toBe('image/jpeg');
  });

  it('egress: restream from the ingest through a process reference (#id:output=)', async () => {
    const body = {
      id: `restreamer-ui:egress:rtmp:7c0f1e2d-3b4a-4c5d-9e6f-0a1b2c3d4e5f`,
      type: 'ffmpeg',
      reference: CH,
      input: [{ id: 'input_0', address: `#${INGEST}:output=output_0`, options: ['-re'] }],
      output: [{ id: 'output_0', address: '{diskfs}/egress.flv', options: ['-map', '0:0', '-codec:v', 'copy', '-map', '0:1', '-codec:a', 'copy', '-f', 'flv'] }],
      options: ['-loglevel', 'level+info', '-err_detect', 'ignore_err'],
      reconnect: true,
      reconnect_delay_seconds: 15,
      autostart: false,
      stale_timeout_seconds: 30,
      limits: { cpu_usage: 0, memory_mbytes: 0, waitfor_seconds: 5 },
    };
    expect((await call(engine.url, 'POST', '/api/v3/process', { body })).status).toBe(200);
    // autostart is false: the UI starts egress processes explicitly
    expect((await call(engine.url, 'GET', `/api/v3/process/${encodeURIComponent(body.id)}/state`)).body.exec).toBe('finished');
    expect((await call(engine.url, 'PUT', `/api/v3/process/${encodeURIComponent(body.id)}/command`, { body: { command: 'start' } })).status).toBe(200);
    const state = await running(body.id);
    expect(state.command).toContain(`http://admin:uipw@127.0.0.1:${engine.core.port}/memfs/${CH}_output_0.m3u8`);
  });

  it('tee output: HLS with the {memfs^:} escape plus a second muxer', async () => {
    await call(engine.url, 'DELETE', `/api/v3/process/${encodeURIComponent(INGEST)}_snapshot`);
    const hls = `[f=hls:start_number=0:hls_time=2:hls_list_size=6:hls_flags=append_list+delete_segments+program_date_time+temp_file:hls_segment_filename={memfs^:}/${CH}_{outputid}_%04d.ts:method=PUT]{memfs}/${CH}_{outputid}.m3u8`;
    const body = ingestBody(`127.0.0.1:${engine.core.port}`, '{diskfs}/source.flv', `${hls}|[f=mpegts]{diskfs}/${CH}.ts`);
    body.output[0]!.options = ['-dn', '-sn', '-map', '0:0', '-codec:v', 'copy', '-map', '0:1', '-codec:a', 'copy', '-flags', '+global_header', '-tag:v', '7', '-tag:a', '10', '-f', 'tee'];
    const updated = await call(engine.url, 'PUT', `/api/v3/process/${encodeURIComponent(INGEST)}`, { body });
    expect(updated.status, updated.text).toBe(200);
    const state = await running(INGEST);
    // Core escapes twice (tee spec and option string): the fixture's `{x^:}` gives `\\:`
    expect(state.command.at(-1)).toContain(`hls_segment_filename=http\\\\://admin\\\\:uipw@127.0.0.1\\\\:${engine.core.port}/memfs/${CH}_output_0_%04d.ts`);
    await waitFor(async () => (await call(engine.url, 'GET', `/memfs/${CH}_output_0.m3u8`)).status === 200, 15_000, 'tee hls');
  });

  it('deleting the ingest purges its memfs files (purge_on_delete)', async () => {
    expect((await engine.core.memfs.list(`/${CH}**`)).length).toBeGreaterThan(0);
    await call(engine.url, 'DELETE', `/api/v3/process/${encodeURIComponent('restreamer-ui:egress:rtmp:7c0f1e2d-3b4a-4c5d-9e6f-0a1b2c3d4e5f')}`);
    expect((await call(engine.url, 'DELETE', `/api/v3/process/${encodeURIComponent(INGEST)}`)).status).toBe(200);
    expect(await engine.core.memfs.list(`/${CH}**`)).toEqual([]);
  });
});

describe('Restreamer UI ingest from an RTMP push (OBS-style)', () => {
  let engine: TestEngine;
  let publisher: import('node:child_process').ChildProcess | null = null;
  beforeAll(async () => {
    engine = await startEngine({ config: { rtmp: { enable: true, address: '127.0.0.1:0' }, storage: { memory: { auth: { enable: true, username: 'admin', password: 'uipw' } } } } });
  });
  afterAll(async () => {
    publisher?.kill('SIGKILL');
    await engine.stop();
  });

  it('the exact ingest body runs with progress while a client publishes to the appliance', async () => {
    const { spawn } = await import('node:child_process');
    publisher = spawn('ffmpeg', [
      '-hide_banner', '-loglevel', 'error', '-re', '-f', 'lavfi', '-i', 'testsrc2=size=320x240:rate=25', '-f', 'lavfi', '-i', 'sine=frequency=440',
      '-t', '40', '-c:v', 'libx264', '-preset', 'ultrafast', '-g', '25', '-c:a', 'aac', '-f', 'flv', `rtmp://127.0.0.1:${engine.core.rtmpPort}/${CH}.stream`,
    ]);
    await waitFor(async () => (await call(engine.url, 'GET', '/api/v3/rtmp')).body.length === 1, 10_000, 'publisher listed');
    const body = ingestBody(`127.0.0.1:${engine.core.port}`, `{rtmp,name=${CH}.stream}`);
    // The UI's own input options for an RTMP push (the file source above adds -re and -stream_loop).
    body.input[0]!.options = ['-fflags', '+genpts', '-thread_queue_size', '512', '-probesize', '5000000', '-analyzeduration', '3000000'];
    expect((await call(engine.url, 'POST', '/api/v3/process', { body })).status).toBe(200);
    const state = await waitFor(async () => {
      const s = (await call(engine.url, 'GET', `/api/v3/process/${encodeURIComponent(INGEST)}/state`)).body;
      return s.exec === 'running' && s.progress.fps > 0 ? s : undefined;
    }, 30_000, 'ingest running');
    expect(state.command).toContain(`rtmp://127.0.0.1:${engine.core.rtmpPort}/${CH}.stream`);
    await waitFor(async () => (await call(engine.url, 'GET', `/memfs/${CH}.m3u8`)).status === 200, 20_000, 'master playlist');
  });
});
