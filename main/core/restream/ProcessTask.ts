// One registered process: its stored (unresolved) config, the prepared command, the parser and the supervisor.
import { Parser } from '../ffmpeg/parse/Parser.js';
import { FfmpegProcess, type ProcessDeps } from '../process/FfmpegProcess.js';
import type { PreparedProcess } from './prepare.js';
import type { Metadata, ProcessOrder, StoredProcess, StoredProcessConfig } from './types.js';

export interface TaskSettings {
  binary: string;
  logMaxLines: number;
  logMaxHistory: number;
}

export class ProcessTask {
  readonly parser: Parser;
  readonly process: FfmpegProcess;
  metadata: Metadata;

  constructor(
    readonly stored: StoredProcessConfig,
    readonly prepared: PreparedProcess,
    readonly createdAt: number,
    public updatedAt: number,
    settings: TaskSettings,
    deps: ProcessDeps,
    metadata: Metadata = null,
  ) {
    this.metadata = metadata;
    this.parser = new Parser({ maxLines: settings.logMaxLines, maxHistory: settings.logMaxHistory });
    const parser = this.parser;
    this.process = new FfmpegProcess(
      {
        binary: settings.binary,
        args: prepared.command,
        reconnect: stored.reconnect,
        reconnectDelaySeconds: stored.reconnect_delay_seconds,
        staleTimeoutSeconds: stored.stale_timeout_seconds,
        limits: {
          cpuPercent: stored.limit_cpu_usage,
          memoryBytes: stored.limit_memory_bytes,
          waitForSeconds: stored.limit_waitfor_seconds,
        },
      },
      { line: (line) => parser.parse(line), started: () => parser.resetLog(), exited: () => parser.resetStats() },
      deps,
    );
  }

  get id(): string {
    return this.stored.id;
  }

  get reference(): string {
    return this.stored.reference;
  }

  get order(): ProcessOrder {
    return this.process.order;
  }

  toStored(): StoredProcess {
    return {
      id: this.id,
      reference: this.reference,
      config: this.stored,
      created_at: this.createdAt,
      updated_at: this.updatedAt,
      order: this.order,
    };
  }
}
