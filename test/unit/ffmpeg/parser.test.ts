// Behaviour of the stderr parser beyond Core's goldens: rates, log ring, history, prefixes, newer FFmpeg lines.
import { describe, expect, test } from 'vitest';
import { LineSplitter, stripLogPrefix } from '../../../main/core/ffmpeg/logline.js';
import { Parser, type ParserConfig } from '../../../main/core/ffmpeg/parse/Parser.js';
import { SlidingAverage } from '../../../main/core/ffmpeg/parse/SlidingAverage.js';
import { parseStatsLine } from '../../../main/core/ffmpeg/parse/statsLine.js';
import { parseGoDuration } from '../../../main/core/ffmpeg/patched.js';
import { goldenLines } from './fixtureFiles.js';

function clock(start = 1_700_000_000_000) {
  let now = start;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

function parser(config: ParserConfig = {}) {
  const time = clock();
  return { time, parser: new Parser({ now: time.now, ...config }) };
}

const PRELUDE = [
  'ffmpeg version 7.1 Copyright (c) 2000-2024 the FFmpeg developers',
  "Input #0, lavfi, from 'testsrc2=size=320x240:rate=25':",
  '  Duration: N/A, start: 0.000000, bitrate: N/A',
  '  Stream #0:0: Video: wrapped_avframe, yuv420p, 320x240 [SAR 1:1 DAR 4:3], 25 fps, 25 tbr, 25 tbn',
  'Stream mapping:',
  '  Stream #0:0 -> #0:0 (wrapped_avframe (native) -> h264 (libx264))',
  "Output #0, flv, to 'rtmp://localhost/live/x':",
  '  Stream #0:0: Video: h264 ([7][0][0][0] / 0x0007), yuv420p(progressive), 320x240 [SAR 1:1 DAR 4:3], q=2-31, 25 fps, 1k tbn',
];

function statsLine(frame: number, kib: number, seconds: number): string {
  const time = `00:00:${seconds.toFixed(2).padStart(5, '0')}`;
  return `frame=${String(frame).padStart(5)} fps= 25 q=28.0 size=${String(kib).padStart(8)}KiB time=${time} bitrate= 100.0kbits/s speed=1.00x elapsed=0:00:${seconds}`;
}

describe('rates: mean of the last 30 completed one-second buckets', () => {
  test('SlidingAverage', () => {
    const time = clock();
    const average = new SlidingAverage(time.now);
    average.add(10);
    expect(average.average()).toBe(0); // no completed bucket yet
    time.advance(1000);
    expect(average.average()).toBe(10);
    average.add(20);
    average.add(10);
    time.advance(999);
    expect(average.average()).toBe(10); // current bucket not complete
    time.advance(1);
    expect(average.average()).toBe(20);
    time.advance(3000); // three silent seconds count as zeros
    expect(average.average()).toBe(40 / 5);
    time.advance(60_000); // the window only holds 30 buckets
    expect(average.average()).toBe(0);
    for (let i = 0; i < 40; i++) {
      average.add(i < 10 ? 1000 : 25);
      time.advance(1000);
    }
    expect(average.average()).toBe(25);
  });

  test('fps, bitrate and per-output values of a steady 25 fps / 100 KiB/s stream', () => {
    const { time, parser: p } = parser();
    p.resetLog();
    PRELUDE.forEach((line) => p.parse(line));
    for (let second = 0; second <= 40; second++) {
      for (let half = 0; half < 2; half++) {
        const t = second + half / 2;
        expect(p.parse(statsLine(Math.round(t * 25), Math.round(t * 100), t))).toBe(t === 0 ? 0 : half ? 13 : 12);
        time.advance(500);
      }
    }
    const progress = p.progress();
    expect(progress.fps).toBeCloseTo(25, 0);
    expect(progress.bitrate_kbit).toBeCloseTo(800, -1); // 100 KiB/s = 819200 bit/s = 800 kbit/s (÷1024 like Core)
    expect(progress.size_kb).toBe(Math.round(40.5 * 100));
    expect(progress.time).toBe(40.5);
    expect(progress.outputs[0]).toMatchObject({ frame: progress.frame, fps: progress.fps, q: 28 });
    // with a single output stream, it is the whole output file
    expect(progress.outputs[0]!.size_kb).toBe(progress.size_kb);
    expect(progress.outputs[0]!.bitrate_kbit).toBe(progress.bitrate_kbit);
  });
});

describe('log and report', () => {
  test('the log keeps the last maxLines non-progress lines with unix-second timestamps', () => {
    const { time, parser: p } = parser({ maxLines: 3 });
    PRELUDE.forEach((line) => p.parse(line));
    p.parse(statsLine(25, 10, 1));
    time.advance(2500);
    p.parse('[flv @ 0x55d6a9687540] Failed to update header with correct duration.');
    p.parse(statsLine(50, 20, 2));
    expect(p.log()).toEqual([
      ['1700000000', PRELUDE[6]!],
      ['1700000000', PRELUDE[7]!],
      ['1700000002', '[flv @ 0x55d6a9687540] Failed to update header with correct duration.'],
    ]);
    expect(p.lastLogline()).toBe('[flv @ 0x55d6a9687540] Failed to update header with correct duration.');
    // the prelude stops at the first stats line that completes the stream list
    expect(p.prelude()).toEqual(PRELUDE);
  });

  test('resetLog() turns the current report into history, keeping the last maxHistory runs', () => {
    const { time, parser: p } = parser({ maxHistory: 2 });
    const run = (marker: string) => {
      p.resetLog();
      p.parse(`run ${marker}`);
      p.parse(statsLine(1, 1, 1));
      p.parse(`${marker}: Broken pipe`);
      p.resetStats();
      time.advance(10_000);
    };
    run('a');
    run('b');
    run('c');
    p.resetLog();
    const report = p.report();
    expect(report).toMatchObject({ created_at: 1700000030, prelude: [], log: [] });
    expect(report.history.map((entry) => [entry.created_at, entry.prelude, entry.log.map(([, line]) => line)])).toEqual([
      // no Output section ever came, so the prelude never ended (as in Core's report for a failing process)
      [1700000010, ['run b', 'b: Broken pipe'], ['run b', 'b: Broken pipe']],
      [1700000020, ['run c', 'c: Broken pipe'], ['run c', 'c: Broken pipe']],
    ]);
    // a run without any output leaves no history entry (Core skips reports with an empty prelude)
    p.resetLog();
    expect(p.history()).toHaveLength(2);

    const successor = new Parser({ maxHistory: 3 });
    p.transferHistoryTo(successor);
    expect(successor.history()).toEqual(p.history());
  });

  test('maxHistory 0 keeps no history', () => {
    const { parser: p } = parser({ maxHistory: 0 });
    p.parse('a line');
    p.resetLog();
    expect(p.report().history).toEqual([]);
  });

  test('resetStats() zeroes progress and forgets the streams, but keeps the report until resetLog()', () => {
    const { parser: p } = parser();
    PRELUDE.forEach((line) => p.parse(line));
    p.parse(statsLine(25, 10, 1));
    expect(p.progress().outputs).toHaveLength(1);
    p.resetStats();
    expect(p.progress()).toEqual({
      inputs: [],
      outputs: [],
      frame: 0,
      packet: 0,
      fps: 0,
      q: 0,
      size_kb: 0,
      time: 0,
      bitrate_kbit: 0,
      speed: 0,
      drop: 0,
      dup: 0,
    });
    expect(p.prelude()).toEqual(PRELUDE);
    expect(p.log()).toHaveLength(PRELUDE.length);
  });
});

describe('line prefixes', () => {
  test.each([
    ['[info] frame=  100 fps= 25 q=28.0 size=  256kB time=00:00:04.00 bitrate= 524.3kbits/s speed=1.0x', 'frame=  100 fps= 25 q=28.0 size=  256kB time=00:00:04.00 bitrate= 524.3kbits/s speed=1.0x'],
    ['[libx264 @ 0x55d6a9687540] [info] using SAR=1/1', 'using SAR=1/1'],
    ['[hls @ 0x7f92a96e8100] Skip (\'#EXT-X-VERSION:3\')', "Skip ('#EXT-X-VERSION:3')"],
    ['[out#0/mpegts @ 0x5586a5e1f540] video:100KiB audio:26KiB', 'video:100KiB audio:26KiB'],
    ['[info]   Stream #0:0: Video: h264', '  Stream #0:0: Video: h264'],
    ['Input #0, lavfi, from \'[x]\':', "Input #0, lavfi, from '[x]':"],
  ])('%s', (line, stripped) => expect(stripLogPrefix(line)).toBe(stripped));

  test('a [level]-prefixed run is recognised and logged with its prefixes', () => {
    const { parser: p } = parser();
    PRELUDE.forEach((line) => p.parse(`[info] ${line}`));
    p.parse('[libx264 @ 0x55d6a9687540] [info] profile High, level 1.3, 4:2:0, 8-bit');
    expect(p.parse(`[info] ${statsLine(25, 10, 1)}`)).toBe(25);
    expect(p.progress()).toMatchObject({ frame: 25, size_kb: 10, time: 1 });
    expect(p.progress().outputs[0]).toMatchObject({ codec: 'h264', coder: 'libx264', format: 'flv', address: 'rtmp://localhost/live/x' });
    expect(p.lastLogline()).toBe('[libx264 @ 0x55d6a9687540] [info] profile High, level 1.3, 4:2:0, 8-bit');
  });
});

describe('stats lines of FFmpeg 4.x to 7.x', () => {
  test.each([
    ['frame=  100 fps= 25 q=28.0 size=     256kB time=00:00:04.00 bitrate= 524.3kbits/s speed=1.0x', { frame: 100, q: 28, size: 262144, time: 4, speed: 1 }],
    ['frame=  100 fps= 25 q=28.0 size=     256KiB time=00:00:04.00 bitrate= 524.3kbits/s speed=1.0x elapsed=0:00:04.01', { frame: 100, size: 262144, time: 4 }],
    ['frame=    0 fps=0.0 q=0.0 size=N/A time=N/A bitrate=N/A speed=N/A', { frame: 0, q: 0 }],
    ['frame=    1 fps=0.0 q=-1.0 size=       0kB time=-00:00:00.04 bitrate=N/A speed=N/A', { frame: 1, q: -1, size: 0, time: 0 }],
    ['size=      27kB time=00:00:03.01 bitrate=  72.1kbits/s speed=0.997x', { size: 27648, time: 3.01, speed: 0.997 }],
    ['frame= 5968 fps= 25 q=19.4 q=21.0 size=443kB time=00:03:58.44 bitrate=5632kbits/s dup=87463 drop=3522 speed=0.999x', { frame: 5968, q: 19.4, size: 453632, dup: 87463, drop: 3522 }],
  ])('%s', (line, expected) => expect(parseStatsLine(line)).toMatchObject(expected));

  test('N/A keeps the previous value', () => {
    const { parser: p } = parser();
    p.parse(statsLine(25, 10, 1));
    p.parse('frame=   50 fps= 25 q=28.0 size=N/A time=N/A bitrate=N/A speed=N/A');
    expect(p.progress()).toMatchObject({ frame: 50, size_kb: 10, time: 1, speed: 1 });
  });
});

describe('prelude detection', () => {
  test('FFmpeg 7 filter graph mapping: targets, not "Stream #" lines, are counted', () => {
    const { parser: p } = parser();
    [
      "Input #0, lavfi, from 'testsrc2':",
      '  Stream #0:0: Video: wrapped_avframe, yuv420p, 320x240, 25 fps, 25 tbr, 25 tbn',
      "Input #1, lavfi, from 'testsrc':",
      '  Stream #1:0: Video: wrapped_avframe, rgb24, 160x120, 25 fps, 25 tbr, 25 tbn',
      "Input #2, lavfi, from 'sine':",
      '  Stream #2:0: Audio: pcm_s16le, 44100 Hz, mono, s16, 705 kb/s',
      'Stream mapping:',
      '  Stream #0:0 (wrapped_avframe) -> overlay:main (graph 0)',
      '  Stream #1:0 (wrapped_avframe) -> overlay:overlay (graph 0)',
      '  overlay:default (graph 0) -> Stream #0:0 (libx264)',
      '  Stream #2:0 -> #0:1 (pcm_s16le (native) -> aac (native))',
      'Press [q] to stop, [?] for help',
    ].forEach((line) => p.parse(line));
    // Output #0 comes after the first stats line: the streams are re-read until both output streams are known
    p.parse(statsLine(1, 0, 0));
    expect(p.progress().outputs).toHaveLength(0);
    [
      "[out#0/mp4 @ 0x55c0] Output #0, mp4, to 'out.mp4':",
      '  Stream #0:0: Video: h264, yuv420p(progressive), 320x240, q=2-31, 25 fps, 12800 tbn',
      '  Stream #0:1(eng): Audio: aac (LC) (mp4a / 0x6134706D), 44100 Hz, mono, fltp, 69 kb/s',
    ].forEach((line) => p.parse(line));
    p.parse(statsLine(25, 10, 1));
    const progress = p.progress();
    expect(progress.inputs.map((io) => io.coder)).toEqual(['wrapped_avframe', 'wrapped_avframe', 'pcm_s16le']);
    expect(progress.outputs.map((io) => [io.type, io.coder, io.frame])).toEqual([
      ['video', 'libx264', 25],
      ['audio', 'aac', 0],
    ]);
    expect(p.prelude().at(-1)).toMatch(/Audio: aac/);
  });

  test('gives up waiting for missing Output sections 10 s after the first stats line', () => {
    const { time, parser: p } = parser();
    PRELUDE.slice(0, 6).forEach((line) => p.parse(line));
    for (let second = 1; second <= 12; second++) {
      expect(p.parse(statsLine(second * 25, second, second))).toBe(25);
      p.parse(`line ${second}`);
      time.advance(1000);
    }
    expect(p.progress().inputs).toHaveLength(1);
    expect(p.progress().outputs).toHaveLength(0);
    expect(p.prelude().at(-1)).toBe('line 10');
    expect(p.log().at(-1)![1]).toBe('line 12');
  });
});

describe('datarhei JSON lines', () => {
  const json = goldenLines('parse_TestParserJSON');
  const inputs = json.find((line) => line.startsWith('ffmpeg.inputs:'))!;
  const outputs = json.find((line) => line.startsWith('ffmpeg.outputs:'))!;
  const progressLine = (outFrames: [number, number], extra = '') =>
    `ffmpeg.progress:{"inputs":[{"index":0,"stream":0,"frame":${outFrames[1]},"packet":${outFrames[1]},"size_kb":10}],` +
    `"outputs":[{"index":0,"stream":0,"frame":${outFrames[0]},"packet":${outFrames[0]},"q":20.5,"size_bytes":2048,"keyframe":2,"extradata_size_bytes":40},` +
    `{"index":1,"stream":0,"frame":${outFrames[1]},"packet":${outFrames[1]},"q":-1.0,"size_kb":10,"framerate":{"min":19.5,"max":21.25,"avg":20.6666}}],` +
    `"frame":${outFrames[0]},"packet":${outFrames[0]},"q":20.5,"size_kb":12,"time":"0h1m2.5s","speed":1.01,"dup":1,"drop":2${extra}}`;

  test('the advance is the product of the total and every output advance, so one stalled output is stale', () => {
    const { parser: p } = parser();
    p.parse(inputs);
    p.parse(outputs);
    expect(p.parse(progressLine([10, 12]))).toBe(10 * 10 * 12);
    expect(p.parse(progressLine([20, 12]))).toBe(0);
    expect(p.parse(progressLine([30, 14]))).toBe(10 * 10 * 2);
    const progress = p.progress();
    expect(progress).toMatchObject({ frame: 30, packet: 30, q: 20.5, size_kb: 12, time: 62.5, speed: 1.01, dup: 1, drop: 2 });
    expect(progress.outputs[0]).toMatchObject({ frame: 30, keyframe: 2, q: 20.5, size_kb: 2, extradata_size_bytes: 40 });
    expect(progress.outputs[1]).toMatchObject({ frame: 14, size_kb: 10, framerate: { min: 19.5, max: 21.25, avg: 20.667 } });
    // JSON lines are neither log nor prelude
    expect(p.log().some(([, line]) => line.startsWith('ffmpeg.'))).toBe(false);
  });

  test('ffmpeg.mapping: is logged (Core v16 shows it as last_logline), not parsed', () => {
    const { parser: p } = parser();
    p.parse(inputs);
    p.parse(outputs);
    expect(p.parse('ffmpeg.mapping:{"graphs":[],"mapping":[]}')).toBe(0);
    expect(p.lastLogline()).toBe('ffmpeg.mapping:{"graphs":[],"mapping":[]}');
  });

  test('counts that do not match the streams still update the totals', () => {
    const { parser: p } = parser();
    p.parse(inputs);
    p.parse(outputs);
    expect(p.parse('ffmpeg.progress:{"inputs":[],"outputs":[],"frame":5,"packet":5,"time":"1.5s"}')).toBe(5);
    expect(p.progress()).toMatchObject({ frame: 5, time: 1.5 });
    expect(p.progress().outputs[0]!.frame).toBe(0);
  });

  test('Go durations', () => {
    expect(parseGoDuration('0h0m7.48s')).toBeCloseTo(7.48, 9);
    expect(parseGoDuration('1h2m3.5s')).toBe(3723.5);
    expect(parseGoDuration('500ms')).toBe(0.5);
    expect(parseGoDuration('-1.5s')).toBe(-1.5);
    expect(parseGoDuration('0')).toBe(0);
    expect(parseGoDuration('7.48')).toBeNull();
    expect(parseGoDuration('')).toBeNull();
  });
});

test('LineSplitter splits chunks on \\r and \\n like Core', () => {
  const splitter = new LineSplitter();
  expect(splitter.push('Press [q] to stop\nframe=    1 fps=0.0\rframe=   ')).toEqual(['Press [q] to stop', 'frame=    1 fps=0.0']);
  expect(splitter.push('13 fps=0.0\r\nvideo:1kB\r')).toEqual(['frame=   13 fps=0.0', 'video:1kB']);
  expect(splitter.push('\nExiting normally')).toEqual([]);
  expect(splitter.flush()).toEqual(['Exiting normally']);
});
