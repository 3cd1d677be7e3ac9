// Tracks a child's CPU and memory from periodic samples and reports when it stays over its limits too long.
import type { ProcSample } from './procStats.js';

export interface ResourceLimits {
  /** Percent of all cores (0 = no limit). */
  cpuPercent: number;
  /** Resident memory (0 = no limit). */
  memoryBytes: number;
  /** How long a limit may be exceeded before the process is stopped. */
  waitForSeconds: number;
}

export interface ResourceUsage {
  cpuPercent: number;
  memoryBytes: number;
}

export class ResourceLimiter {
  private previous: { sample: ProcSample; at: number } | null = null;
  private overSince: number | null = null;
  usage: ResourceUsage = { cpuPercent: 0, memoryBytes: 0 };

  constructor(
    private readonly limits: ResourceLimits,
    private readonly cpus: number,
  ) {}

  reset(): void {
    this.previous = null;
    this.overSince = null;
    this.usage = { cpuPercent: 0, memoryBytes: 0 };
  }

  /** Takes one sample; returns why the process must stop, or null. */
  update(sample: ProcSample | null, now: number): string | null {
    if (!sample) return null;
    if (this.previous && now > this.previous.at) {
      const cpuSeconds = sample.cpuSeconds - this.previous.sample.cpuSeconds;
      const wallSeconds = (now - this.previous.at) / 1000;
      this.usage = { cpuPercent: Math.max(0, (cpuSeconds / wallSeconds / this.cpus) * 100), memoryBytes: sample.rssBytes };
    } else {
      this.usage = { ...this.usage, memoryBytes: sample.rssBytes };
    }
    this.previous = { sample, at: now };
    return this.check(now);
  }

  private check(now: number): string | null {
    const reasons: string[] = [];
    if (this.limits.cpuPercent > 0 && this.usage.cpuPercent > this.limits.cpuPercent) {
      reasons.push(`CPU ${this.usage.cpuPercent.toFixed(1)}% > ${this.limits.cpuPercent}%`);
    }
    if (this.limits.memoryBytes > 0 && this.usage.memoryBytes > this.limits.memoryBytes) {
      reasons.push(`memory ${this.usage.memoryBytes} bytes > ${this.limits.memoryBytes} bytes`);
    }
    if (reasons.length === 0) {
      this.overSince = null;
      return null;
    }
    this.overSince ??= now;
    if (now - this.overSince < this.limits.waitForSeconds * 1000) return null;
    this.overSince = null;
    return reasons.join(', ');
  }
}
