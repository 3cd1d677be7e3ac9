// Size-rotating log files under userData/logs: file.log, file.log.1 ... file.log.<keep>; the oldest is dropped.
import { appendFileSync, existsSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';

export interface RotatingLogOptions {
  /** Rotate once the file would grow beyond this many bytes. */
  maxBytes?: number;
  /** How many rotated files to keep besides the current one. */
  keep?: number;
}

export class RotatingLog {
  private size: number;
  readonly maxBytes: number;
  readonly keep: number;

  constructor(
    readonly file: string,
    options: RotatingLogOptions = {},
  ) {
    this.maxBytes = options.maxBytes ?? 5 * 1024 * 1024;
    this.keep = options.keep ?? 5;
    mkdirSync(path.dirname(file), { recursive: true });
    this.size = existsSync(file) ? statSync(file).size : 0;
  }

  /** Appends one line (a newline is added when missing); never throws, a log must not take the app down. */
  write(line: string): void {
    const text = line.endsWith('\n') ? line : `${line}\n`;
    const bytes = Buffer.byteLength(text);
    try {
      if (this.size > 0 && this.size + bytes > this.maxBytes) this.rotate();
      appendFileSync(this.file, text);
      this.size += bytes;
    } catch {
      // Disk full or the folder removed: drop the line.
    }
  }

  /** The files that exist, newest first. */
  files(): string[] {
    return [this.file, ...Array.from({ length: this.keep }, (_, i) => `${this.file}.${i + 1}`)].filter((file) => existsSync(file));
  }

  private rotate(): void {
    rmSync(`${this.file}.${this.keep}`, { force: true });
    for (let i = this.keep - 1; i >= 1; i--) {
      if (existsSync(`${this.file}.${i}`)) renameSync(`${this.file}.${i}`, `${this.file}.${i + 1}`);
    }
    if (this.keep > 0) renameSync(this.file, `${this.file}.1`);
    else rmSync(this.file, { force: true });
    this.size = 0;
  }
}

/** The app's own logger (main-process events), timestamped lines into a rotating file and optionally stderr. */
export interface AppLog {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

export function createAppLog(log: RotatingLog, mirror?: (line: string) => void, now: () => Date = () => new Date()): AppLog {
  const write = (level: string, message: string, fields?: Record<string, unknown>) => {
    const line = `${now().toISOString()} ${level} ${message}${fields ? ` ${JSON.stringify(fields)}` : ''}`;
    log.write(line);
    mirror?.(line);
  };
  return {
    info: (message, fields) => write('INFO', message, fields),
    warn: (message, fields) => write('WARN', message, fields),
    error: (message, fields) => write('ERROR', message, fields),
  };
}
