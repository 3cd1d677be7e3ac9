// Reliability (issue 10, "Crash safety" and "Faults in the media path"), the full lengths the test suite bounds:
//  - 1,000 crash/reconnect cycles: 4 processes whose FFmpeg fails at once, reconnect_delay_seconds 0; the
//    engine's RSS growth after a warm-up (goal <= 20 MB), descriptors against the baseline after the stop
//    (goal 0), children left (goal 0);
//  - 200 kill -9 cycles during API writes: db.json checked after every crash (goal 0 failures), started
//    processes running again within 2 s of the restart.
// The cycle logic is shared with test/reliability/{cycles,crash}.test.ts (test/helpers/*.mjs). Needs a built
// dist/ (bench/run.mjs builds it). BENCH_RECONNECT_CYCLES / BENCH_CRASH_CYCLES change the lengths.
import { rmSync } from 'node:fs';
import { CrashLoop } from '../test/helpers/crashCycle.mjs';
import { runReconnectCycles } from '../test/helpers/reconnectCycles.mjs';
import { round, tempDir } from './lib.mjs';

const RECONNECT_CYCLES = Number(process.env.BENCH_RECONNECT_CYCLES ?? 1000);
const CRASH_CYCLES = Number(process.env.BENCH_CRASH_CYCLES ?? 200);
const RUNNING_WITHIN_MS = 2000;

async function crashLoop(cycles) {
  const dir = tempDir('bench-crash-');
  const loop = new CrashLoop({ dir, runningWithinMs: RUNNING_WITHIN_MS });
  const times = [];
  const problems = { db: [], list: [], late: [] };
  const started = performance.now();
  try {
    await loop.open();
    for (let cycle = 0; cycle < cycles; cycle++) {
      const result = await loop.cycle(cycle);
      for (const kind of Object.keys(problems)) problems[kind].push(...result[kind]);
      if (result.runningMs !== null) times.push(result.runningMs);
      if ((cycle + 1) % 20 === 0) process.stderr.write(`  kill -9 cycle ${cycle + 1}/${cycles}\n`);
    }
  } finally {
    await loop.close();
    rmSync(dir, { recursive: true, force: true });
  }
  times.sort((a, b) => a - b);
  const at = (q) => (times.length === 0 ? null : round(times[Math.min(times.length - 1, Math.floor(q * times.length))], 0));
  return {
    cycles,
    seconds: round((performance.now() - started) / 1000, 1),
    acknowledged_writes: loop.acknowledged,
    db_failures: problems.db.length,
    list_failures: problems.list.length,
    late_restarts: problems.late.length,
    running_again_ms: { median: at(0.5), p95: at(0.95), max: at(1) },
    problems: [...problems.db, ...problems.list, ...problems.late].slice(0, 20),
  };
}

process.stderr.write(`reliability: ${RECONNECT_CYCLES} crash/reconnect cycles\n`);
const reconnect = await runReconnectCycles({ cycles: RECONNECT_CYCLES, processes: 4, warmup: 200, timeoutMs: 600_000 });
process.stderr.write(`reliability: ${CRASH_CYCLES} kill -9 cycles\n`);
const crash = await crashLoop(CRASH_CYCLES);

const rows = [
  ['crash/reconnect cycles (4 processes, delay 0)', `${reconnect.cycles} in ${round(reconnect.seconds, 1)} s`, `${RECONNECT_CYCLES}`, reconnect.cycles >= RECONNECT_CYCLES],
  ['engine RSS growth after warm-up (200 cycles)', `${round(reconnect.rssGrowthMB, 1)} MB (${round(reconnect.rssWarmMB, 1)} → ${round(reconnect.rssPeakMB, 1)} MB)`, '<= 20 MB', reconnect.rssGrowthMB <= 20],
  ['engine fds after stopping, vs baseline', `${reconnect.fdDelta >= 0 ? '+' : ''}${reconnect.fdDelta} (${reconnect.fdBaseline} → ${reconnect.fdAfter})`, '0', reconnect.fdDelta <= 0],
  ['child processes left after stopping', String(reconnect.leakedChildren), '0', reconnect.leakedChildren === 0],
  ['kill -9 cycles during API writes', `${crash.cycles} (${crash.acknowledged_writes} writes acknowledged, ${crash.seconds} s)`, `${CRASH_CYCLES}`, crash.acknowledged_writes > 0],
  ['db.json failures (unparseable, acknowledged write lost, deleted back)', String(crash.db_failures + crash.list_failures), '0', crash.db_failures + crash.list_failures === 0],
  ['started processes running again after restart, median / p95 / max', `${crash.running_again_ms.median} / ${crash.running_again_ms.p95} / ${crash.running_again_ms.max} ms`, `<= ${RUNNING_WITHIN_MS} ms`, crash.late_restarts === 0],
];

const table = [
  '| figure | result | goal | pass |',
  '| --- | --- | --- | --- |',
  ...rows.map(([figure, result, goal, pass]) => `| ${figure} | ${result} | ${goal} | ${pass ? 'yes' : '**no**'} |`),
].join('\n');
console.log(table);

const report = { benchmark: 'reliability: crash/reconnect cycles and kill -9 crash loop', reconnect, crash, pass: rows.every((row) => row[3]) };
console.log(JSON.stringify(report, null, 2));
process.exitCode = report.pass ? 0 : 1;
