#!/usr/bin/env node
// Draws the app icon (the shapes of icon.svg: rounded square, ring, play triangle) into PNGs of every size the
// installers need, plus a macOS tray template. Pure Node (no rasterizer is installed here); run once, outputs committed:
//   node resources/icons/generate.mjs
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateSync } from 'node:zlib';

const here = path.dirname(fileURLToPath(import.meta.url));

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
const crc32 = (buf) => {
  let c = 0xffffffff;
  for (const byte of buf) c = crcTable[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
};
function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}
function png(size, rgba) {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header[8] = 8; // bit depth
  header[9] = 6; // RGBA
  const raw = Buffer.alloc((size * 4 + 1) * size);
  for (let y = 0; y < size; y++) rgba.copy(raw, y * (size * 4 + 1) + 1, y * size * 4, (y + 1) * size * 4);
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', header), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}

// Shapes in the SVG's 1024 coordinate space; returns [r,g,b,a] (0..1) at a point.
function insideRoundRect(x, y) {
  const [x0, y0, x1, y1, r] = [64, 64, 960, 960, 200];
  if (x < x0 || x > x1 || y < y0 || y > y1) return false;
  const cx = Math.min(Math.max(x, x0 + r), x1 - r);
  const cy = Math.min(Math.max(y, y0 + r), y1 - r);
  return (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
}
function insideTriangle(x, y) {
  // (420,340) (420,684) (700,512)
  if (x < 420) return false;
  const t = (x - 420) / 280;
  return y >= 340 + 172 * t && y <= 684 - 172 * t;
}
function insideRing(x, y) {
  const d = Math.hypot(x - 512, y - 512);
  return d >= 276 && d <= 324;
}
function color(x, y, template) {
  if (template) return insideTriangle(x, y) || insideRing(x, y) ? [0, 0, 0, 1] : [0, 0, 0, 0];
  if (!insideRoundRect(x, y)) return [0, 0, 0, 0];
  if (insideTriangle(x, y)) return [1, 1, 1, 1];
  const base = [0x1f / 255, 0x6f / 255, 0xeb / 255];
  if (insideRing(x, y)) return [...base.map((c) => c * 0.65 + 0.35), 1];
  return [...base, 1];
}
function render(size, template = false) {
  const samples = 4;
  const out = Buffer.alloc(size * size * 4);
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let [r, g, b, a] = [0, 0, 0, 0];
      for (let sy = 0; sy < samples; sy++) {
        for (let sx = 0; sx < samples; sx++) {
          const [cr, cg, cb, ca] = color(((px + (sx + 0.5) / samples) / size) * 1024, ((py + (sy + 0.5) / samples) / size) * 1024, template);
          r += cr * ca;
          g += cg * ca;
          b += cb * ca;
          a += ca;
        }
      }
      const i = (py * size + px) * 4;
      out[i] = a ? Math.round((r / a) * 255) : 0;
      out[i + 1] = a ? Math.round((g / a) * 255) : 0;
      out[i + 2] = a ? Math.round((b / a) * 255) : 0;
      out[i + 3] = Math.round((a / (samples * samples)) * 255);
    }
  }
  return png(size, out);
}

for (const size of [16, 24, 32, 48, 64, 128, 256, 512, 1024]) writeFileSync(path.join(here, `${size}x${size}.png`), render(size));
writeFileSync(path.join(here, 'icon.png'), render(1024));
writeFileSync(path.join(here, 'trayTemplate.png'), render(16, true));
writeFileSync(path.join(here, 'trayTemplate@2x.png'), render(32, true));
console.log('icons written to', here);
