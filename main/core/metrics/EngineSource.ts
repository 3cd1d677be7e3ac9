// What the metrics collector reads from the engine: filesystems, processes, FFmpeg state counters, sessions, uptime.
import type { CollectorStats } from '../session/index.js';

export const PROCESS_STATE_NAMES = ['failed', 'finished', 'finishing', 'killed', 'running', 'starting'] as const;
export type ProcessStateName = (typeof PROCESS_STATE_NAMES)[number];

/** How often each state was entered; missing states count 0. */
export type StateCounts = Partial<Record<ProcessStateName, number>>;

export interface FilesystemStats {
  /** The metric label: "diskfs", "memfs" or the S3 storage's name (see filesystemMetricName). */
  name: string;
  usedBytes: number;
  /** 0 or less = unlimited, published as -1 like Core. */
  limitBytes: number;
  files: number;
}

/** One input or output stream, in api.ProgressIO's field names, so the process state view can be passed as is. */
export interface ProcessIOStats {
  id: string;
  address: string;
  index: number;
  stream: number;
  /** "video", "audio", ... */
  type: string;
  frame: number;
  fps: number;
  packet: number;
  pps: number;
  size_kb: number;
  bitrate_kbit: number;
  q: number;
  avstream?: { queue: number; dup: number; drop: number; enc: number; looping: boolean; duplicating: boolean } | null;
}

/** api.Progress's fields that Core publishes as restream_process / restream_io. */
export interface ProcessProgressStats {
  frame: number;
  fps: number;
  speed: number;
  q: number;
  size_kb: number;
  time: number;
  drop: number;
  dup: number;
  packet: number;
  bitrate_kbit: number;
  inputs: ProcessIOStats[];
  outputs: ProcessIOStats[];
}

export interface ProcessStats {
  id: string;
  /** The exec state: finished, starting, running, finishing, failed, killed. */
  state: string;
  /** start or stop. */
  order: string;
  progress: ProcessProgressStats;
  cpuPercent: number;
  memoryBytes: number;
  /** Seconds in the current state. */
  runtimeSeconds: number;
  /** The config's limits: cpu_usage percent and memory in bytes (0 = none). */
  limits: { cpuPercent: number; memoryBytes: number };
  /** How often this process entered each state. */
  states: StateCounts;
}

/** One session collector (hls, hlsingress, rtmp, srt, ffmpeg, http, https): its counters, bitrates in bit/s. */
export interface SessionStats extends CollectorStats {
  name: string;
  /** Core has no receive limit and always reports 0. */
  maxRxBitrate?: number;
}

type MaybePromise<T> = T | Promise<T>;

export interface EngineSource {
  /** Seconds since the engine (re)started. */
  uptimeSeconds(): number;
  filesystems(): MaybePromise<FilesystemStats[]>;
  processes(): MaybePromise<ProcessStats[]>;
  /** State entries of all FFmpeg processes since start, summed (ffmpeg_process). */
  ffmpegStates(): StateCounts;
  sessions(): MaybePromise<SessionStats[]>;
}

/** Core's label for a filesystem: the disk is "diskfs", memory "memfs", an S3 storage its own name. */
export function filesystemMetricName(filesystem: { type: string; name: string }): string {
  if (filesystem.type === 'disk') return 'diskfs';
  if (filesystem.type === 'mem') return 'memfs';
  return filesystem.name;
}
