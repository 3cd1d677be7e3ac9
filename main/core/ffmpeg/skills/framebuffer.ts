// Reads `fbset -s -fb /dev/fbN` into the framebuffer's geometry and FFmpeg pixel format ("1280x720 bgra").
import { splitLines } from '../logline.js';
import type { SkillsHWDevice } from './types.js';

// bits per pixel and the red/green/blue bit offsets that identify each pixel format fbdev can grab
const FORMATS: ReadonlyArray<readonly [bpp: number, red: number, green: number, blue: number, format: string]> = [
  [32, 0, 8, 16, 'rgba'],
  [32, 16, 8, 0, 'bgra'],
  [32, 8, 16, 24, 'argb'],
  [32, 3, 2, 8, 'abgr'],
  [24, 0, 8, 16, 'rgb24'],
  [24, 16, 8, 0, 'bgr24'],
  [16, 11, 5, 0, 'rgb565le'],
  [16, 0, 5, 11, 'rgb565be'],
];

const RE_GEOMETRY = /geometry (\d+) (\d+) (\d+) (\d+) (\d+)/;
const RE_RGBA = /rgba (\d+\/\d+),(\d+\/\d+),(\d+\/\d+),(\d+\/\d+)/;

/** "" when the geometry is missing or the pixel layout is not one FFmpeg knows. */
export function parseFramebufferDevice(text: string): string {
  let geometry = '';
  let bpp = 0;
  let offsets: number[] = [0, 0, 0];
  for (const line of splitLines(text)) {
    const size = RE_GEOMETRY.exec(line);
    if (size) {
      const [, width, height, virtualWidth, virtualHeight, depth] = size;
      geometry = `${width}x${height}`;
      if (width !== virtualWidth || height !== virtualHeight) geometry += ` (${virtualWidth}x${virtualHeight})`;
      bpp = Number(depth);
    }
    const rgba = RE_RGBA.exec(line);
    if (rgba) offsets = [rgba[1]!, rgba[2]!, rgba[3]!].map(channelOffset);
  }
  if (!geometry || bpp === 0) return '';
  const format = FORMATS.find(([b, r, g, bl]) => b === bpp && r === offsets[0] && g === offsets[1] && bl === offsets[2]);
  return format ? `${geometry} ${format[4]}` : '';
}

/** "8/16" (bits/offset) → 16; a channel without bits has no offset. */
function channelOffset(field: string): number {
  const [bits, offset] = field.split('/').map(Number);
  return bits ? (offset ?? 0) : 0;
}

export function framebufferDevice(path: string, fbsetOutput: string): SkillsHWDevice {
  return { id: path, name: path, extra: parseFramebufferDevice(fbsetOutput), media: 'video' };
}
