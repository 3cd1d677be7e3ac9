// Constant-time credential comparison, so response timing reveals nothing about the stored password.
import { createHash, timingSafeEqual } from 'node:crypto';

function digest(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}

export function credentialsMatch(given: { username: string; password: string }, expected: { username: string; password: string }): boolean {
  const userOk = timingSafeEqual(digest(given.username), digest(expected.username));
  const passOk = timingSafeEqual(digest(given.password), digest(expected.password));
  return userOk && passOk && expected.username !== '';
}

export function isLoopback(address: string | undefined): boolean {
  if (!address) return false;
  if (address === '::1') return true;
  const v4 = address.startsWith('::ffff:') ? address.slice(7) : address;
  return v4.startsWith('127.');
}
