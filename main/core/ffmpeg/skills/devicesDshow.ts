// Reads `ffmpeg -f dshow -list_devices true -i dummy` (Windows) into video and audio capture devices.
import { splitLines } from '../logline.js';
import type { SkillsHWDevice } from './types.js';

// Windows prints pointers without "0x": "[dshow @ 000001f2a1b2c3d0] ".
const RE_PREFIX = /^\[[^\]]+ @ (?:0x)?[0-9A-Fa-f]+\]\s?/;
// FFmpeg ≥ 5.0: `"Integrated Camera" (video)`, `"HD Webcam" (video, audio)`, `"Virtual" (none)`
const RE_DEVICE_TYPED = /^\s*"(.*)" \(([a-z, ]+)\)\s*$/;
// FFmpeg ≤ 4.4: ` "Integrated Camera"` below a "DirectShow video devices" heading
const RE_DEVICE_LEGACY = /^\s*"(.*)"\s*$/;
const RE_ALTERNATIVE = /^\s*Alternative name "(.*)"\s*$/;

/**
 * The friendly name is what `-f dshow -i video="…"` takes, so it is the id; the alternative (moniker) name,
 * which also works as a device name and tells identical cameras apart, is the extra.
 * A device offering both media appears once per media.
 */
export function parseDshowDevices(text: string): SkillsHWDevice[] {
  const devices: SkillsHWDevice[] = [];
  let section = '';
  let last: SkillsHWDevice[] = [];
  for (const raw of splitLines(text)) {
    const line = raw.replace(RE_PREFIX, '');
    if (line.includes('DirectShow video devices')) {
      section = 'video';
      continue;
    }
    if (line.includes('DirectShow audio devices')) {
      section = 'audio';
      continue;
    }

    const alternative = RE_ALTERNATIVE.exec(line);
    if (alternative) {
      for (const device of last) device.extra = alternative[1]!;
      last = [];
      continue;
    }

    const typed = RE_DEVICE_TYPED.exec(line);
    const legacy = typed ? null : RE_DEVICE_LEGACY.exec(line);
    const name = typed?.[1] ?? legacy?.[1];
    if (name === undefined) continue;
    const media = typed ? typed[2]!.split(',').map((type) => type.trim()) : section ? [section] : [];
    last = media
      .filter((type) => type === 'video' || type === 'audio')
      .map((type) => ({ id: name, name, extra: '', media: type }));
    devices.push(...last);
  }
  return devices;
}
