// Shared pieces of the session tests: a hand-driven clock and collector/registry settings.
import { encodeShortUuid } from '../../../main/core/restream/shortuuid.js';
import type { CollectorSettings } from '../../../main/core/session/SessionCollector.js';
import type { SessionSettings } from '../../../main/core/session/SessionRegistry.js';

export interface FakeClock {
  now: () => number;
  advance(ms: number): void;
}

export function fakeClock(start = 1_700_000_000_000): FakeClock {
  let time = start;
  return {
    now: () => time,
    advance: (ms) => {
      time += ms;
    },
  };
}

export function collectorSettings(overrides: Partial<CollectorSettings> = {}): CollectorSettings {
  return { ipIgnoreList: [], maxSessions: 0, maxTxBitrateMbit: 0, idleTimeoutSec: 30, ...overrides };
}

export function sessionSettings(overrides: Partial<SessionSettings> = {}): SessionSettings {
  return {
    enable: true,
    ip_ignorelist: [],
    session_timeout_sec: 30,
    persist: false,
    persist_interval_sec: 300,
    max_bitrate_mbit: 0,
    max_sessions: 0,
    ...overrides,
  };
}

/** Deterministic, valid 22-char shortuuids (the encodings of UUIDs 1, 2, 3, …). */
export function sequentialIds(): () => string {
  let n = 0;
  return () => encodeShortUuid((++n).toString(16).padStart(32, '0'));
}
