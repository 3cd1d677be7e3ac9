// Real stderr of Debian's FFmpeg 5.1 (test/fixtures/ffmpeg) fed through the parser, as a supervisor would.
import { describe, expect, test } from 'vitest';
import { splitLines } from '../../../main/core/ffmpeg/logline.js';
import { Parser } from '../../../main/core/ffmpeg/parse/Parser.js';
import type { Progress } from '../../../main/core/ffmpeg/types.js';
import { captureText } from './fixtureFiles.js';

const STATS = /^(?:\[info\] )?(?:frame|size)=/;

/** FFmpeg prints stats every 0.5 s, so the fake clock moves by that much per stats line. */
function run(file: string) {
  const lines = splitLines(captureText(file));
  let now = 1_700_000_000_000;
  const parser = new Parser({ now: () => now });
  parser.resetLog();
  for (const line of lines) {
    parser.parse(line);
    if (STATS.test(line)) now += 500;
  }
  const statsLines = lines.filter((line) => STATS.test(line));
  return { parser, progress: parser.progress(), lines, statsLines, last: statsLines.at(-1)! };
}

/** The last stats line read independently of the parser's own regexes. */
function field(line: string, name: string): string | undefined {
  return new RegExp(`${name}=\\s*(\\S+)`).exec(line)?.[1];
}

function expectTotalsFromLastLine(progress: Progress, last: string): void {
  const frame = field(last, 'frame');
  expect(progress.frame).toBe(frame === undefined ? 0 : Number(frame));
  const [h, m, s] = field(last, 'time')!.split(':').map(Number);
  expect(progress.time).toBeCloseTo(h! * 3600 + m! * 60 + s!, 3);
  expect(progress.speed).toBeCloseTo(Number(field(last, 'speed')!.replace('x', '')), 3);
  const size = field(last, 'size');
  expect(progress.size_kb).toBe(size === 'N/A' ? 0 : Number(size!.replace('kB', '')));
  expect(progress.time).toBeGreaterThan(0);
  expect(progress.speed).toBeGreaterThan(0);
}

