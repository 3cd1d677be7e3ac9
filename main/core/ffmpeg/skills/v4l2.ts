// Reads `v4l2-ctl --list-devices` into video capture devices (/dev/videoN with the card name and bus).
import { splitLines } from '../logline.js';
import type { SkillsHWDevice } from './types.js';

// "Webcam C170: Webcam C170 (usb-3f980000.usb-1.3):" followed by indented device nodes
const RE_NAME = /^(.*)\((.*?)\):$/;
const RE_NODE = /\/dev\/video\d+/;

export function parseV4LDevices(text: string): SkillsHWDevice[] {
  const devices: SkillsHWDevice[] = [];
  let name = '';
  let extra = '';
  for (const line of splitLines(text)) {
    const node = RE_NODE.exec(line);
    if (!node) {
      const card = RE_NAME.exec(line);
      if (card) {
        name = card[1]!.trim();
        extra = card[2]!;
      }
      continue;
    }
    if (name) devices.push({ id: node[0], name, extra, media: 'video' });
  }
  return devices;
}
