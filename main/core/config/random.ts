// Generated secrets and names (Core's rand.String, rand.StringAlphanumeric and haikunator), from an injectable source.
import { randomInt, randomUUID } from 'node:crypto';
import type { RandomSource } from './types.js';

export const cryptoRandom: RandomSource = {
  int: (maxExclusive) => randomInt(maxExclusive),
  uuid: () => randomUUID(),
};

export const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
// Core's JWT secrets mix in punctuation (e.g. "L(*C[:uuHzL.]Fzpk$q=fa@PO=Z;j;56").
const SYMBOLS = '#+-=/*<>()[]{}?!.,:;$%&@';

export function randomString(random: RandomSource, length: number, charset = ALPHANUMERIC + SYMBOLS): string {
  let out = '';
  for (let i = 0; i < length; i++) out += charset[random.int(charset.length)];
  return out;
}

export function randomAlphanumeric(random: RandomSource, length: number): string {
  return randomString(random, length, ALPHANUMERIC);
}

const ADJECTIVES = [
  'autumn', 'hidden', 'bitter', 'misty', 'silent', 'empty', 'dry', 'dark', 'summer', 'icy', 'delicate', 'quiet',
  'white', 'cool', 'spring', 'winter', 'patient', 'twilight', 'dawn', 'crimson', 'wispy', 'weathered', 'blue',
  'billowing', 'broken', 'cold', 'damp', 'falling', 'frosty', 'green', 'long', 'late', 'lingering', 'bold', 'little',
  'morning', 'muddy', 'old', 'red', 'rough', 'still', 'small', 'sparkling', 'shy', 'wandering', 'withered', 'wild',
  'black', 'young', 'holy', 'solitary', 'fragrant', 'aged', 'snowy', 'proud', 'floral', 'restless', 'divine',
  'polished', 'ancient', 'purple', 'lively', 'nameless', 'super',
];
const NOUNS = [
  'waterfall', 'river', 'breeze', 'moon', 'rain', 'wind', 'sea', 'morning', 'snow', 'lake', 'sunset', 'pine',
  'shadow', 'leaf', 'dawn', 'glitter', 'forest', 'hill', 'cloud', 'meadow', 'sun', 'glade', 'bird', 'brook',
  'butterfly', 'bush', 'dew', 'dust', 'field', 'fire', 'flower', 'firefly', 'feather', 'grass', 'haze', 'mountain',
  'night', 'pond', 'darkness', 'snowflake', 'silence', 'sound', 'sky', 'shape', 'surf', 'thunder', 'violet',
  'water', 'wildflower', 'wave', 'resonance', 'wood', 'dream', 'cherry', 'tree', 'fog', 'frost', 'voice', 'paper',
  'frog', 'smoke', 'star',
];

/** A Heroku-style name like "cool-breeze-4646" (Core uses haikunator for the default instance name). */
export function haikunate(random: RandomSource): string {
  const adjective = ADJECTIVES[random.int(ADJECTIVES.length)];
  const noun = NOUNS[random.int(NOUNS.length)];
  const token = String(random.int(10000)).padStart(4, '0');
  return `${adjective}-${noun}-${token}`;
}
