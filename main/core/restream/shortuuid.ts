// Core's generated ids (lithammer/shortuuid): a random UUIDv4 as 22 base57 digits, least significant first.
import { randomUUID } from 'node:crypto';

const ALPHABET = '23456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';
const LENGTH = 22; // ceil(log57(2^128)): every UUID fits, shorter numbers are padded with the zero digit

/** Encodes a UUID exactly as shortuuid.DefaultEncoder does, so ids look like Core's (and pass its 22-char checks). */
export function encodeShortUuid(uuid: string): string {
  let n = BigInt('0x' + uuid.replaceAll('-', ''));
  let out = '';
  const base = BigInt(ALPHABET.length);
  while (n > 0n) {
    out += ALPHABET[Number(n % base)];
    n /= base;
  }
  return out.padEnd(LENGTH, ALPHABET[0]);
}

export function shortUuid(uuid: () => string = randomUUID): string {
  return encodeShortUuid(uuid());
}

export const SHORTUUID_PATTERN = /^[2-9A-HJ-NP-Za-km-z]{22}$/;
