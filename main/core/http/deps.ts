// What the HTTP layer needs from the engine, as one explicit dependency object (built in app.ts).
import type { ApiAuth } from '../auth/ApiAuth.js';
import type { LogHub, Logger } from '../log/Logger.js';
import type { StorageMountOptions } from './routes/storageMount.js';
import type { Restream } from '../restream/Restream.js';
import type { Filesystem } from '../fs/Filesystem.js';
import type { SessionCollector } from '../session/index.js';
import type { DiskMountOptions } from './routes/diskMount.js';
import type { ApiAccess } from './hooks/accessList.js';
import type { MetricsCollector, PrometheusExporter } from '../metrics/index.js';

export const APP_NAME = 'datarhei-core';

export interface EngineIdentity {
  id: string;
  name: string;
  /** When the running engine (re)started; changes on every config reload. */
  startedAt: Date;
}

export interface ConfigView {
  created_at: string;
  loaded_at: string;
  updated_at: string;
  config: Record<string, unknown>;
  overrides: string[];
}

export interface ConfigApi {
  view(): ConfigView;
  /** Stores a (partial) config; throws ApiError(400) or ConfigConflict. */
  update(body: unknown): void;
  /** Restarts the engine with the stored config, after the current response is sent. */
  scheduleReload(): void;
}

export class ConfigConflict extends Error {
  constructor(readonly fields: Record<string, string[]>) {
    super('Invalid config');
  }
}

export interface HttpDeps {
  logger: Logger;
  logs: LogHub;
  auth: ApiAuth;
  engine(): EngineIdentity;
  config: ConfigApi;
  /** Directory served at /ui/ (the built renderer or router.ui_path); absent = no UI. */
  uiDir?: string;
  /** Filesystems served over HTTP at their mountpoints (/memfs, S3 mounts). */
  mounts: StorageMountOptions[];
  /** storage.disk.dir, served read-only at "/". */
  disk?: DiskMountOptions;
  /** router.routes: redirects and extra directories. */
  routes: Record<string, string>;
  cwd: string;
  /** storage.cors.origins */
  corsOrigins: string[];
  /** api.read_only */
  readOnly: boolean;
  /** The metrics collector and, with metrics.enable_prometheus, the exporter for /metrics. */
  metrics?: { collector: MetricsCollector; prometheus: PrometheusExporter | null };
  /** tls.auto: the key authorization for an open HTTP-01 challenge token. */
  acmeChallenge?: (token: string) => string | undefined;
  /** debug.profiling: mount /profiling */
  profiling: boolean;
  /** api.access */
  access: ApiAccess;
  /** The process registry; throws ApiError(503) while the engine is (re)starting. */
  restream(): Restream;
  /** Every filesystem the API can reach by name (disk, mem, S3 storages), with where it is mounted. */
  filesystems(): FilesystemEntry[];
  skills: SkillsService;
  sessions: SessionCounts;
  /** The built-in streaming servers; null while disabled. */
  rtmp(): { channels(): Array<{ name: string }> } | null;
  srt(): { channels(): unknown } | null;
  /** The `http` collector: traffic per client of every request. */
  httpSessions?: SessionCollector;
}

export interface FilesystemEntry {
  filesystem: Filesystem;
  mountpoint: string;
}

export interface SkillsService {
  get(): Promise<unknown>;
  /** Probes the binary (and the hardware encoders) again. */
  reload(): Promise<unknown>;
}

/** The session registry as the API sees it. */
export interface SessionCounts {
  forReference(reference: string): { current: number; total: number };
  summary(collectors?: readonly string[]): unknown;
  active(collectors?: readonly string[]): unknown;
}
