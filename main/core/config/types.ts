// The v3 configuration shape of datarhei Core (field names and nesting exactly as in Core's config.json and the API).

export interface Auth0Tenant {
  domain: string;
  audience: string;
  clientid: string;
  users: string[];
}

export interface S3StorageAuth {
  enable: boolean;
  username: string;
  password: string;
}

export interface S3StorageConfig {
  name: string;
  mountpoint: string;
  auth: S3StorageAuth;
  endpoint: string;
  access_key_id: string;
  secret_access_key: string;
  bucket: string;
  region: string;
  use_ssl: boolean;
}

export interface AllowBlock {
  allow: string[];
  block: string[];
}

export type LogLevel = 'silent' | 'error' | 'warn' | 'info' | 'debug';

// A type alias rather than an interface so it is assignable to Record<string, unknown> (plain JSON consumers).
export type ConfigData = {
  created_at: string;
  version: number;
  id: string;
  name: string;
  address: string;
  update_check: boolean;
  log: { level: LogLevel; topics: string[]; max_lines: number };
  db: { dir: string };
  host: { name: string[]; auto: boolean };
  api: {
    read_only: boolean;
    access: { http: AllowBlock; https: AllowBlock };
    auth: {
      enable: boolean;
      disable_localhost: boolean;
      username: string;
      password: string;
      jwt: { secret: string };
      auth0: { enable: boolean; tenants: Auth0Tenant[] };
    };
  };
  tls: { address: string; enable: boolean; auto: boolean; email: string; cert_file: string; key_file: string };
  storage: {
    disk: {
      dir: string;
      max_size_mbytes: number;
      cache: {
        enable: boolean;
        max_size_mbytes: number;
        ttl_seconds: number;
        max_file_size_mbytes: number;
        types: AllowBlock;
      };
    };
    memory: {
      auth: { enable: boolean; username: string; password: string };
      max_size_mbytes: number;
      purge: boolean;
    };
    s3: S3StorageConfig[];
    cors: { origins: string[] };
    mimetypes_file: string;
  };
  rtmp: { enable: boolean; enable_tls: boolean; address: string; address_tls: string; app: string; token: string };
  srt: {
    enable: boolean;
    address: string;
    passphrase: string;
    token: string;
    log: { enable: boolean; topics: string[] };
  };
  ffmpeg: {
    binary: string;
    max_processes: number;
    access: { input: AllowBlock; output: AllowBlock };
    log: { max_lines: number; max_history: number };
  };
  playout: { enable: boolean; min_port: number; max_port: number };
  debug: { profiling: boolean; force_gc: number; memory_limit_mbytes: number };
  metrics: { enable: boolean; enable_prometheus: boolean; range_sec: number; interval_sec: number };
  sessions: {
    enable: boolean;
    ip_ignorelist: string[];
    session_timeout_sec: number;
    persist: boolean;
    persist_interval_sec: number;
    max_bitrate_mbit: number;
    max_sessions: number;
  };
  service: { enable: boolean; token: string; url: string };
  router: { blocked_prefixes: string[]; routes: Record<string, string>; ui_path: string };
};

// Arrays and string maps (index signatures) are single config values, not nested sections.
type IsLeaf<V> = V extends readonly unknown[] ? true : V extends object ? (string extends keyof V ? true : false) : true;

type Paths<T> = {
  [K in keyof T & string]: IsLeaf<T[K]> extends true ? K : `${K}.${Paths<T[K]>}`;
}[keyof T & string];

/** Dotted JSON path of one config value, e.g. `api.auth.enable`. */
export type ConfigPath = Paths<ConfigData>;

/** Per-key error messages, keyed by JSON path (the body of Core's 409 answer). */
export type ConfigErrors = Record<string, string[]>;

export type Env = Readonly<Record<string, string | undefined>>;

export type Clock = () => Date;

/** Source of randomness; injected so tests are deterministic. */
export interface RandomSource {
  /** Uniform integer in [0, maxExclusive). */
  int(maxExclusive: number): number;
  /** A version 4 UUID. */
  uuid(): string;
}

export interface ConfigTimestamps {
  created_at: string;
  loaded_at: string;
  updated_at: string;
}
