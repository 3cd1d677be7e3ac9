// The parser, probe and skills outputs checked against the Core contract's JSON schemas (../shared/contract).
import { expect, test } from 'vitest';
import { contractViolations } from '../../helpers/contract.js';
import { splitLines } from '../../../main/core/ffmpeg/logline.js';
import { Parser } from '../../../main/core/ffmpeg/parse/Parser.js';
import { parseProbe } from '../../../main/core/ffmpeg/probe.js';
import { parseSkills } from '../../../main/core/ffmpeg/skills/skills.js';
import { captureText, goldenLines, goldenText } from './fixtureFiles.js';

function parsed(lines: readonly string[]): Parser {
  const parser = new Parser();
  parser.resetLog();
  lines.forEach((line) => parser.parse(line));
  return parser;
}

test('progress is api.Progress (inside api.ProcessState) and the report is api.ProcessReport', () => {
  for (const parser of [parsed(splitLines(captureText('ffmpeg5-tee.txt'))), parsed(goldenLines('parse_TestParserJSONDelayedPlayout'))]) {
    const state = { order: 'start', exec: 'running', runtime_seconds: 3, reconnect_seconds: -1, last_logline: parser.lastLogline(), progress: parser.progress(), memory_bytes: 0, cpu_usage: 0, command: [] };
    // Core renders a missing avstream as null while the schema only allows an object there; that one
    // difference is Core's own, so it is checked apart.
    const violations = contractViolations('GET', '/api/v3/process/{id}/state', 200, state);
    expect(violations.filter((violation) => !/\/avstream must be object/.test(violation))).toEqual([]);
    expect(state.progress.outputs.every((io) => io.avstream === null)).toBe(true);
    parser.resetLog();
    expect(contractViolations('GET', '/api/v3/process/{id}/report', 200, parser.report())).toEqual([]);
  }
  // the playout input carries a full avstream object
  const playout = parsed(goldenLines('parse_TestParserJSONDelayedPlayout')).progress();
  expect(playout.inputs[0]!.avstream).not.toBeNull();
  expect(contractViolations('GET', '/api/v3/process/{id}/state', 200, { progress: { ...playout, outputs: [] } })).toEqual([]);
});

test('probe is api.Probe', () => {
  expect(contractViolations('GET', '/api/v3/process/{id}/probe', 200, parseProbe(goldenLines('probe_TestProber')))).toEqual([]);
});

test('skills are api.Skills', () => {
  const skills = parseSkills({
    version: captureText('ffmpeg5-version.txt'),
    codecs: goldenText('skills_TestCodecs'),
    filters: goldenText('skills_TestFilters'),
    formats: goldenText('skills_TestFormats'),
    protocols: goldenText('skills_TestProtocols'),
    hwaccels: goldenText('skills_TestHWAccels'),
    v4l2: goldenText('skills_TestV4LDevices'),
    devices: ' DE video4linux2,v4l2 Video4Linux2 output device\n',
  });
  expect(contractViolations('GET', '/api/v3/skills', 200, skills)).toEqual([]);
});
