// Deterministic clock/random and temp dirs for the config tests.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Clock, RandomSource } from '../../../main/core/config/index.js';

export const FIXTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../shared/fixtures/core/config');

/** A seeded linear congruential generator: the same seed gives the same ids and secrets. */
export function seededRandom(seed = 42): RandomSource {
  let state = seed >>> 0;
  const next = () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
  let uuids = 0;
  return {
    int: (max) => Math.floor(next() * max),
    uuid: () => `00000000-0000-4000-8000-${String(++uuids).padStart(12, '0')}`,
  };
}

/** A clock that starts at `start` and advances one second per reading. */
export function steppingClock(start = '2024-01-01T00:00:00.000Z'): Clock {
  let t = Date.parse(start);
  return () => {
    const now = new Date(t);
    t += 1000;
    return now;
  };
}

export function fixedClock(iso: string): Clock {
  return () => new Date(iso);
}

export function tempDir(): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'config-test-'));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Runs `fn` and returns what it threw; fails the test if it did not throw. */
export function thrown(fn: () => unknown): Error {
  try {
    fn();
  } catch (err) {
    return err as Error;
  }
  throw new Error('expected the call to throw');
}

/** A clock that stays put until moved with `set`. */
export function manualClock(start: string): Clock & { set(iso: string): void } {
  let now = start;
  const clock = (() => new Date(now)) as Clock & { set(iso: string): void };
  clock.set = (iso) => {
    now = iso;
  };
  return clock;
}
