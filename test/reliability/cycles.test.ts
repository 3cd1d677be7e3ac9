// Crash/reconnect cycles (bounded; bench/reliability.mjs runs the 1,000): four processes whose FFmpeg
// fails at once, reconnect_delay_seconds 0 (Core's "restart at once"), until the engine started FFmpeg 300
// times. The engine runs as its own OS process (dist/main/cli.js), so its /proc figures are its own: RSS after
// the warm-up grows by at most 20 MB, its descriptors return to the baseline and no child is left once the
// processes are stopped.
import { describe, expect, it } from 'vitest';
import { runReconnectCycles } from '../helpers/reconnectCycles.mjs';

const CYCLES = Number(process.env.RELIABILITY_RECONNECT_CYCLES ?? 300);

describe.skipIf(process.platform !== 'linux')('crash/reconnect cycles (needs Linux /proc)', () => {
  it(`${CYCLES} cycles leak no memory, descriptors or children`, async () => {
    const result = await runReconnectCycles({ cycles: CYCLES, processes: 4, timeoutMs: 50_000 });
    console.info(
      `reconnect cycles: ${result.cycles} in ${result.seconds.toFixed(1)} s, RSS ${result.rssWarmMB.toFixed(1)} → peak ${result.rssPeakMB.toFixed(1)} MB ` +
        `(+${result.rssGrowthMB.toFixed(1)} MB), fds ${result.fdBaseline} → ${result.fdAfter}, children left ${result.leakedChildren}`,
    );
    expect(result.cycles).toBeGreaterThanOrEqual(CYCLES);
    expect(result.rssGrowthMB).toBeLessThanOrEqual(20);
    expect(result.fdLeaked, 'descriptors above the baseline').toEqual([]);
    expect(result.fdDelta).toBeLessThanOrEqual(0);
    expect(result.leakedChildren).toBe(0);
    // Stopped between two runs: the last run's end state stays, and nothing runs any more.
    for (const state of result.states) expect(['failed', 'finished', 'killed']).toContain(state);
  }, 60_000);
});
