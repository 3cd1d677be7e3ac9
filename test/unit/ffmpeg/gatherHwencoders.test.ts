// detectHardwareEncoders with a fake Runner: candidates, test command, parallelism, cache hit/miss/refresh.
import { chmodSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import {
  detectHardwareEncoders,
  failureReason,
  hardwareEncoderCandidates,
  hardwareEncoderTestArgs,
  preferredH264Encoders,
  type HardwareEncoder,
} from '../../../main/core/ffmpeg/hwencoders.js';
import type { Runner } from '../../../main/core/ffmpeg/skills/gatherRunner.js';
import type { SkillsCodec } from '../../../main/core/ffmpeg/skills/types.js';

const VIDEO: SkillsCodec[] = [
  { id: 'av1', name: 'AV1', encoders: ['libaom-av1', 'av1_nvenc', 'av1_qsv'], decoders: ['libdav1d'] },
  { id: 'h264', name: 'H.264', encoders: ['libx264', 'h264_nvenc', 'h264_omx', 'h264_qsv', 'h264_v4l2m2m', 'h264_vaapi'], decoders: ['h264'] },
  { id: 'hevc', name: 'HEVC', encoders: ['libx265', 'hevc_nvenc', 'hevc_videotoolbox', 'hevc_amf', 'hevc_mf'], decoders: ['hevc'] },
  // hardware encoders of other codecs are not candidates
  { id: 'mjpeg', name: 'MJPEG', encoders: ['mjpeg', 'mjpeg_vaapi', 'mjpeg_qsv'], decoders: ['mjpeg'] },
  { id: 'vp9', name: 'VP9', encoders: ['libvpx-vp9', 'vp9_vaapi'], decoders: ['vp9'] },
];

const NVENC_STDERR = `[h264_nvenc @ 0x555c75be9840] Cannot load libcuda.so.1
Error initializing output stream 0:0 -- Error while opening encoder for output stream #0:0 - maybe incorrect parameters such as bit_rate, rate, width or height
`;

let root: string;
let binary: string;
let cacheFile: string;

beforeEach(() => {
  root = mkdtempSync(path.join(tmpdir(), 'hwenc-'));
  binary = path.join(root, 'ffmpeg');
  writeFileSync(binary, '#!/bin/sh\n');
  chmodSync(binary, 0o755);
  cacheFile = path.join(root, 'db', 'hwencoders.json');
});

afterEach(() => rmSync(root, { recursive: true, force: true }));

/** h264_vaapi and hevc_nvenc "work"; records each call and the peak number running at once. */
function countingRunner(delayMs = 5) {
  const stats = { calls: 0, running: 0, peak: 0, encoders: [] as string[] };
  const run: Runner = async (_binary, args) => {
    stats.calls++;
    stats.running++;
    stats.peak = Math.max(stats.peak, stats.running);
    const encoder = args[args.indexOf('-c:v') + 1]!;
    stats.encoders.push(encoder);
    await new Promise((resolve) => setTimeout(resolve, delayMs));
    stats.running--;
    if (encoder === 'h264_vaapi' || encoder === 'hevc_nvenc') return { code: 0, stdout: '', stderr: '' };
    if (encoder === 'h264_qsv') return { code: null, stdout: '', stderr: '', timedOut: true };
    return { code: 1, stdout: '', stderr: NVENC_STDERR.replace('h264_nvenc', encoder) };
  };
  return { run, stats };
}

describe('hardware encoder candidates', () => {
  test('H.264, HEVC and AV1 encoders with a known API suffix, tagged with codec and API', () => {
    expect(hardwareEncoderCandidates(VIDEO)).toEqual([
      { id: 'av1_nvenc', codec: 'av1', api: 'nvenc' },
      { id: 'av1_qsv', codec: 'av1', api: 'qsv' },
      { id: 'h264_nvenc', codec: 'h264', api: 'nvenc' },
      { id: 'h264_qsv', codec: 'h264', api: 'qsv' },
      { id: 'h264_v4l2m2m', codec: 'h264', api: 'v4l2m2m' },
      { id: 'h264_vaapi', codec: 'h264', api: 'vaapi' },
      { id: 'hevc_nvenc', codec: 'hevc', api: 'nvenc' },
      { id: 'hevc_videotoolbox', codec: 'hevc', api: 'videotoolbox' },
      { id: 'hevc_amf', codec: 'hevc', api: 'amf' },
      { id: 'hevc_mf', codec: 'hevc', api: 'mf' },
    ]);
    // the whole SkillsCodecs works as well as its video list
    expect(hardwareEncoderCandidates({ video: VIDEO })).toHaveLength(10);
  });

  test('the test command: one black frame to the null muxer; VAAPI gets its device and an upload', () => {
    expect(hardwareEncoderTestArgs({ id: 'h264_nvenc', api: 'nvenc' }).join(' ')).toBe(
      '-hide_banner -loglevel error -f lavfi -i color=black:s=256x144:r=1 -frames:v 1 -c:v h264_nvenc -f null -',
    );
    expect(hardwareEncoderTestArgs({ id: 'h264_vaapi', api: 'vaapi' }).join(' ')).toBe(
      '-hide_banner -loglevel error -f lavfi -i color=black:s=256x144:r=1 -frames:v 1 -vaapi_device /dev/dri/renderD128 -vf format=nv12,hwupload -c:v h264_vaapi -f null -',
    );
  });

  test('the failure reason is the library line naming the cause, else the last line', () => {
    expect(failureReason({ code: 1, stdout: '', stderr: NVENC_STDERR }, 10_000)).toBe('Cannot load libcuda.so.1');
    expect(failureReason({ code: 1, stdout: '', stderr: 'Unknown encoder h264_foo\n\n' }, 10_000)).toBe('Unknown encoder h264_foo');
    expect(failureReason({ code: 1, stdout: '', stderr: '' }, 10_000)).toBe('exited with code 1');
    expect(failureReason({ code: null, stdout: '', stderr: '', timedOut: true }, 10_000)).toBe('test encode timed out after 10000 ms');
  });
});

describe('detectHardwareEncoders', () => {
  test('tests every candidate, at most two at once, and reports why the failures failed', async () => {
    const { run, stats } = countingRunner();
    const result = await detectHardwareEncoders(binary, VIDEO, { run });
    expect(stats.calls).toBe(10);
    expect(stats.peak).toBe(2);
    expect(result.map((encoder) => encoder.id)).toEqual(hardwareEncoderCandidates(VIDEO).map((candidate) => candidate.id));
    expect(result.find((encoder) => encoder.id === 'h264_vaapi')).toEqual({ id: 'h264_vaapi', codec: 'h264', api: 'vaapi', works: true });
    expect(result.find((encoder) => encoder.id === 'h264_nvenc')).toEqual({
      id: 'h264_nvenc',
      codec: 'h264',
      api: 'nvenc',
      works: false,
      error: 'Cannot load libcuda.so.1',
    });
    expect(result.find((encoder) => encoder.id === 'h264_qsv')?.error).toBe('test encode timed out after 10000 ms');
  });

  test('a test that cannot be run counts as not working', async () => {
    const run: Runner = () => Promise.reject(new Error('spawn EAGAIN'));
    const result = await detectHardwareEncoders(binary, VIDEO.slice(1, 2), { run });
    expect(result.every((encoder) => !encoder.works && encoder.error === 'spawn EAGAIN')).toBe(true);
  });

  test('no candidates, no spawns', async () => {
    const { run, stats } = countingRunner();
    expect(await detectHardwareEncoders(binary, [VIDEO[3]!], { run, cacheFile })).toEqual([]);
    expect(stats.calls).toBe(0);
  });

  test('cache: miss writes the file atomically, hit spawns nothing, refresh tests again', async () => {
    const first = countingRunner();
    const tested = await detectHardwareEncoders(binary, VIDEO, { run: first.run, cacheFile });
    expect(first.stats.calls).toBe(10);
    expect(existsSync(cacheFile)).toBe(true);
    // only the cache file is left behind, no temp file
    expect(readdirSync(path.dirname(cacheFile))).toEqual(['hwencoders.json']);
    const stored = JSON.parse(readFileSync(cacheFile, 'utf8'));
    expect(stored).toMatchObject({ binary, encoders: tested });

    const second = countingRunner();
    expect(await detectHardwareEncoders(binary, VIDEO, { run: second.run, cacheFile })).toEqual(tested);
    expect(second.stats.calls).toBe(0);

    const third = countingRunner();
    expect(await detectHardwareEncoders(binary, VIDEO, { run: third.run, cacheFile, refresh: true })).toEqual(tested);
    expect(third.stats.calls).toBe(10);
  });

  test('cache: a replaced binary (new mtime), a different encoder list or a corrupt file is a miss', async () => {
    await detectHardwareEncoders(binary, VIDEO, { run: countingRunner().run, cacheFile });

    const later = new Date(Date.now() + 60_000);
    utimesSync(binary, later, later);
    const afterUpdate = countingRunner();
    await detectHardwareEncoders(binary, VIDEO, { run: afterUpdate.run, cacheFile });
    expect(afterUpdate.stats.calls).toBe(10);

    const fewer = countingRunner();
    await detectHardwareEncoders(binary, VIDEO.slice(1, 2), { run: fewer.run, cacheFile });
    expect(fewer.stats.calls).toBe(4);

    writeFileSync(cacheFile, '{not json');
    const corrupt = countingRunner();
    await detectHardwareEncoders(binary, VIDEO, { run: corrupt.run, cacheFile });
    expect(corrupt.stats.calls).toBe(10);
  });

  test('a cache file that cannot be written does not fail detection', async () => {
    writeFileSync(path.join(root, 'file'), '');
    const { run } = countingRunner();
    const result = await detectHardwareEncoders(binary, VIDEO, { run, cacheFile: path.join(root, 'file', 'hwencoders.json') });
    expect(result).toHaveLength(10);
  });

  test('a binary that cannot be stat-ed is tested but not cached', async () => {
    const { run, stats } = countingRunner();
    await detectHardwareEncoders('ffmpeg-not-a-path', VIDEO, { run, cacheFile });
    await detectHardwareEncoders('ffmpeg-not-a-path', VIDEO, { run, cacheFile });
    expect(stats.calls).toBe(20);
    expect(existsSync(cacheFile)).toBe(false);
  });
});

describe('preferredH264Encoders', () => {
  const encoder = (id: string, api: HardwareEncoder['api'], works: boolean, codec: HardwareEncoder['codec'] = 'h264'): HardwareEncoder => ({
    id,
    codec,
    api,
    works,
  });

  test('working H.264 hardware encoders by API preference, then libx264', () => {
    expect(
      preferredH264Encoders([
        encoder('h264_mf', 'mf', true),
        encoder('h264_vaapi', 'vaapi', true),
        encoder('h264_v4l2m2m', 'v4l2m2m', true),
        encoder('h264_nvenc', 'nvenc', false),
        encoder('h264_qsv', 'qsv', true),
        encoder('hevc_nvenc', 'nvenc', true, 'hevc'),
        encoder('h264_videotoolbox', 'videotoolbox', true),
        encoder('h264_amf', 'amf', true),
      ]),
    ).toEqual(['h264_qsv', 'h264_vaapi', 'h264_videotoolbox', 'h264_amf', 'h264_v4l2m2m', 'h264_mf', 'libx264']);
    expect(preferredH264Encoders([encoder('h264_nvenc', 'nvenc', true)])).toEqual(['h264_nvenc', 'libx264']);
  });

  test('nothing works: libx264 only', () => {
    expect(preferredH264Encoders([])).toEqual(['libx264']);
    expect(preferredH264Encoders([encoder('h264_vaapi', 'vaapi', false)])).toEqual(['libx264']);
  });
});
