// The process configuration in its two wire shapes: the API's (api.ProcessConfig) and db.json's (restream/app.Config).

/** One cleanup rule of an output: `pattern` is `<filesystem>:<glob>`, e.g. `memfs:/{processid}_*.ts`. */
export interface ProcessConfigIOCleanup {
  pattern: string;
  max_files: number;
  max_file_age_seconds: number;
  purge_on_delete: boolean;
}

export interface ProcessConfigIO {
  id: string;
  address: string;
  options: string[];
  /** Only outputs carry cleanup rules; Core omits the key when there are none (omitempty). */
  cleanup?: ProcessConfigIOCleanup[];
}

export interface ProcessConfigLimits {
  cpu_usage: number;
  memory_mbytes: number;
  waitfor_seconds: number;
}

/** api.ProcessConfig, keys in Core's order so JSON.stringify renders them as Core does. */
export interface ProcessConfig {
  id: string;
  type: 'ffmpeg';
  reference: string;
  input: ProcessConfigIO[];
  output: ProcessConfigIO[];
  options: string[];
  reconnect: boolean;
  reconnect_delay_seconds: number;
  autostart: boolean;
  stale_timeout_seconds: number;
  limits: ProcessConfigLimits;
}

export type StoredCleanup = ProcessConfigIOCleanup;

export interface StoredProcessConfigIO {
  id: string;
  address: string;
  options: string[];
  cleanup: StoredCleanup[];
}

/** restream/app.Config as written into db.json; placeholders are stored unresolved. */
export interface StoredProcessConfig {
  id: string;
  reference: string;
  ffversion: string;
  input: StoredProcessConfigIO[];
  output: StoredProcessConfigIO[];
  options: string[];
  reconnect: boolean;
  reconnect_delay_seconds: number;
  autostart: boolean;
  stale_timeout_seconds: number;
  limit_cpu_usage: number;
  limit_memory_bytes: number;
  limit_waitfor_seconds: number;
}

export type ProcessOrder = 'start' | 'stop';

/** restream/app.Process: one db.json entry. Times are unix seconds. */
export interface StoredProcess {
  id: string;
  reference: string;
  config: StoredProcessConfig;
  created_at: number;
  updated_at: number;
  order: ProcessOrder;
}

/** Free-form metadata; Core writes `null` where a process (or the system) has none. */
export type Metadata = Record<string, unknown> | null;

/** The whole db.json document (restream/store.StoreData). */
export interface StoreData {
  version: number;
  process: Record<string, StoredProcess>;
  metadata: {
    system: Metadata;
    process: Record<string, Metadata>;
  };
}
