// Reads `ffmpeg -codecs` into audio, video and subtitle codecs with their encoders and decoders.
import { splitLines } from '../logline.js';
import type { SkillsCodec, SkillsCodecs } from './types.js';

// " DEV.LS h264   H.264 / AVC (decoders: h264 h264_v4l2m2m ) (encoders: libx264 )"
const RE_CODEC =
  /^\s*([D.])([E.])([VASDT]).{3} ([0-9A-Za-z_]+)\s+(.*?)(?:\(decoders:([^)]+)\))?\s?(?:\(encoders:([^)]+)\))?$/;

export function parseCodecs(text: string): SkillsCodecs {
  const codecs: SkillsCodecs = { audio: [], video: [], subtitle: [] };
  const lists: Record<string, SkillsCodec[]> = { V: codecs.video, A: codecs.audio, S: codecs.subtitle };

  for (const line of splitLines(text)) {
    const match = RE_CODEC.exec(line);
    if (!match) continue;
    const [, decode, encode, kind, id = '', name = '', decoders, encoders] = match;
    // Without an explicit list the codec's own name is its only coder.
    const coders = (flag: boolean, list: string | undefined) =>
      !flag ? [] : list ? list.trim().split(/\s+/) : [id];
    lists[kind!]?.push({
      id,
      name: name.trim(),
      encoders: coders(encode === 'E', encoders),
      decoders: coders(decode === 'D', decoders),
    });
  }
  return codecs;
}
