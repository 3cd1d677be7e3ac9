// Core's prelude and prober tests (ffmpeg/prelude, ffmpeg/probe) replayed against prelude.ts and probe.ts.
import { expect, test } from 'vitest';
import { parsePrelude } from '../../../main/core/ffmpeg/prelude.js';
import { parseProbe } from '../../../main/core/ffmpeg/probe.js';
import { goldenExpected, goldenLines } from './fixtureFiles.js';

test('prelude_TestPrelude', () => {
  const { expected } = goldenExpected('prelude_TestPrelude');
  const { inputs, outputs, noutputs, mappedOutputs } = parsePrelude(goldenLines('prelude_TestPrelude'));
  expect(inputs).toHaveLength(expected.inputs_len);
  expect(outputs).toHaveLength(expected.outputs_len);
  expect(noutputs).toBe(expected.noutputs);
  expect(mappedOutputs).toBe(expected.noutputs);
  // only the fields Go asserts are listed in the expectation, so a partial match is exact for them
  expected.inputs.forEach((io: object, i: number) => expect(inputs[i]).toMatchObject(io));
  expected.outputs.forEach((io: object, i: number) => expect(outputs[i]).toMatchObject(io));
});

test('probe_TestProber', () => {
  const { expected } = goldenExpected('probe_TestProber');
  const lines = goldenLines('probe_TestProber');
  const probe = parseProbe(lines);
  expect(probe.log).toEqual(lines);
  expect(probe.streams).toHaveLength(expected.streams_len);
  expected.streams.forEach((io: object, i: number) => expect(probe.streams[i]).toMatchObject(io));
});

test('probe prefers the patched ffmpeg.inputs: line and drops avstream lines from the log', () => {
  const lines = goldenLines('parse_TestParserJSONDelayedPlayout');
  const probe = parseProbe(lines);
  expect(probe.log.some((line) => line.startsWith('avstream.progress:'))).toBe(false);
  expect(probe.log).toHaveLength(lines.length - 1);
  expect(probe.streams).toEqual([
    {
      url: 'https://cdn.livespotting.com/vpu/e9slfpe3/z60wzayk.m3u8',
      format: 'playout',
      index: 0,
      stream: 0,
      language: 'und',
      type: 'video',
      codec: 'h264',
      coder: 'h264',
      bitrate_kbps: 0,
      duration_sec: 0,
      fps: 20.666666,
      pix_fmt: 'yuvj420p',
      width: 1280,
      height: 720,
      sampling_hz: 0,
      layout: '',
      channels: 0,
    },
  ]);
});
