// The Restreamer UI's exact process bodies (CLIENTS.md §4) through normalize → placeholders → references → argv.
import { describe, expect, it } from 'vitest';
import { cleanupRules } from '../../../main/core/restream/cleanup/pattern.js';
import { planCleanup, planPurge } from '../../../main/core/restream/cleanup/plan.js';
import { toStoredConfig } from '../../../main/core/restream/convert.js';
import { ffversionOnCreate } from '../../../main/core/restream/ffversion.js';
import { normalizeProcessConfig } from '../../../main/core/restream/normalize.js';
import { prepareProcess, type PrepareContext, type PreparedProcess } from '../../../main/core/restream/prepare.js';
import { createDefaultTemplates } from '../../../main/core/restream/replace/templates.js';
import type { StoredProcessConfig } from '../../../main/core/restream/types.js';

const ch = '4186b095-7f0a-4e94-8c3d-f17459ab252f';
const memfs = 'http://admin:irIVvk4miq3JhKGZnY@localhost:8080/memfs';
const memfsEscaped = 'http\\\\://admin\\\\:irIVvk4miq3JhKGZnY@localhost\\\\:8080/memfs';

const prepared = new Map<string, StoredProcessConfig>();
const context: PrepareContext = {
  templates: createDefaultTemplates({
    diskDir: '/core/data',
    httpAddress: ':8080',
    memfsAuth: { username: 'admin', password: 'irIVvk4miq3JhKGZnY' },
    rtmp: { address: ':1935', app: '/', token: '' },
    srt: { address: ':6000', token: '', passphrase: '' },
  }),
  rules: { diskDir: '/core/data' },
  lookup: (id) => prepared.get(id),
};

function create(body: unknown): PreparedProcess {
  const config = normalizeProcessConfig(body);
  const result = prepareProcess(toStoredConfig(config, ffversionOnCreate('5.1.9')), context);
  prepared.set(result.config.id, result.config);
  return result;
}

const hlsOptions = [
  '-dn', '-sn', '-map', '0:0', '-codec:v', 'copy', '-map', '0:1', '-codec:a', 'copy',
  '-metadata', `title=http://192.168.1.10:8080/${ch}/oembed.json`, '-metadata', 'service_provider=datarhei-Restreamer',
  '-f', 'hls', '-start_number', '0', '-hls_time', '2', '-hls_list_size', '6',
  '-hls_flags', 'append_list+delete_segments+program_date_time+temp_file', '-hls_delete_threshold', '4',
];

