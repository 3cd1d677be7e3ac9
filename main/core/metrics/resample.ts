// Core's resampling of the history onto a query's grid (monitor.historyMonitor.resample), as a pure function.

export interface ResampledPoint {
  /** The grid time in ms. */
  ts: number;
  /** Index into the sample times: the newest sample at or before ts. */
  sample: number;
}

/**
 * `floor(timerange / interval)` grid points from `now - timerange - collectInterval` on, each holding the newest
 * sample at or before it; points before the first sample are left out, points after the last repeat it.
 * `sampleTimes` must be ascending (ms).
 */
export function resample(
  sampleTimes: readonly number[],
  now: number,
  timerangeMs: number,
  intervalMs: number,
  collectIntervalMs: number,
): ResampledPoint[] {
  const count = sampleTimes.length;
  if (count === 0 || !(timerangeMs > 0) || !(intervalMs > 0)) return [];
  const from = now - timerangeMs - collectIntervalMs;
  const steps = Math.floor(timerangeMs / intervalMs);
  const start = sampleTimes[0]!;
  const end = sampleTimes[count - 1]!;
  const points: ResampledPoint[] = [];
  let j = 0;
  // Skip straight to the first point with data, so a huge timerange costs nothing.
  for (let i = Math.max(0, Math.ceil((start - from) / intervalMs)); i < steps; i++) {
    const ts = from + i * intervalMs;
    if (ts < start) continue;
    if (ts >= end) {
      points.push({ ts, sample: count - 1 });
      continue;
    }
    while (j < count - 1 && sampleTimes[j + 1]! <= ts) j++;
    points.push({ ts, sample: j });
  }
  return points;
}
