// Reads `ffmpeg -filters` into filter ids and descriptions.
import { splitLines } from '../logline.js';
import type { SkillsEntry } from './types.js';

// " T.. alphamerge        VV->V      Copy the luma value …" (flags, name, pads, description)
const RE_FILTER = /^\s*[TSC.]{3} ([0-9A-Za-z_]+)\s+(?:.*?)\s+(.*)?$/;

export function parseFilters(text: string): SkillsEntry[] {
  const filters: SkillsEntry[] = [];
  for (const line of splitLines(text)) {
    const match = RE_FILTER.exec(line);
    if (match) filters.push({ id: match[1]!, name: match[2] ?? '' });
  }
  return filters;
}
