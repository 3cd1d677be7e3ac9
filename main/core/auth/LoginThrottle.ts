// Slows down password guessing: every failed login from an address doubles that address's answer delay.
export interface LoginThrottleOptions {
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** Failures older than this are forgotten. */
  forgetAfterMs?: number;
  now?: () => number;
}

interface FailureRecord {
  count: number;
  last: number;
}

export class LoginThrottle {
  private readonly failures = new Map<string, FailureRecord>();
  private readonly baseDelayMs: number;
  private readonly maxDelayMs: number;
  private readonly forgetAfterMs: number;
  private readonly now: () => number;

  constructor(options: LoginThrottleOptions = {}) {
    this.baseDelayMs = options.baseDelayMs ?? 1000;
    this.maxDelayMs = options.maxDelayMs ?? 10_000;
    this.forgetAfterMs = options.forgetAfterMs ?? 15 * 60_000;
    this.now = options.now ?? Date.now;
  }

  /** Records a failure and returns how long to wait before answering it. */
  fail(address: string): number {
    const now = this.now();
    const previous = this.failures.get(address);
    const count = previous && now - previous.last < this.forgetAfterMs ? previous.count + 1 : 1;
    this.failures.set(address, { count, last: now });
    if (this.failures.size > 10_000) this.prune(now);
    return Math.min(this.maxDelayMs, this.baseDelayMs * 2 ** (count - 1));
  }

  succeed(address: string): void {
    this.failures.delete(address);
  }

  private prune(now: number): void {
    for (const [address, record] of this.failures) {
      if (now - record.last >= this.forgetAfterMs) this.failures.delete(address);
    }
  }
}
