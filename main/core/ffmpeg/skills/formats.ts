// Reads `ffmpeg -formats` into demuxers and muxers.
import { parseFlagged } from './flagged.js';
import type { SkillsFormats } from './types.js';

export function parseFormats(text: string): SkillsFormats {
  const formats: SkillsFormats = { demuxers: [], muxers: [] };
  for (const { demuxer, muxer, id, name } of parseFlagged(text)) {
    if (demuxer) formats.demuxers.push({ id, name });
    if (muxer) formats.muxers.push({ id, name });
  }
  return formats;
}
