// Reads `ffmpeg -devices` into device demuxers/muxers, each with the hardware found for it (gathered elsewhere).
import { parseFlagged } from './flagged.js';
import type { SkillsDevices, SkillsHWDevice } from './types.js';

/** Hardware per device id ("avfoundation", "alsa", "video4linux2", "fbdev"), from the parsers beside this one. */
export type HardwareByDevice = Partial<Record<string, SkillsHWDevice[]>>;

export function parseDevices(text: string, hardware: HardwareByDevice = {}): SkillsDevices {
  const devices: SkillsDevices = { demuxers: [], muxers: [] };
  for (const { demuxer, muxer, id, name } of parseFlagged(text)) {
    const entry = () => ({ id, name, devices: [...(hardware[id] ?? [])] });
    if (demuxer) devices.demuxers.push(entry());
    if (muxer) devices.muxers.push(entry());
  }
  return devices;
}
