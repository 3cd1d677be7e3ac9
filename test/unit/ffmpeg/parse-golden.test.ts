// Core's parser tests (ffmpeg/parse/parser_test.go) replayed against the TypeScript parser.
import { describe, expect, test } from 'vitest';
import { Parser } from '../../../main/core/ffmpeg/parse/Parser.js';
import { parseVersion } from '../../../main/core/ffmpeg/skills/version.js';
import { goldenExpected, goldenLines, goldenText } from './fixtureFiles.js';

function feed(parser: Parser, lines: readonly string[]): void {
  for (const line of lines) parser.parse(line);
}

describe('stream detection (Go asserts len(process.input) / len(process.output))', () => {
  test.each([
    'parse_TestParserDefault',
    'parse_TestParserDefaultDelayed',
    'parse_TestParserJSON',
    'parse_TestParserJSONDelayed',
    'parse_TestParserJSONDelayedPlayout',
  ])('%s', (name) => {
    const { parser_config, expected } = goldenExpected(name);
    const parser = new Parser({ maxLines: parser_config.LogLines });
    feed(parser, goldenLines(name));
    const progress = parser.progress();
    expect(progress.inputs).toHaveLength(expected.input_count);
    expect(progress.outputs).toHaveLength(expected.output_count);
  });

  test('parse_TestParserDefault: the streams and the final stats line', () => {
    const parser = new Parser();
    feed(parser, goldenLines('parse_TestParserDefault'));
    const progress = parser.progress();
    expect(progress.inputs.map((io) => [io.address, io.index, io.stream, io.type, io.codec])).toEqual([
      ['testsrc=size=1280x720:rate=25', 0, 0, 'video', 'rawvideo'],
      ['anullsrc=r=44100:cl=stereo', 1, 0, 'audio', 'pcm_u8'],
      ['anullsrc=r=44100:cl=stereo', 1, 1, 'audio', 'aac'],
    ]);
    expect(progress.outputs.map((io) => [io.address, io.format, io.type, io.codec, io.coder])).toEqual([
      ['./data/testsrc.m3u8', 'hls', 'video', 'h264', 'libx264'],
      ['./data/testsrc.m3u8', 'hls', 'audio', 'aac', 'aac'],
    ]);
    expect(progress).toMatchObject({ frame: 58, time: 2.32, speed: 0.999, size_kb: 0 });
    expect(progress.outputs[0]).toMatchObject({ frame: 58, q: -1, width: 1280, height: 720, pix_fmt: 'yuv420p' });
  });

  test('parse_TestParserJSONDelayedPlayout: patched progress and the playout avstream', () => {
    const parser = new Parser();
    feed(parser, goldenLines('parse_TestParserJSONDelayedPlayout'));
    const progress = parser.progress();
    // the last ffmpeg.progress line of the capture
    expect(progress).toMatchObject({ frame: 20, packet: 20, q: -1, size_kb: 789, time: 1.8, speed: 0.245 });
    expect(progress.inputs[0]).toMatchObject({
      address: 'https://cdn.livespotting.com/vpu/e9slfpe3/z60wzayk.m3u8',
      format: 'playout',
      coder: 'h264',
      frame: 21,
      packet: 24,
      size_kb: 228,
      avstream: { queue: 140, gop: 'none', looping: false, input: { state: 'running', packet: 148, size_kb: 1529, time: 5 } },
    });
    expect(progress.outputs.map((io) => [io.format, io.coder, io.frame, io.packet, io.size_kb])).toEqual([
      ['flv', 'libx264', 20, 20, 562],
      ['mp4', 'copy', 24, 24, 228],
    ]);
  });
});

test('parse_TestParserProgress: the classic stats line (Go app.Progress names, Size in bytes)', () => {
  const { expected } = goldenExpected('parse_TestParserProgress');
  const parser = new Parser({ maxLines: 20 });
  parser.parse(goldenText('parse_TestParserProgress'));
  const progress = parser.progress();
  expect(progress.frame).toBe(expected.Frame);
  expect(progress.q).toBeCloseTo(expected.Quantizer, 6);
  expect(progress.size_kb).toBe(expected.Size / 1024);
  expect(progress.time).toBeCloseTo(expected.Time, 6);
  expect(progress.speed).toBeCloseTo(expected.Speed, 6);
  expect(progress.drop).toBe(expected.Drop);
  expect(progress.dup).toBe(expected.Dup);
});

