// Records a process's state changes as an API client sees them (GET .../state every 20 ms), with timestamps,
// so tests can measure how long a state lasted, e.g. the time from an exit to the reconnect.

export interface StateChange {
  exec: string;
  order: string;
  /** performance.now() of the first poll that saw this state. */
  at: number;
}

export class StateRecorder {
  readonly changes: StateChange[] = [];
  private running = true;
  private readonly loop: Promise<void>;
  private readonly waiters = new Set<() => void>();

  constructor(
    private readonly base: string,
    private readonly id: string,
    private readonly intervalMs = 20,
  ) {
    this.loop = this.poll();
  }

  get current(): StateChange | undefined {
    return this.changes[this.changes.length - 1];
  }

  /** The first change after index `after` into one of `states`; waits for it up to `timeoutMs`. */
  async next(states: string[], after = -1, timeoutMs = 20_000): Promise<StateChange & { index: number }> {
    const deadline = performance.now() + timeoutMs;
    for (;;) {
      const index = this.changes.findIndex((change, i) => i > after && states.includes(change.exec));
      if (index >= 0) return { ...this.changes[index]!, index };
      const left = deadline - performance.now();
      if (left <= 0) throw new Error(`${this.id}: no change into ${states.join('|')} within ${timeoutMs} ms; seen ${this.describe()}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.add(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** "running@0 failed@1203 ..." (ms since the first change), for failure messages. */
  describe(): string {
    const start = this.changes[0]?.at ?? 0;
    return this.changes.map((change) => `${change.exec}@${Math.round(change.at - start)}`).join(' ');
  }

  async stop(): Promise<void> {
    this.running = false;
    await this.loop;
  }

  private async poll(): Promise<void> {
    while (this.running) {
      try {
        const response = await fetch(`${this.base}/api/v3/process/${encodeURIComponent(this.id)}/state`);
        if (response.ok) {
          const state = (await response.json()) as { exec: string; order: string };
          const last = this.current;
          if (!last || last.exec !== state.exec || last.order !== state.order) {
            this.changes.push({ exec: state.exec, order: state.order, at: performance.now() });
            for (const wake of this.waiters) wake();
            this.waiters.clear();
          }
        } else {
          await response.arrayBuffer();
        }
      } catch {
        // the engine is going away; the test decides what that means
      }
      await new Promise((resolve) => setTimeout(resolve, this.intervalMs));
    }
  }
}
