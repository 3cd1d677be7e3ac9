// gatherSkills and detectHardwareEncoders against the real Debian FFmpeg 5.1 on a machine without GPU or cameras.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { detectHardwareEncoders, hardwareEncoderCandidates } from '../../main/core/ffmpeg/hwencoders.js';
import { gatherSkills, type Runner } from '../../main/core/ffmpeg/skills/gather.js';
import { createExecRunner } from '../../main/core/ffmpeg/skills/gatherRunner.js';
import type { Skills } from '../../main/core/ffmpeg/skills/types.js';

const FFMPEG = '/usr/bin/ffmpeg';
// On a machine with a GPU some encoders would work; the "all fail" expectation only holds without one.
const hasGpu = ['/dev/dri', '/dev/nvidiactl', '/dev/nvidia0'].some((device) => existsSync(device));

let skills: Skills;
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'skills-it-'));
  skills = await gatherSkills(FFMPEG);
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

function ids(entries: ReadonlyArray<{ id: string }>): string[] {
  return entries.map((entry) => entry.id);
}

describe('gatherSkills with /usr/bin/ffmpeg', () => {
  test('version, compiler, configuration and libraries', () => {
    expect(skills.ffmpeg.version).toMatch(/^5\.1\.\d+$/);
    expect(skills.ffmpeg.compiler).toMatch(/^gcc /);
    expect(skills.ffmpeg.configuration).toContain('--enable-libx264');
    expect(skills.ffmpeg.libraries.map((library) => library.name)).toContain('libavcodec');
  });

  test('codecs: h264 with libx264 among its encoders, aac among audio codecs', () => {
    const h264 = skills.codecs.video.find((codec) => codec.id === 'h264');
    expect(h264?.encoders).toContain('libx264');
    expect(h264?.decoders).toContain('h264');
    expect(ids(skills.codecs.audio)).toContain('aac');
    expect(skills.codecs.subtitle.length).toBeGreaterThan(0);
  });

  test('protocols the Restreamer UI wizard needs for its sources', () => {
    expect(ids(skills.protocols.input)).toEqual(expect.arrayContaining(['rtmp', 'http']));
    expect(ids(skills.protocols.output)).toEqual(expect.arrayContaining(['rtmp', 'http']));
  });

  test('formats, filters and hwaccels', () => {
    expect(ids(skills.formats.muxers)).toEqual(expect.arrayContaining(['hls', 'flv']));
    expect(ids(skills.formats.demuxers)).toEqual(expect.arrayContaining(['hls', 'flv']));
    expect(ids(skills.filter)).toEqual(expect.arrayContaining(['scale', 'overlay']));
    // Debian lists vdpau, cuda, vaapi, … whether or not the hardware exists; other builds may list none.
    expect(Array.isArray(skills.hwaccels)).toBe(true);
    for (const hwaccel of skills.hwaccels) expect(hwaccel).toEqual({ id: hwaccel.id, name: hwaccel.id });
    expect(skills.hwaccels.every((hwaccel) => /^[A-Za-z0-9_]+$/.test(hwaccel.id))).toBe(true);
  });

  test('device demuxers the UI reads exist, with this machine having no capture devices', () => {
    const demuxers = ids(skills.devices.demuxers);
    expect(demuxers).toEqual(expect.arrayContaining(['alsa', 'fbdev', 'video4linux2', 'lavfi']));
    const v4l2 = skills.devices.demuxers.find((device) => device.id === 'video4linux2');
    expect(v4l2?.devices.every((device) => device.media === 'video' && /^\/dev\/video\d+$/.test(device.id))).toBe(true);
    if (!existsSync('/dev/video0')) expect(v4l2?.devices).toEqual([]);
  });

  test('a binary that fails -version is rejected with its name', async () => {
    await expect(gatherSkills('/bin/false')).rejects.toThrow(/ffmpeg binary '\/bin\/false' failed: -version exited with code 1/);
    await expect(gatherSkills('/nonexistent/ffmpeg')).rejects.toThrow(/ffmpeg binary '\/nonexistent\/ffmpeg' could not be run/);
  });
});

describe('detectHardwareEncoders with /usr/bin/ffmpeg', () => {
  test('every hardware encoder Debian lists is tested, fails here with a reason, and the cache serves the second call', async () => {
    const cacheFile = path.join(dir, 'hwencoders.json');
    const real = createExecRunner();
    let spawns = 0;
    const counting: Runner = (binary, args, timeoutMs) => {
      spawns++;
      return real(binary, args, timeoutMs);
    };

    const expected = hardwareEncoderCandidates(skills.codecs).map((candidate) => candidate.id);
    expect(expected).toEqual(
      expect.arrayContaining(['h264_nvenc', 'h264_vaapi', 'h264_qsv', 'h264_v4l2m2m', 'hevc_nvenc', 'hevc_vaapi', 'hevc_qsv']),
    );
    // h264_omx is hardware too, but not one of the APIs we drive
    expect(expected).not.toContain('h264_omx');

    const encoders = await detectHardwareEncoders(FFMPEG, skills.codecs, { cacheFile, run: counting });
    expect(spawns).toBe(expected.length);
    expect(encoders.map((encoder) => encoder.id)).toEqual(expected);
    for (const encoder of encoders) {
      if (!encoder.works) expect(encoder.error, encoder.id).toMatch(/\S/);
    }
    if (!hasGpu) expect(encoders.filter((encoder) => encoder.works)).toEqual([]);
    expect(encoders.find((encoder) => encoder.id === 'h264_vaapi')).toMatchObject({ codec: 'h264', api: 'vaapi' });

    expect(JSON.parse(readFileSync(cacheFile, 'utf8')).encoders).toEqual(encoders);
    const again = await detectHardwareEncoders(FFMPEG, skills.codecs, { cacheFile, run: counting });
    expect(again).toEqual(encoders);
    expect(spawns).toBe(expected.length);
  });
});
