// Reads `ffmpeg -hwaccels` into the hardware acceleration methods.
import { splitLines } from '../logline.js';
import type { SkillsEntry } from './types.js';

export function parseHWAccels(text: string): SkillsEntry[] {
  const lines = splitLines(text).map((line) => line.trim());
  const start = lines.indexOf('Hardware acceleration methods:');
  if (start < 0) return [];
  return lines
    .slice(start + 1)
    .filter((line) => /^[A-Za-z0-9_]+$/.test(line))
    .map((id) => ({ id, name: id }));
}
