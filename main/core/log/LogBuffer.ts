// Ring buffer of the engine's most recent log events, served by GET /api/v3/log.
export interface LogEvent {
  time: string;
  level: LogLevelName;
  component: string;
  message: string;
  fields: Record<string, unknown>;
}

export type LogLevelName = 'error' | 'warn' | 'info' | 'debug';

export class LogBuffer {
  private events: LogEvent[] = [];
  private start = 0;

  constructor(private capacity: number) {}

  resize(capacity: number): void {
    const current = this.list();
    this.capacity = Math.max(0, capacity);
    this.events = current.slice(Math.max(0, current.length - this.capacity));
    this.start = 0;
  }

  push(event: LogEvent): void {
    if (this.capacity === 0) return;
    if (this.events.length < this.capacity) {
      this.events.push(event);
      return;
    }
    this.events[this.start] = event;
    this.start = (this.start + 1) % this.capacity;
  }

  /** Oldest first. */
  list(): LogEvent[] {
    return this.events.slice(this.start).concat(this.events.slice(0, this.start));
  }
}
