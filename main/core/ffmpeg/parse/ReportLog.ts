// The log side of a process report: current run (created_at, prelude, log ring, last line) and earlier runs.
import type { ProcessReport, ProcessReportHistoryEntry, ReportLogLine } from '../types.js';
import { PreludeBuffer } from './PreludeBuffer.js';
import { Ring } from './Ring.js';
import type { Clock } from './SlidingAverage.js';

export interface ReportLogConfig {
  maxLines: number;
  maxHistory: number;
  preludeHeadLines: number;
  preludeTailLines: number;
  now: Clock;
}

export class ReportLog {
  private readonly lines: Ring<ReportLogLine>;
  private readonly preludeLines: PreludeBuffer;
  private readonly runs: Ring<ProcessReportHistoryEntry>;
  private createdAt: number;
  private last = '';
  /** Grows with every change of the report, so readers can cache what they render from it. */
  revision = 0;

  constructor(private readonly config: ReportLogConfig) {
    this.lines = new Ring(Math.max(1, config.maxLines));
    this.preludeLines = new PreludeBuffer(config.preludeHeadLines, config.preludeTailLines);
    this.runs = new Ring(Math.max(0, config.maxHistory));
    this.createdAt = config.now();
  }

  /** Every non-progress line is logged; those before progress started also form the prelude. */
  add(line: string, prelude: boolean): void {
    this.revision++;
    this.last = line;
    this.lines.push([String(Math.floor(this.config.now() / 1000)), line]);
    if (prelude) this.preludeLines.push(line);
  }

  prelude(): string[] {
    return this.preludeLines.lines();
  }

  log(): ReportLogLine[] {
    return this.lines.toArray();
  }

  lastLine(): string {
    return this.last;
  }

  history(): ProcessReportHistoryEntry[] {
    return this.runs.toArray();
  }

  report(): ProcessReport {
    return { ...this.current(), history: this.history() };
  }

  /** Moves the current run into the history (unless it printed nothing, like Core) and starts a new one now. */
  rotate(): void {
    this.revision++;
    const current = this.current();
    if (current.prelude.length > 0) this.runs.push(current);
    this.preludeLines.clear();
    this.lines.clear();
    this.createdAt = this.config.now();
  }

  /** Hands the history and the current run (as the newest history entry) to the log of a replacing process. */
  transferHistoryTo(target: ReportLog): void {
    target.revision++;
    for (const entry of this.history()) target.runs.push(entry);
    // Core drops the run that was current at an update or reload; its log is often the one that explains a failure.
    const current = this.current();
    if (current.prelude.length > 0) target.runs.push(current);
  }

  private current(): ProcessReportHistoryEntry {
    return { created_at: Math.floor(this.createdAt / 1000), prelude: this.prelude(), log: this.log() };
  }
}
