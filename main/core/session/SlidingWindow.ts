// Core's 10 s sliding bitrate: per-second buckets summed over the last ten seconds (prep/average in Go).
export const WINDOW_SECONDS = 10;

/** A ring of one-second buckets; a bucket is reused (and zeroed) once its second has left the window. */
export class SlidingWindow {
  private readonly sums = new Float64Array(WINDOW_SECONDS);
  private readonly seconds = new Float64Array(WINDOW_SECONDS).fill(-Infinity);

  add(now: number, value: number): void {
    const second = Math.floor(now / 1000);
    const slot = ((second % WINDOW_SECONDS) + WINDOW_SECONDS) % WINDOW_SECONDS;
    if (this.seconds[slot] !== second) {
      this.seconds[slot] = second;
      this.sums[slot] = 0;
    }
    this.sums[slot] += value;
  }

  /** The mean per second over the window (a silent second counts as zero, as in Core). */
  average(now: number): number {
    const second = Math.floor(now / 1000);
    let total = 0;
    for (let i = 0; i < WINDOW_SECONDS; i++) {
      const at = this.seconds[i]!;
      if (at > second - WINDOW_SECONDS && at <= second) total += this.sums[i]!;
    }
    return total / WINDOW_SECONDS;
  }
}
