// Reads the "DE id  description" listings shared by `ffmpeg -formats` and `ffmpeg -devices`.
import { splitLines } from '../logline.js';

export interface FlaggedEntry {
  demuxer: boolean;
  muxer: boolean;
  /** first of the comma-separated names ("mov,mp4,m4a" → "mov") */
  id: string;
  name: string;
}

// FFmpeg 7 adds a third flag column ("d" = device) to -formats.
const RE_ENTRY = /^\s*([D ])([E ])[d ]?\s+([0-9A-Za-z_,]+)\s+(.*?)$/;

export function parseFlagged(text: string): FlaggedEntry[] {
  const entries: FlaggedEntry[] = [];
  for (const line of splitLines(text)) {
    const match = RE_ENTRY.exec(line);
    if (!match) continue;
    entries.push({
      demuxer: match[1] === 'D',
      muxer: match[2] === 'E',
      id: match[3]!.split(',')[0]!,
      name: match[4]!,
    });
  }
  return entries;
}
