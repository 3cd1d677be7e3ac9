// Assembles api.Skills from the captured outputs of FFmpeg and the device tools (gathering them happens elsewhere).
import { parseALSACards, parseALSADevices } from './alsa.js';
import { parseAvfoundationDevices } from './avfoundation.js';
import { parseCodecs } from './codecs.js';
import { parseDevices } from './devices.js';
import { parseFilters } from './filters.js';
import { parseFormats } from './formats.js';
import { framebufferDevice } from './framebuffer.js';
import { parseHWAccels } from './hwaccels.js';
import { parseProtocols } from './protocols.js';
import { parseV4LDevices } from './v4l2.js';
import { parseVersion } from './version.js';
import type { Skills } from './types.js';

/** Raw texts; a missing one means the tool was not available and yields empty lists. */
export interface SkillsTexts {
  /** `ffmpeg -version` */
  version: string;
  /** `ffmpeg -filters` */
  filters?: string;
  /** `ffmpeg -hwaccels` */
  hwaccels?: string;
  /** `ffmpeg -codecs` */
  codecs?: string;
  /** `ffmpeg -formats` */
  formats?: string;
  /** `ffmpeg -devices` */
  devices?: string;
  /** `ffmpeg -protocols` */
  protocols?: string;
  /** stderr of `ffmpeg -f avfoundation -list_devices true -i ""` */
  avfoundation?: string;
  /** /proc/asound/cards and /proc/asound/devices */
  alsa?: { cards: string; devices: string };
  /** `v4l2-ctl --list-devices` */
  v4l2?: string;
  /** `fbset -s -fb <path>` output per framebuffer device path */
  framebuffers?: ReadonlyArray<{ path: string; fbset: string }>;
}

export function parseSkills(texts: SkillsTexts): Skills {
  const hardware = {
    avfoundation: parseAvfoundationDevices(texts.avfoundation ?? ''),
    alsa: texts.alsa ? parseALSADevices(texts.alsa.devices, parseALSACards(texts.alsa.cards)) : [],
    video4linux2: parseV4LDevices(texts.v4l2 ?? ''),
    fbdev: (texts.framebuffers ?? []).map(({ path, fbset }) => framebufferDevice(path, fbset)),
  };
  return {
    ffmpeg: parseVersion(texts.version),
    filter: parseFilters(texts.filters ?? ''),
    hwaccels: parseHWAccels(texts.hwaccels ?? ''),
    codecs: parseCodecs(texts.codecs ?? ''),
    devices: parseDevices(texts.devices ?? '', hardware),
    formats: parseFormats(texts.formats ?? ''),
    protocols: parseProtocols(texts.protocols ?? ''),
  };
}
