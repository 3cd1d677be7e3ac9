// Reads `ffmpeg -f avfoundation -list_devices true -i ""` (macOS) into video and audio capture devices.
import { splitLines } from '../logline.js';
import type { SkillsHWDevice } from './types.js';

// "[AVFoundation input device @ 0x7fc2db40f240] [0] FaceTime HD Camera (Built-in)"
const RE_DEVICE = /^\s*\[.*?\] \[(\d+)\] (.*?)$/;

export function parseAvfoundationDevices(text: string): SkillsHWDevice[] {
  const devices: SkillsHWDevice[] = [];
  let media = '';
  for (const line of splitLines(text)) {
    if (line.includes('AVFoundation video devices')) media = 'video';
    else if (line.includes('AVFoundation audio devices')) media = 'audio';
    else if (media) {
      const match = RE_DEVICE.exec(line);
      if (match) devices.push({ id: match[1]!, name: match[2]!, extra: '', media });
    }
  }
  return devices;
}