describe('parse_prelude-lines', () => {
  const { cases } = goldenExpected('parse_prelude-lines');
  const lines = goldenLines('parse_prelude-lines');
  const byTest = (test: string) => cases.find((entry: { test: string }) => entry.test === test);
  const parserFor = (config: Record<string, number>) =>
    new Parser({
      maxLines: config.LogLines,
      preludeHeadLines: config.PreludeHeadLines,
      preludeTailLines: config.PreludeTailLines,
    });

  test.each([
    ['TestParserPrelude', ['prelude']],
    ['TestParserLongPrelude', lines.slice(0, 150)],
    ['TestParserVeryLongPrelude', lines],
  ])('%s', (name, feedLines) => {
    const { parser_config, expected } = byTest(name);
    const parser = parserFor(parser_config);
    expect(parser.prelude()).toHaveLength(expected.prelude_len_before);
    feed(parser, feedLines);
    expect(parser.prelude()).toHaveLength(expected.prelude_len_after);
  });

  test('TestParserVeryLongPrelude keeps head, marker and tail', () => {
    const parser = new Parser();
    feed(parser, lines);
    const prelude = parser.prelude();
    expect(prelude[99]).toBe('prelude  99');
    expect(prelude[100]).toBe('... truncated 150 lines ...');
    expect(prelude[101]).toBe('prelude 250');
    expect(prelude[150]).toBe('prelude 299');
  });

  test('TestParserLog', () => {
    const { parser_config, feed: input, expected } = byTest('TestParserLog');
    const parser = parserFor(parser_config);
    expect(parser.log()).toHaveLength(expected.log_len_before);
    feed(parser, input);
    expect(parser.log()).toHaveLength(expected.log_len_after);
  });

  test('TestParserReset', () => {
    const { parser_config, feed: input, expected } = byTest('TestParserReset');
    const parser = parserFor(parser_config);
    feed(parser, input);
    expect(parser.log()).toHaveLength(expected.log_len_after_parse);
    expect(parser.prelude()).toHaveLength(expected.prelude_len_after_parse);
    parser.resetStats();
    expect(parser.log().length).toBeGreaterThan(0);
    expect(parser.prelude().length).toBeGreaterThan(0);
    parser.resetLog();
    expect(parser.log()).toHaveLength(expected.after_ResetLog.log_len);
    expect(parser.prelude()).toHaveLength(expected.after_ResetLog.prelude_len);
  });
});

describe('the fake ffmpeg of Core\'s tests (internal/testhelper/ffmpeg)', () => {
  test('testhelper_ffmpeg-header gives the ffversion ^4.0.2 that TestReplacer expects', () => {
    expect(parseVersion(goldenText('testhelper_ffmpeg-header')).version).toBe('4.0.2');
  });

  test('testhelper_ffmpeg-prelude followed by its progress lines', () => {
    const { progress_line_format } = goldenExpected('testhelper_ffmpeg-prelude');
    expect(progress_line_format).toContain('frame=%5d');
    const parser = new Parser();
    const output = `${goldenText('testhelper_ffmpeg-header')}\n${goldenText('testhelper_ffmpeg-prelude')}\n`;
    feed(parser, output.split('\n'));
    const advances = [25, 50, 75].map((frame) =>
      parser.parse(progress_line_format.replace('%5d', String(frame).padStart(5)).replace('\r', '')),
    );
    expect(advances).toEqual([25, 25, 25]);
    const progress = parser.progress();
    expect(progress.inputs).toHaveLength(3);
    expect(progress.outputs).toHaveLength(2);
    expect(progress).toMatchObject({ frame: 75, time: 2.32, speed: 1 });
    expect(parser.prelude()[0]).toMatch(/^ffmpeg version 4\.0\.2/);
  });
});
