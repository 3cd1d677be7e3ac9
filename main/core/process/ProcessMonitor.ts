// One clock for all supervised processes: a single 1 s tick drives every resource sample and stale check.
import { systemClock, type Clock } from './Clock.js';

export interface Monitored {
  tick(now: number): void;
}

export class ProcessMonitor {
  private readonly members = new Set<Monitored>();
  private timer: unknown = null;

  constructor(
    private readonly clock: Clock = systemClock,
    private readonly intervalMs = 1000,
  ) {}

  add(member: Monitored): void {
    this.members.add(member);
    this.timer ??= this.clock.setInterval(() => this.tickAll(), this.intervalMs);
  }

  delete(member: Monitored): void {
    this.members.delete(member);
    if (this.members.size === 0 && this.timer !== null) {
      this.clock.clearInterval(this.timer);
      this.timer = null;
    }
  }

  get size(): number {
    return this.members.size;
  }

  private tickAll(): void {
    const now = this.clock.now();
    for (const member of this.members) member.tick(now);
  }
}
