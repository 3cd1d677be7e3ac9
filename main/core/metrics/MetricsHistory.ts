// The last N samples of every series (metric + label set): one ring of timestamps, one ring of values per series.
import type { MetricValue } from './apiShapes.js';

export interface HistorySeries {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  /** Indexed by slot; NaN where the series had no value in that sample. */
  readonly values: Float64Array;
}

interface StoredSeries extends HistorySeries {
  /** The sample number this series last had a value in; once the ring wrapped past it, the series is gone. */
  lastSeen: number;
}

export interface HistorySample {
  slot: number;
  /** ms since epoch. */
  ts: number;
}

/** A stable key for a label set, independent of the order the labels were given in. */
export function seriesKey(name: string, labels: Readonly<Record<string, string>>): string {
  const keys = Object.keys(labels).sort();
  return JSON.stringify([name, ...keys.map((key) => [key, labels[key]])]);
}

export class MetricsHistory {
  readonly capacity: number;
  private readonly times: Float64Array;
  private readonly byName = new Map<string, Map<string, StoredSeries>>();
  private next = 0;
  private size = 0;
  private pushed = 0;

  constructor(capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`history capacity must be a positive integer, got ${capacity}`);
    this.capacity = capacity;
    this.times = new Float64Array(capacity).fill(NaN);
  }

  /** How many samples are held (at most capacity). */
  get length(): number {
    return this.size;
  }

  seriesCount(): number {
    let count = 0;
    for (const group of this.byName.values()) count += group.size;
    return count;
  }

  /** Stores one sample, overwriting the oldest when full. Non-finite values are stored as 0. */
  push(ts: number, values: readonly MetricValue[]): void {
    const slot = this.next;
    for (const [name, group] of this.byName) {
      for (const [key, series] of group) {
        series.values[slot] = NaN;
        if (this.pushed - series.lastSeen >= this.capacity) group.delete(key);
      }
      if (group.size === 0) this.byName.delete(name);
    }
    for (const value of values) {
      let group = this.byName.get(value.name);
      if (!group) this.byName.set(value.name, (group = new Map()));
      const key = seriesKey(value.name, value.labels);
      let series = group.get(key);
      if (!series) {
        series = { name: value.name, labels: { ...value.labels }, values: new Float64Array(this.capacity).fill(NaN), lastSeen: this.pushed };
        group.set(key, series);
      }
      series.values[slot] = Number.isFinite(value.value) ? value.value : 0;
      series.lastSeen = this.pushed;
    }
    this.times[slot] = ts;
    this.next = (slot + 1) % this.capacity;
    this.size = Math.min(this.size + 1, this.capacity);
    this.pushed++;
  }

  /** The held samples, oldest first, from `notBefore` (ms) on. */
  samples(notBefore = -Infinity): HistorySample[] {
    const oldest = this.size < this.capacity ? 0 : this.next;
    const result: HistorySample[] = [];
    for (let i = 0; i < this.size; i++) {
      const slot = (oldest + i) % this.capacity;
      const ts = this.times[slot]!;
      if (ts >= notBefore) result.push({ slot, ts });
    }
    return result;
  }

  series(name: string): Iterable<HistorySeries> {
    return this.byName.get(name)?.values() ?? [];
  }
}
