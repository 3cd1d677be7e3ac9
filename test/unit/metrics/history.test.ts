// MetricsHistory (the per-series ring) and Core's resampling onto a query grid.
import { describe, expect, it } from 'vitest';
import { MetricsHistory, seriesKey } from '../../../main/core/metrics/MetricsHistory.js';
import { resample } from '../../../main/core/metrics/resample.js';

const v = (name: string, value: number, labels: Record<string, string> = {}) => ({ name, labels, value });
const valuesOf = (history: MetricsHistory, name: string) =>
  [...history.series(name)].map((s) => ({ labels: s.labels, values: history.samples().map(({ slot }) => s.values[slot]) }));

describe('MetricsHistory', () => {
  it('keeps the last `capacity` samples, oldest first', () => {
    const history = new MetricsHistory(3);
    for (let i = 0; i < 5; i++) history.push(i * 1000, [v('uptime_uptime', i)]);
    expect(history.length).toBe(3);
    expect(history.samples().map((s) => s.ts)).toEqual([2000, 3000, 4000]);
    expect(valuesOf(history, 'uptime_uptime')).toEqual([{ labels: {}, values: [2, 3, 4] }]);
    expect(history.samples(3000).map((s) => s.ts)).toEqual([3000, 4000]);
  });

  it('marks samples where a label set was missing, and forgets it once the ring wrapped past its last value', () => {
    const history = new MetricsHistory(3);
    history.push(0, [v('net_rx', 1, { interface: 'a' }), v('net_rx', 10, { interface: 'b' })]);
    history.push(1000, [v('net_rx', 2, { interface: 'a' })]);
    expect(valuesOf(history, 'net_rx')).toEqual([
      { labels: { interface: 'a' }, values: [1, 2] },
      { labels: { interface: 'b' }, values: [10, NaN] },
    ]);
    history.push(2000, [v('net_rx', 3, { interface: 'a' })]);
    history.push(3000, [v('net_rx', 4, { interface: 'a' })]);
    expect(valuesOf(history, 'net_rx')).toEqual([{ labels: { interface: 'a' }, values: [2, 3, 4] }]);
    expect(history.seriesCount()).toBe(1);
  });

  it('stores non-finite numbers as 0 and keys label sets independently of their order', () => {
    const history = new MetricsHistory(2);
    history.push(0, [v('cpu_idle', NaN)]);
    expect(valuesOf(history, 'cpu_idle')[0]!.values).toEqual([0]);
    expect(seriesKey('x', { a: '1', b: '2' })).toBe(seriesKey('x', { b: '2', a: '1' }));
    expect(() => new MetricsHistory(0)).toThrow(RangeError);
  });
});

describe('resample (Core)', () => {
  // Samples every 2 s at 0, 2, ..., 10 s; now = 11 s.
  const times = [0, 2000, 4000, 6000, 8000, 10000];

  it('puts floor(timerange/interval) points from now - timerange - collectInterval on, each holding the newest sample', () => {
    // from = 11 - 6 - 2 = 3 s: points at 3, 5, 7 s.
    expect(resample(times, 11000, 6000, 2000, 2000)).toEqual([
      { ts: 3000, sample: 1 },
      { ts: 5000, sample: 2 },
      { ts: 7000, sample: 3 },
    ]);
  });

  it('repeats samples on a finer grid and skips them on a coarser one', () => {
    expect(resample(times, 11000, 4000, 1000, 2000).map((p) => [p.ts, p.sample])).toEqual([
      [5000, 2],
      [6000, 3],
      [7000, 3],
      [8000, 4],
    ]);
    expect(resample(times, 11000, 8000, 4000, 2000).map((p) => [p.ts, p.sample])).toEqual([
      [1000, 0],
      [5000, 2],
    ]);
  });

  it('leaves out points before the first sample and repeats the last one after it', () => {
    expect(resample([8000, 10000], 11000, 6000, 2000, 2000).map((p) => [p.ts, p.sample])).toEqual([]);
    expect(resample([4000, 6000], 11000, 6000, 2000, 2000).map((p) => [p.ts, p.sample])).toEqual([
      [5000, 0],
      [7000, 1],
    ]);
    expect(resample([0], 11000, 6000, 2000, 2000).map((p) => p.sample)).toEqual([0, 0, 0]);
  });

  it('answers nothing without samples or with a zero grid, and stays cheap for a huge timerange', () => {
    expect(resample([], 11000, 6000, 2000, 2000)).toEqual([]);
    expect(resample(times, 11000, 0, 2000, 2000)).toEqual([]);
    expect(resample(times, 11000, 6000, 0, 2000)).toEqual([]);
    const huge = resample(times, 11000, 1e15, 1000, 2000);
    expect(huge.length).toBeLessThan(20);
  });
});
