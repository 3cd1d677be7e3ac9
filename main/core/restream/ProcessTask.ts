// One registered process: its stored (unresolved) config, the prepared command, the parser and the supervisor.
import { Parser } from '../ffmpeg/parse/Parser.js';
import { FfmpegProcess, type ProcessDeps } from '../process/FfmpegProcess.js';
import type { PreparedProcess } from './prepare.js';
import type { Metadata, ProcessOrder, StoredProcess, StoredProcessConfig } from './types.js';
import { fromStoredConfig } from './convert.js';

export interface TaskSettings {
  binary: string;
  logMaxLines: number;
  logMaxHistory: number;
}

export class ProcessTask {
  readonly parser: Parser;
  readonly process: FfmpegProcess;
  private currentMetadata: Metadata;
  // Serialised parts of the API view, reused while what they show is unchanged (a busy UI polls the list).
  private configText: string | null = null;
  private metadataText: string | null = null;
  private reportText = { revision: -1, json: '' };
  private stateText = { key: '', json: '' };
  private metadataChanges = 0;

  constructor(
    readonly stored: StoredProcessConfig,
    readonly prepared: PreparedProcess,
    readonly createdAt: number,
    readonly updatedAt: number,
    settings: TaskSettings,
    deps: ProcessDeps,
    metadata: Metadata = null,
  ) {
    this.currentMetadata = metadata;
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

  get metadata(): Metadata {
    return this.currentMetadata;
  }

  set metadata(value: Metadata) {
    this.currentMetadata = value;
    this.metadataText = null;
    this.metadataChanges++;
  }

  /**
   * Grows whenever any part of the API view may have changed (the config never does: an update makes a new task).
   * Each counter only grows, so their sum moves whenever one of them does.
   */
  get viewRevision(): number {
    return this.parser.revision + this.parser.reportRevision + this.process.revision + this.metadataChanges;
  }

  configJson(): string {
    return (this.configText ??= JSON.stringify(fromStoredConfig(this.stored)));
  }

  metadataJson(): string {
    return (this.metadataText ??= JSON.stringify(this.currentMetadata));
  }

  reportJson(): string {
    const revision = this.parser.reportRevision;
    if (revision !== this.reportText.revision) this.reportText = { revision, json: JSON.stringify(this.parser.report()) };
    return this.reportText.json;
  }

  /** `render` builds the state; it is only called when progress, status or the second changed. */
  stateJson(now: number, render: () => unknown): string {
    const key = `${this.parser.revision}:${this.process.revision}:${Math.floor(now / 1000)}`;
    if (key !== this.stateText.key) this.stateText = { key, json: JSON.stringify(render()) };
    return this.stateText.json;
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
