// Guards that every Core golden capture in ../shared has a conformance test in this folder.
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from 'vitest';
import { goldenNames } from './fixtureFiles.js';

test('every ffmpeg-stderr golden capture is named by a test file', () => {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const sources = readdirSync(here)
    .filter((file) => file.endsWith('.test.ts'))
    .map((file) => readFileSync(path.join(here, file), 'utf8'))
    .join('\n');
  const names = goldenNames();
  expect(names.length).toBe(27);
  expect(names.filter((name) => !sources.includes(`'${name}'`))).toEqual([]);
});
