// Reads /proc/asound/cards and /proc/asound/devices into ALSA capture devices ("hw:card,device").
import { splitLines } from '../logline.js';
import type { SkillsHWDevice } from './types.js';

export interface ALSACard {
  id: string;
  name: string;
}

// " 1 [C170           ]: USB-Audio - Webcam C170"
const RE_CARD = /^\s*(\d+) \[([^\]]+)\]: (.*)$/;
// " 56: [ 1- 0]: digital audio capture"
const RE_DEVICE = /^\s*\d+: \[\s?(\d+)-\s?(\d+)\]: (.*)$/;

export function parseALSACards(text: string): ALSACard[] {
  const cards: ALSACard[] = [];
  for (const line of splitLines(text)) {
    const match = RE_CARD.exec(line);
    if (match) cards.push({ id: match[1]!, name: match[3]! });
  }
  return cards;
}

/** Only capture devices are inputs FFmpeg can read from. */
export function parseALSADevices(text: string, cards: readonly ALSACard[]): SkillsHWDevice[] {
  const devices: SkillsHWDevice[] = [];
  for (const line of splitLines(text)) {
    const match = RE_DEVICE.exec(line);
    if (!match || match[3] !== 'digital audio capture') continue;
    const card = cards.find((candidate) => candidate.id === match[1]);
    if (card) devices.push({ id: `hw:${match[1]},${match[2]}`, name: card.name, extra: '', media: 'audio' });
  }
  return devices;
}
