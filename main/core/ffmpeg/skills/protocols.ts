// Reads `ffmpeg -protocols` into input and output protocols.
import { splitLines } from '../logline.js';
import type { SkillsProtocols } from './types.js';

export function parseProtocols(text: string): SkillsProtocols {
  const protocols: SkillsProtocols = { input: [], output: [] };
  let list: SkillsProtocols['input'] | null = null;
  for (const line of splitLines(text)) {
    const id = line.trim();
    if (id === 'Input:') list = protocols.input;
    else if (id === 'Output:') list = protocols.output;
    else if (list && id) list.push({ id, name: id });
  }
  return protocols;
}
