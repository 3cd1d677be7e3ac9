// resolveFfmpegBinary: configured path, then the bundled copy, then PATH; pure file checks.
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { findOnPath, resolveFfmpegBinary } from '../../../main/core/ffmpeg/binary.js';

let root: string;
let binA: string;
let binB: string;
let bundled: string;

function executable(file: string, mode = 0o755) {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, '#!/bin/sh\n');
  chmodSync(file, mode);
}

beforeEach(() => {
  root = mkdtempSync(path.join(tmpdir(), 'binary-'));
  binA = path.join(root, 'a');
  binB = path.join(root, 'b');
  bundled = path.join(root, 'resources', 'ffmpeg');
  mkdirSync(binA, { recursive: true });
  mkdirSync(binB, { recursive: true });
});

afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('resolveFfmpegBinary', () => {
  test('an absolute configured path that exists wins over PATH and bundled', () => {
    const configured = path.join(root, 'custom', 'ffmpeg');
    executable(configured);
    executable(path.join(binA, 'ffmpeg'));
    executable(path.join(bundled, 'ffmpeg'));
    expect(resolveFfmpegBinary(configured, { env: { PATH: binA }, bundledDir: bundled, platform: 'linux' })).toBe(configured);
  });

  test('a relative configured path resolves against the working directory', () => {
    executable(path.join(root, 'custom', 'ffmpeg'));
    const relative = path.relative(process.cwd(), path.join(root, 'custom', 'ffmpeg'));
    expect(relative).toContain('/');
    expect(resolveFfmpegBinary(relative, { env: { PATH: '' }, platform: 'linux' })).toBe(path.join(root, 'custom', 'ffmpeg'));
  });

  test('a bare name is searched along PATH in order, skipping non-executables and folders', () => {
    executable(path.join(binA, 'ffmpeg'), 0o644);
    mkdirSync(path.join(binA, 'ffprobe'));
    executable(path.join(binB, 'ffmpeg'));
    expect(resolveFfmpegBinary('ffmpeg', { env: { PATH: `${binA}::${binB}` }, platform: 'linux' })).toBe(path.join(binB, 'ffmpeg'));
    expect(findOnPath('ffprobe', { env: { PATH: binA }, platform: 'linux' })).toBeUndefined();
  });

  test('an empty configuration means "ffmpeg"', () => {
    executable(path.join(binB, 'ffmpeg'));
    expect(resolveFfmpegBinary('', { env: { PATH: binB }, platform: 'linux' })).toBe(path.join(binB, 'ffmpeg'));
  });

  test('prefers the bundled copy over PATH for a bare name', () => {
    executable(path.join(bundled, 'ffmpeg'));
    executable(path.join(binA, 'ffmpeg'));
    expect(resolveFfmpegBinary('ffmpeg', { env: { PATH: binA }, bundledDir: bundled, platform: 'linux' })).toBe(path.join(bundled, 'ffmpeg'));
  });

  test('falls back to the bundled copy when neither the path nor PATH has it', () => {
    executable(path.join(bundled, 'ffmpeg'));
    expect(resolveFfmpegBinary('ffmpeg', { env: { PATH: binA }, bundledDir: bundled, platform: 'linux' })).toBe(
      path.join(bundled, 'ffmpeg'),
    );
    expect(resolveFfmpegBinary(path.join(root, 'missing', 'ffmpeg'), { env: { PATH: binA }, bundledDir: bundled, platform: 'linux' })).toBe(
      path.join(bundled, 'ffmpeg'),
    );
  });

  test('on Windows: Path spelled any way, ";" between folders, ffmpeg.exe for "ffmpeg" and the bundled ffmpeg.exe', () => {
    executable(path.join(binB, 'ffmpeg.exe'));
    expect(resolveFfmpegBinary('ffmpeg', { env: { Path: `${binA};${binB}` }, platform: 'win32' })).toBe(path.join(binB, 'ffmpeg.exe'));

    executable(path.join(bundled, 'ffmpeg.exe'));
    executable(path.join(bundled, 'ffmpeg'));
    expect(resolveFfmpegBinary('ffmpeg', { env: { Path: binA }, bundledDir: bundled, platform: 'win32' })).toBe(
      path.join(bundled, 'ffmpeg.exe'),
    );
  });

  test('nothing found: the error names the binary, PATH and the bundled location', () => {
    expect(() => resolveFfmpegBinary('ffmpeg', { env: { PATH: `${binA}:${binB}` }, bundledDir: bundled, platform: 'linux' })).toThrow(
      `ffmpeg binary 'ffmpeg' not found: searched bundled ${path.join(bundled, 'ffmpeg')}, PATH=${binA}:${binB}`,
    );
    expect(() => resolveFfmpegBinary('/opt/nowhere/ffmpeg', { env: { PATH: binA }, platform: 'linux' })).toThrow(
      "ffmpeg binary '/opt/nowhere/ffmpeg' not found: searched path /opt/nowhere/ffmpeg, bundled (no bundled folder)",
    );
    expect(() => resolveFfmpegBinary('ffmpeg', { env: {}, platform: 'linux' })).toThrow(/PATH=\(empty\)/);
  });

  test('the real Debian FFmpeg is found on the real PATH', () => {
    expect(resolveFfmpegBinary('ffmpeg', { env: { PATH: '/usr/local/bin:/usr/bin:/bin' } })).toMatch(/\/ffmpeg$/);
  });
});
