// Crash safety: API writes in flight (create, update, delete, command, metadata), then `kill -9` of the engine at
// a random moment, then a restart — 20 times (RELIABILITY_CYCLES overrides; bench/reliability.mjs runs 200).
// The cycle lives in test/helpers/crashCycle.mjs: after each restart db.json parses, every acknowledged write is
// there, no deleted process came back, none is duplicated, and processes with order start run again.
import { rmSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { CrashLoop } from '../helpers/crashCycle.mjs';
import { makeTempDir } from '../helpers/engine.js';

const CYCLES = Number(process.env.RELIABILITY_CYCLES ?? 20);

describe('kill -9 while writing', () => {
  const dir = makeTempDir('core-crash-');
  // The issue asks for 2 s; parallel test files share two cores, so the suite allows 10 s (the bench holds 2 s).
  const loop = new CrashLoop({ dir, runningWithinMs: Number(process.env.RELIABILITY_RUNNING_MS ?? 10_000) });
  afterAll(async () => {
    await loop.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it(`keeps every acknowledged write through ${CYCLES} crashes`, async () => {
    await loop.open();
    for (let cycle = 0; cycle < CYCLES; cycle++) {
      const { problems } = await loop.cycle(cycle);
      expect(problems, `cycle ${cycle}`).toEqual([]);
    }
    // The crashes landed while writes were acknowledged, not only before or after all of them.
    expect(loop.acknowledged).toBeGreaterThan(0);
  }, 300_000);
});