const ingestBody = {
  type: 'ffmpeg',
  id: `restreamer-ui:ingest:${ch}`,
  reference: ch,
  input: [
    {
      id: 'input_0',
      address: `{rtmp,name=${ch}.stream}`,
      options: ['-fflags', '+genpts', '-thread_queue_size', '512', '-probesize', '5000000', '-analyzeduration', '3000000'],
    },
  ],
  output: [
    {
      id: 'output_0',
      address: `{memfs}/${ch}_{outputid}.m3u8`,
      options: [...hlsOptions, '-hls_segment_filename', `{memfs}/${ch}_{outputid}_%04d.ts`, '-master_pl_name', `${ch}.m3u8`, '-master_pl_publish_rate', '2', '-method', 'PUT'],
      cleanup: [
        { pattern: `memfs:/${ch}**`, purge_on_delete: true },
        { pattern: `memfs:/${ch}_{outputid}.m3u8`, max_file_age_seconds: 24, purge_on_delete: true },
        { pattern: `memfs:/${ch}_{outputid}_**.ts`, max_files: 12, max_file_age_seconds: 24, purge_on_delete: true },
        { pattern: `memfs:/${ch}.m3u8`, max_file_age_seconds: 24, purge_on_delete: true },
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

const inputArgs = ['-fflags', '+genpts', '-thread_queue_size', '512', '-probesize', '5000000', '-analyzeduration', '3000000', '-i', `rtmp://localhost:1935/${ch}.stream`];

describe('Restreamer UI process bodies', () => {
  it('ingest (RTMP push, HLS to memfs)', () => {
    const { command, config, usesDisk } = create(ingestBody);
    expect(command).toEqual([
      '-loglevel', 'level+info', '-err_detect', 'ignore_err', '-y',
      ...inputArgs,
      ...hlsOptions,
      '-hls_segment_filename', `${memfs}/${ch}_output_0_%04d.ts`, '-master_pl_name', `${ch}.m3u8`, '-master_pl_publish_rate', '2', '-method', 'PUT',
      `${memfs}/${ch}_output_0.m3u8`,
    ]);
    expect(usesDisk).toBe(false);
    expect(config.output[0].cleanup.map((c) => c.pattern)).toEqual([
      `memfs:/${ch}**`,
      `memfs:/${ch}_output_0.m3u8`,
      `memfs:/${ch}_output_0_**.ts`,
      `memfs:/${ch}.m3u8`,
    ]);
  });

  it('ingest cleanup rules act on the memfs listing', () => {
    const rules = cleanupRules(prepared.get(`restreamer-ui:ingest:${ch}`)!, new Set(['mem', 'disk']));
    const now = 1_700_000_100_000;
    const segments = Array.from({ length: 14 }, (_, i) => ({
      name: `/${ch}_output_0_${String(i).padStart(4, '0')}.ts`,
      size: 1000,
      lastModified: now - (14 - i) * 2000,
    }));
    const mem = [...segments, { name: `/${ch}_output_0.m3u8`, size: 10, lastModified: now - 1000 }, { name: '/other.m3u8', size: 1, lastModified: 0 }];
    const plan = planCleanup(rules, { mem }, now);
    // 12 segments kept at most; of those, ones older than 24 s go as well
    expect(plan.map((d) => d.name)).toEqual(segments.filter((s) => s.lastModified < now - 24_000 || segments.indexOf(s) < 2).map((s) => s.name));
    expect(planPurge(rules, { mem }).map((d) => d.name).sort()).toEqual(mem.filter((f) => f.name !== '/other.m3u8').map((f) => f.name).sort());
  });

  it('ingest with "also publish to the internal RTMP/SRT server" (tee muxer)', () => {
    const tee =
      `[f=hls:start_number=0:hls_time=2:hls_list_size=6:hls_flags=append_list+delete_segments+program_date_time+temp_file` +
      `:hls_delete_threshold=4:hls_segment_filename={memfs^:}/${ch}_{outputid}_%04d.ts:master_pl_name=${ch}.m3u8` +
      `:master_pl_publish_rate=2:method=PUT]{memfs}/${ch}_{outputid}.m3u8` +
      `|[f=flv]{rtmp,name=${ch}.stream}|[f=mpegts]{srt,name=${ch},mode=publish}`;
    const body = {
      ...ingestBody,
      id: `restreamer-ui:ingest:${ch}:tee`,
      output: [
        {
          id: 'output_0',
          address: tee,
          options: ['-dn', '-sn', '-map', '0:0', '-codec:v', 'copy', '-map', '0:1', '-codec:a', 'copy', '-flags', '+global_header', '-tag:v', '7', '-tag:a', '10', '-f', 'tee'],
        },
      ],
    };
    const { command } = create(body);
    expect(command.slice(0, 5 + inputArgs.length)).toEqual(['-loglevel', 'level+info', '-err_detect', 'ignore_err', '-y', ...inputArgs]);
    expect(command.at(-1)).toBe(
      `[f=hls:start_number=0:hls_time=2:hls_list_size=6:hls_flags=append_list+delete_segments+program_date_time+temp_file` +
        `:hls_delete_threshold=4:hls_segment_filename=${memfsEscaped}/${ch}_output_0_%04d.ts:master_pl_name=${ch}.m3u8` +
        `:master_pl_publish_rate=2:method=PUT]${memfs}/${ch}_output_0.m3u8` +
        `|[f=flv]rtmp://localhost:1935/${ch}.stream` +
        `|[f=mpegts]srt://localhost:6000?mode=caller&transtype=live&latency=20000&streamid=${ch},mode:publish`,
    );
    expect(command.at(-2)).toBe('tee');
  });

  it('snapshot', () => {
    const { command } = create({
      type: 'ffmpeg',
      id: `restreamer-ui:ingest:${ch}_snapshot`,
      reference: ch,
      input: [{ id: 'input_0', address: `{memfs}/${ch}.m3u8`, options: [] }],
      output: [
        {
          id: 'output_0',
          address: `{memfs}/${ch}.jpg`,
          options: ['-vframes', '1', '-f', 'image2', '-update', '1'],
          cleanup: [{ pattern: `memfs:/${ch}.jpg`, purge_on_delete: true }],
        },
      ],
      options: ['-err_detect', 'ignore_err'],
      autostart: true,
      reconnect: true,
      reconnect_delay_seconds: 60,
      stale_timeout_seconds: 30,
    });
    expect(command).toEqual([
      '-err_detect', 'ignore_err',
      '-i', `${memfs}/${ch}.m3u8`,
      '-vframes', '1', '-f', 'image2', '-update', '1', `${memfs}/${ch}.jpg`,
    ]);
  });

  it('egress (restream to RTMP)', () => {
    const uuid = '0a9e1c3b-5f7e-4d7c-9a1b-2c3d4e5f6a7b';
    const { command, config } = create({
      id: `restreamer-ui:egress:rtmp:${uuid}`,
      type: 'ffmpeg',
      reference: ch,
      input: [{ id: 'input_0', address: `{memfs}/${ch}.m3u8`, options: ['-re'] }],
      output: [
        {
          id: 'output_0',
          address: 'rtmp://127.0.0.1:19350/live/restream',
          options: ['-map', '0:0', '-codec:v', 'copy', '-map', '0:1', '-codec:a', 'copy', '-f', 'flv', '-rtmp_flashver', 'FMLE/3.0'],
        },
      ],
      options: ['-loglevel', 'level+info', '-err_detect', 'ignore_err'],
      reconnect: true,
      reconnect_delay_seconds: 15,
      autostart: false,
      stale_timeout_seconds: 30,
      limits: { cpu_usage: 0, memory_mbytes: 0, waitfor_seconds: 5 },
    });
    expect(config.autostart).toBe(false);
    expect(command).toEqual([
      '-loglevel', 'level+info', '-err_detect', 'ignore_err',
      '-re', '-i', `${memfs}/${ch}.m3u8`,
      '-map', '0:0', '-codec:v', 'copy', '-map', '0:1', '-codec:a', 'copy', '-f', 'flv', '-rtmp_flashver', 'FMLE/3.0',
      'rtmp://127.0.0.1:19350/live/restream',
    ]);
  });

  it('egress sources: {srt,...,mode=request} and {diskfs}', () => {
    const { command } = create({
      id: `restreamer-ui:egress:srt:x`,
      reference: ch,
      input: [
        { id: 'input_0', address: `{srt,name=${ch},mode=request}`, options: [] },
        { id: 'input_1', address: `{diskfs}/${ch}.m3u8`, options: ['-re'] },
      ],
      output: [{ id: 'output_0', address: '-', options: ['-f', 'null'] }],
    });
    expect(command).toEqual([
      '-i', `srt://localhost:6000?mode=caller&transtype=live&latency=20000&streamid=${ch},mode:request`,
      '-re', '-i', `/core/data/${ch}.m3u8`,
      '-f', 'null', '-',
    ]);
  });

  it('probe: an input that references the ingest output', () => {
    const { command } = create({
      id: `restreamer-ui:ingest:${ch}_probe`,
      reference: ch,
      input: [{ id: 'input_0', address: `#restreamer-ui:ingest:${ch}:output=output_0`, options: [] }],
      output: [{ id: 'output_0', address: '-', options: ['-dn', '-sn', '-codec', 'copy', '-f', 'null'] }],
      options: [],
      autostart: false,
      reconnect: false,
    });
    expect(command).toEqual(['-i', `${memfs}/${ch}_output_0.m3u8`, '-dn', '-sn', '-codec', 'copy', '-f', 'null', '-']);
  });
});
