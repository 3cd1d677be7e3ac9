// Mean of a value summed into one-second buckets over the last 30 completed buckets (Core's github.com/prep/average).

export type Clock = () => number;

export class SlidingAverage {
  /** completed buckets, oldest first */
  private readonly completed: number[] = [];
  private current = 0;
  private bucketStart: number;

  constructor(
    private readonly now: Clock,
    private readonly buckets = 30,
    private readonly bucketMs = 1000,
  ) {
    this.bucketStart = now();
  }

  add(value: number): void {
    this.advance();
    this.current += value;
  }

  /** 0 until the first bucket has completed, like Core: a rate needs at least one whole second. */
  average(): number {
    this.advance();
    if (this.completed.length === 0) return 0;
    return this.completed.reduce((sum, value) => sum + value, 0) / this.completed.length;
  }

  // Buckets close by wall clock rather than by a ticker, so an idle gap closes as many (empty) buckets as it spans.
  private advance(): void {
    const elapsed = Math.floor((this.now() - this.bucketStart) / this.bucketMs);
    if (elapsed <= 0) return;
    this.bucketStart += elapsed * this.bucketMs;
    this.push(this.current);
    this.current = 0;
    for (let i = 1; i < Math.min(elapsed, this.buckets + 1); i++) this.push(0);
  }

  private push(value: number): void {
    this.completed.push(value);
    if (this.completed.length > this.buckets) this.completed.shift();
  }
}
