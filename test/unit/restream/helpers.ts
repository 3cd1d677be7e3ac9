// Fixture locations and small builders shared by the restream tests.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { StoredProcessConfig } from '../../../main/core/restream/types.js';

export const FIXTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../shared/fixtures/core');

export const readFixture = <T = any>(...parts: string[]): T =>
  JSON.parse(readFileSync(path.join(FIXTURES, ...parts), 'utf8')) as T;

/** A stored config with Go's zero values for everything not given. */
export function storedConfig(partial: Partial<StoredProcessConfig> & { id: string }): StoredProcessConfig {
  return {
    reference: '',
    ffversion: '',
    input: [],
    output: [],
    options: [],
    reconnect: false,
    reconnect_delay_seconds: 0,
    autostart: false,
    stale_timeout_seconds: 0,
    limit_cpu_usage: 0,
    limit_memory_bytes: 0,
    limit_waitfor_seconds: 0,
    ...partial,
  };
}

/** Deterministic ids for generated process/io ids. */
export function counterIds(prefix = 'gen'): () => string {
  let n = 0;
  return () => `${prefix}${++n}`;
}
