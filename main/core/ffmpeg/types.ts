// The API shapes the FFmpeg parsers produce (field names exactly as Core's swagger: api.Progress, api.Probe, api.ProcessReport).

export interface AVstreamIO {
  state: string;
  packet: number;
  time: number;
  size_kb: number;
}

export interface AVstream {
  input: AVstreamIO;
  output: AVstreamIO;
  aqueue: number;
  queue: number;
  dup: number;
  drop: number;
  enc: number;
  looping: boolean;
  looping_runtime: number;
  duplicating: boolean;
  gop: string;
}

export interface ProgressIOFramerate {
  min: number;
  max: number;
  avg: number;
}

export interface ProgressIO {
  id: string;
  address: string;
  index: number;
  stream: number;
  format: string;
  type: string;
  codec: string;
  coder: string;
  frame: number;
  keyframe: number;
  framerate: ProgressIOFramerate;
  fps: number;
  packet: number;
  pps: number;
  size_kb: number;
  bitrate_kbit: number;
  extradata_size_bytes: number;
  pix_fmt: string;
  q: number;
  width: number;
  height: number;
  sampling_hz: number;
  layout: string;
  channels: number;
  avstream: AVstream | null;
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

/** One stream of an input or output as FFmpeg describes it before processing starts (also api.ProbeIO). */
export interface ProbeIO {
  url: string;
  format: string;
  index: number;
  stream: number;
  language: string;
  type: string;
  codec: string;
  coder: string;
  bitrate_kbps: number;
  duration_sec: number;
  fps: number;
  pix_fmt: string;
  width: number;
  height: number;
  sampling_hz: number;
  layout: string;
  channels: number;
}

export interface Probe {
  log: string[];
  streams: ProbeIO[];
}

/** A captured log line: [unix seconds as a string, line]. */
export type ReportLogLine = [string, string];

export interface ProcessReportHistoryEntry {
  created_at: number;
  prelude: string[];
  log: ReportLogLine[];
}

export interface ProcessReport extends ProcessReportHistoryEntry {
  history: ProcessReportHistoryEntry[];
}

export function emptyProbeIO(): ProbeIO {
  return {
    url: '',
    format: '',
    index: 0,
    stream: 0,
    language: 'und',
    type: '',
    codec: '',
    coder: '',
    bitrate_kbps: 0,
    duration_sec: 0,
    fps: 0,
    pix_fmt: '',
    width: 0,
    height: 0,
    sampling_hz: 0,
    layout: '',
    channels: 0,
  };
}
