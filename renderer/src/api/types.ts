// Wire types of the Core v16 API v3, derived once from shared/contract/swagger.json; every screen imports these.

export interface ErrorBody {
  code: number;
  message: string;
  details: string[];
}

export interface Version {
  number: string;
  repository_commit?: string;
  repository_branch?: string;
  build_date?: string;
  arch?: string;
  compiler?: string;
}

/** GET /api. Without a token and with auth on, only app/auths/version are present (no `id`). */
export interface About {
  app: string;
  auths: string[];
  name?: string;
  id?: string;
  created_at?: string;
  uptime_seconds?: number;
  version: Version;
}

export interface LoginRequest {
  username: string;
  password: string;
}

export interface JWT {
  access_token: string;
  refresh_token: string;
}

export interface JWTRefresh {
  access_token: string;
}

/** Claims Core puts in its tokens; `exi` (expires-in seconds) drives the refresh schedule. */
export interface TokenClaims {
  iss?: string;
  sub?: string;
  usefor?: 'access' | 'refresh';
  iat?: number;
  exp?: number;
  exi: number;
  jti?: string;
}

export type ProcessExec = 'starting' | 'running' | 'finishing' | 'finished' | 'killed' | 'failed';
export type ProcessOrder = 'start' | 'stop';
export type ProcessCommand = 'start' | 'stop' | 'restart' | 'reload';

export interface ProgressIO {
  id?: string;
  address: string;
  index?: number;
  stream?: number;
  format?: string;
  type?: string;
  codec?: string;
  coder?: string;
  frame?: number;
  fps?: number;
  packet?: number;
  pps?: number;
  size_kb?: number;
  bitrate_kbit?: number;
  q?: number;
  pix_fmt?: string;
  width?: number;
  height?: number;
  sampling_hz?: number;
  layout?: string;
  channels?: number;
}

export interface Progress {
  inputs: ProgressIO[];
  outputs: ProgressIO[];
  frame: number;
  packet: number;
  fps: number;
  q: number;
  size_kb: number;
  time: number;
  bitrate_kbit: number;
  speed: number;
  drop: number;
  dup: number;
}

export interface ProcessState {
  order: ProcessOrder | string;
  exec: ProcessExec | string;
  runtime_seconds: number;
  reconnect_seconds: number;
  last_logline: string;
  progress?: Progress;
  memory_bytes: number;
  cpu_usage: number;
  command: string[];
}

export interface ProcessConfigIOCleanup {
  pattern: string;
  max_files?: number;
  max_file_age_seconds?: number;
  purge_on_delete?: boolean;
}

export interface ProcessConfigIO {
  id: string;
  address: string;
  options?: string[];
  cleanup?: ProcessConfigIOCleanup[];
}

export interface ProcessConfigLimits {
  cpu_usage?: number;
  memory_mbytes?: number;
  waitfor_seconds?: number;
}

export interface ProcessConfig {
  id: string;
  type?: string;
  reference?: string;
  input: ProcessConfigIO[];
  output: ProcessConfigIO[];
  options?: string[];
  reconnect?: boolean;
  reconnect_delay_seconds?: number;
  autostart?: boolean;
  stale_timeout_seconds?: number;
  limits?: ProcessConfigLimits;
}

/** A log line as Core sends it: [unix seconds as a string, line]. */
export type LogEntry = [string, string];

export interface ProcessReportHistoryEntry {
  created_at: number;
  prelude: string[];
  log: LogEntry[];
}

export interface ProcessReport extends ProcessReportHistoryEntry {
  history: ProcessReportHistoryEntry[];
}

export interface Process {
  id: string;
  type?: string;
  reference?: string;
  created_at?: number;
  updated_at?: number;
  config?: ProcessConfig;
  state?: ProcessState;
  report?: ProcessReport;
  metadata?: unknown;
}

export type ProcessFilter = 'config' | 'state' | 'report' | 'metadata';

export interface MetricsQueryMetric {
  name: string;
  labels?: Record<string, string>;
}

export interface MetricsQuery {
  timerange_sec?: number;
  interval_sec?: number;
  metrics: MetricsQueryMetric[];
}

/** On the wire a value is a [unix seconds, value] pair, whatever the swagger object says. */
export type MetricsValue = [number | string, number];

export interface MetricsResponseMetric {
  name: string;
  labels: Record<string, string>;
  values: MetricsValue[];
}

export interface MetricsResponse {
  timerange_sec?: number;
  interval_sec?: number;
  metrics: MetricsResponseMetric[];
}

export interface Session {
  id: string;
  reference: string;
  local: string;
  remote: string;
  extra?: string;
  created_at: number;
  bytes_rx: number;
  bytes_tx: number;
  bandwidth_rx_kbit: number;
  bandwidth_tx_kbit: number;
}

/** GET /api/v3/session/active: sessions keyed by collector (hls, rtmp, srt, ffmpeg). */
export type SessionsActive = Record<string, Session[]>;

export interface FilesystemInfo {
  name: string;
  type: string;
  mount: string;
}

export interface FileInfo {
  name: string;
  size_bytes: number;
  last_modified: number;
}

/** The configuration tree; its shape is the engine's, so the Settings form walks it generically. */
export type ConfigValue = string | number | boolean | null | ConfigValue[] | { [key: string]: ConfigValue };
export interface ConfigData {
  version?: number;
  id?: string;
  name?: string;
  address?: string;
  [key: string]: ConfigValue | undefined;
}

export interface Config {
  created_at: string;
  loaded_at: string;
  updated_at: string;
  config: ConfigData;
  /** Dotted config paths set by environment variables, e.g. "api.auth.enable". */
  overrides: string[];
}

export interface SkillsDevice {
  id: string;
  name: string;
  extra?: string;
  media?: string;
}

export interface HardwareEncoder {
  id: string;
  codec: string;
  api: string;
  works: boolean;
  error?: string;
}

export interface Skills {
  /** This engine's addition: hardware encoders and whether a test encode worked. */
  hardware_encoders?: HardwareEncoder[];
  ffmpeg: { version: string; compiler?: string; configuration?: string; libraries?: { name: string; compiled: string; linked: string }[] };
  devices?: { demuxers: { id: string; devices: SkillsDevice[] }[]; muxers: { id: string; devices: SkillsDevice[] }[] };
  [key: string]: unknown;
}

/** GET /api/v3/process/{id}/probe */
export interface ProbeStream {
  url?: string;
  format?: string;
  index?: number;
  stream?: number;
  language?: string;
  type: string;
  codec: string;
  coder?: string;
  bitrate_kbps?: number;
  duration_sec?: number;
  fps?: number;
  pix_fmt?: string;
  width?: number;
  height?: number;
  sampling_hz?: number;
  layout?: string;
  channels?: number;
}

export interface Probe {
  streams: ProbeStream[];
  log: string[];
}

/** GET /api/v3/rtmp: one entry per publishing stream, its path as name (e.g. "/live/cam.stream"). */
export interface RtmpChannel {
  name: string;
}

/** GET /api/v3/srt (api.SRTChannels): publisher maps resource → socket id. */
export interface SrtChannels {
  publisher: Record<string, number>;
  subscriber?: Record<string, number[]>;
  connections?: Record<string, unknown>;
  log?: Record<string, unknown>;
}