function expectCleanReport(parser: Parser, lines: string[]): void {
  const log = parser.log().map(([, line]) => line);
  expect(log.some((line) => STATS.test(line))).toBe(false);
  expect(parser.lastLogline()).toBe(lines.filter((line) => !STATS.test(line)).at(-1));
  const prelude = parser.prelude();
  expect(prelude[0]).toMatch(/ffmpeg version 5\.1\.9/);
  expect(prelude.some((line) => /Stream mapping:/.test(line))).toBe(true);
  expect(prelude.some((line) => /Output #0/.test(line))).toBe(true);
  // the end-of-run summary comes after progress started, so it is log but not prelude
  expect(prelude.some((line) => /video:\d+kB/.test(line))).toBe(false);
  expect(log.some((line) => /video:\d+kB/.test(line))).toBe(true);
  expect(parser.report().prelude).toEqual(prelude);
}

const videoInput = { index: 0, stream: 0, type: 'video', format: 'lavfi', codec: 'rawvideo', coder: 'rawvideo', width: 320, height: 240, pix_fmt: 'yuv420p' };
const sineInput = { index: 1, stream: 0, type: 'audio', format: 'lavfi', codec: 'pcm_s16le', address: 'sine', sampling_hz: 44100, layout: 'mono' };
const h264Output = { index: 0, stream: 0, type: 'video', codec: 'h264', coder: 'libx264', width: 320, height: 240, pix_fmt: 'yuv420p' };
const aacOutput = { index: 0, stream: 1, type: 'audio', codec: 'aac', coder: 'aac', sampling_hz: 44100, layout: 'mono' };

describe.each([
  ['ffmpeg5-mpegts.txt', 'mpegts', '/tmp/x.ts'],
  ['ffmpeg5-mpegts-level-info.txt', 'mpegts', '/tmp/x.ts'],
  ['ffmpeg5-hls.txt', 'hls', '/tmp/h/x.m3u8'],
  ['ffmpeg5-tee.txt', 'tee', '[f=mpegts]/tmp/t1.ts|[f=null]-'],
])('video + audio: %s', (file, format, address) => {
  const { parser, progress, lines, last } = run(file);

  test('totals match the last stats line', () => expectTotalsFromLastLine(progress, last));

  test('fps is the 1 s bucket average, close to what FFmpeg printed', () => {
    expect(progress.fps).toBeGreaterThan(15);
    expect(progress.fps).toBeLessThan(30);
    expect(progress.outputs[0]!.fps).toBe(progress.fps);
  });

  test('streams', () => {
    expect(progress.inputs).toHaveLength(2);
    expect(progress.inputs[0]).toMatchObject({ ...videoInput, address: 'testsrc2=size=320x240:rate=25' });
    expect(progress.inputs[1]).toMatchObject({ ...sineInput, coder: 'pcm_s16le' });
    expect(progress.outputs).toHaveLength(2);
    expect(progress.outputs[0]).toMatchObject({ ...h264Output, format, address, frame: progress.frame, q: -1, id: '', avstream: null });
    expect(progress.outputs[1]).toMatchObject({ ...aacOutput, format, address, frame: 0 });
  });

  test('report', () => expectCleanReport(parser, lines));

  if (format !== 'mpegts') {
    test('size=N/A leaves size and bitrate at 0', () => {
      expect(progress.size_kb).toBe(0);
      expect(progress.bitrate_kbit).toBe(0);
    });
  } else {
    test('the size grows into a bitrate', () => expect(progress.bitrate_kbit).toBeGreaterThan(0));
  }
});

test('[level] prefixes give the same progress and streams as the plain capture', () => {
  const plain = run('ffmpeg5-mpegts.txt');
  const prefixed = run('ffmpeg5-mpegts-level-info.txt');
  expect(prefixed.progress.inputs).toEqual(plain.progress.inputs);
  // frame counts differ by a frame or two between the two runs; the stream descriptions must not
  const describe = (outputs: Progress['outputs']) =>
    outputs.map((io) => [io.address, io.format, io.index, io.stream, io.type, io.codec, io.coder, io.width, io.height, io.layout]);
  expect(describe(prefixed.progress.outputs)).toEqual(describe(plain.progress.outputs));
  expect(prefixed.parser.prelude()).toHaveLength(plain.parser.prelude().length);
  expect(prefixed.parser.prelude()[0]).toMatch(/^\[info\] ffmpeg version/);
});

describe('audio only (stats lines start with size=): ffmpeg5-audio-only-adts.txt', () => {
  const { parser, progress, lines, last } = run('ffmpeg5-audio-only-adts.txt');

  test('totals match the last stats line', () => {
    expectTotalsFromLastLine(progress, last);
    expect(progress.frame).toBe(0);
    expect(progress.size_kb).toBe(27);
    expect(progress.bitrate_kbit).toBeGreaterThan(0);
  });

  test('the single output stream carries size and bitrate', () => {
    expect(progress.inputs).toEqual([expect.objectContaining({ ...sineInput, index: 0, coder: 'pcm_s16le' })]);
    expect(progress.outputs).toEqual([
      expect.objectContaining({ index: 0, stream: 0, type: 'audio', codec: 'aac', coder: 'aac', format: 'adts', address: '/tmp/a.aac', size_kb: 27 }),
    ]);
    expect(progress.outputs[0]!.bitrate_kbit).toBe(progress.bitrate_kbit);
  });

  test('progress advances on size and time although there is no frame counter', () => {
    const fresh = new Parser();
    const advances = lines.map((line) => fresh.parse(line)).filter((_, i) => STATS.test(lines[i]!));
    expect(advances.slice(1).every((advance) => advance > 0)).toBe(true);
  });

  test('report', () => {
    const log = parser.log().map(([, line]) => line);
    expect(log.some((line) => STATS.test(line))).toBe(false);
    expect(parser.prelude().some((line) => line.startsWith('Output #0, adts'))).toBe(true);
  });
});

describe('filter graph with two inputs: ffmpeg5-filter-complex-null.txt', () => {
  const { parser, progress, lines, last } = run('ffmpeg5-filter-complex-null.txt');

  test('totals match the last stats line', () => expectTotalsFromLastLine(progress, last));

  test('streams are found although mapping lines (3) differ from output streams (1)', () => {
    expect(progress.inputs).toEqual([
      expect.objectContaining({ ...videoInput, address: 'testsrc2=size=320x240:rate=25' }),
      expect.objectContaining({ index: 1, type: 'video', codec: 'rawvideo', coder: 'rawvideo', pix_fmt: 'rgb24', width: 160, height: 120 }),
    ]);
    expect(progress.outputs).toEqual([
      expect.objectContaining({ ...h264Output, format: 'null', address: 'pipe:', frame: 75 }),
    ]);
    expect(progress.fps).toBeGreaterThan(15);
  });

  test('report', () => expectCleanReport(parser, lines));
});
