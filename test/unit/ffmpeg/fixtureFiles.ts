// Locates and reads the Core golden captures (../shared) and this repo's real FFmpeg captures for the ffmpeg tests.
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
export const goldenDir = path.resolve(here, '../../../../shared/fixtures/core/ffmpeg-stderr');
export const capturesDir = path.resolve(here, '../../fixtures/ffmpeg');

export function goldenNames(): string[] {
  return readdirSync(goldenDir)
    .filter((file) => file.endsWith('.txt'))
    .map((file) => file.slice(0, -'.txt'.length))
    .sort();
}

export function goldenText(name: string): string {
  return readFileSync(path.join(goldenDir, `${name}.txt`), 'utf8');
}

/** The fixture README: the capture is split on "\n" and given to the parser one line at a time. */
export function goldenLines(name: string): string[] {
  return goldenText(name).split('\n');
}

export function goldenExpected<T = any>(name: string): T {
  return JSON.parse(readFileSync(path.join(goldenDir, `${name}.expected.json`), 'utf8')) as T;
}

export function captureText(file: string): string {
  return readFileSync(path.join(capturesDir, file), 'utf8');
}
