// Decodes the JSON lines of datarhei's patched FFmpeg (ffmpeg.inputs/outputs/progress, avstream.progress).
import { emptyProbeIO, type AVstream, type AVstreamIO, type ProbeIO } from './types.js';

export const JSON_PREFIX = {
  inputs: 'ffmpeg.inputs:',
  outputs: 'ffmpeg.outputs:',
  mapping: 'ffmpeg.mapping:',
  progress: 'ffmpeg.progress:',
  avstream: 'avstream.progress:',
} as const;

export interface JsonProgressIO {
  index: number;
  stream: number;
  frame: number;
  keyframe: number;
  framerate: { min: number; max: number; avg: number };
  packet: number;
  q: number;
  /** bytes (size_bytes when the patch sends it, else size_kb × 1024) */
  size: number;
  extradata: number;
}

export interface JsonProgress {
  inputs: JsonProgressIO[];
  outputs: JsonProgressIO[];
  frame: number;
  packet: number;
  q: number;
  size: number;
  /** seconds */
  time: number;
  speed: number;
  drop: number;
  dup: number;
}

export interface JsonAVstream {
  /** "id" (e.g. "playout:<url>") and "url" of the playout input, both usable to find the input */
  keys: string[];
  avstream: AVstream;
}

type Json = Record<string, unknown>;

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function num(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : 0;
}

function str(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

function sizeBytes(io: Json): number {
  const bytes = num(io.size_bytes);
  return bytes !== 0 ? bytes : num(io.size_kb) * 1024;
}

/** ffmpeg.inputs:/ffmpeg.outputs: payload → one description per stream; null if it is not a non-empty array. */
export function decodeJsonIO(payload: string): ProbeIO[] | null {
  const list = parseJson(payload);
  if (!Array.isArray(list) || list.length === 0) return null;
  return list.filter(isObject).map((entry) => {
    const io = emptyProbeIO();
    io.url = str(entry.url);
    io.format = str(entry.format);
    io.index = num(entry.index);
    io.stream = num(entry.stream);
    io.language = str(entry.language) || 'und';
    io.type = str(entry.type);
    io.codec = str(entry.codec);
    io.coder = str(entry.coder);
    io.bitrate_kbps = num(entry.bitrate_kbps);
    io.duration_sec = num(entry.duration_sec);
    io.fps = num(entry.fps);
    io.pix_fmt = str(entry.pix_fmt);
    io.width = num(entry.width);
    io.height = num(entry.height);
    io.sampling_hz = num(entry.sampling_hz);
    io.layout = str(entry.layout);
    io.channels = num(entry.channels);
    return io;
  });
}

function decodeProgressIO(entry: Json): JsonProgressIO {
  const framerate = isObject(entry.framerate) ? entry.framerate : {};
  return {
    index: num(entry.index),
    stream: num(entry.stream),
    frame: num(entry.frame),
    keyframe: num(entry.keyframe),
    framerate: { min: num(framerate.min), max: num(framerate.max), avg: num(framerate.avg) },
    packet: num(entry.packet),
    q: num(entry.q),
    size: sizeBytes(entry),
    extradata: num(entry.extradata_size_bytes),
  };
}

/** ffmpeg.progress: payload; null if it is not an object. */
export function decodeJsonProgress(payload: string): JsonProgress | null {
  const data = parseJson(payload);
  if (!isObject(data)) return null;
  const list = (value: unknown) => (Array.isArray(value) ? value.filter(isObject).map(decodeProgressIO) : []);
  return {
    inputs: list(data.inputs),
    outputs: list(data.outputs),
    frame: num(data.frame),
    packet: num(data.packet),
    q: num(data.q),
    size: sizeBytes(data),
    // The patch prints a Go duration string; a plain number is taken as seconds (Core would read it as ns).
    time: typeof data.time === 'string' ? (parseGoDuration(data.time) ?? 0) : num(data.time),
    speed: num(data.speed),
    drop: num(data.drop),
    dup: num(data.dup),
  };
}

function decodeAVstreamIO(value: unknown): AVstreamIO {
  const io = isObject(value) ? value : {};
  return { state: str(io.state), packet: num(io.packet), time: num(io.time), size_kb: num(io.size_kb) };
}

/** avstream.progress: payload (playout demuxer state); null if it is not an object. */
export function decodeAVstream(payload: string): JsonAVstream | null {
  const data = parseJson(payload);
  if (!isObject(data)) return null;
  return {
    keys: [str(data.id), str(data.url)].filter((key) => key.length > 0),
    avstream: {
      input: decodeAVstreamIO(data.input),
      output: decodeAVstreamIO(data.output),
      aqueue: num(data.aqueue),
      queue: num(data.queue),
      dup: num(data.dup),
      drop: num(data.drop),
      enc: num(data.enc),
      looping: data.looping === true,
      looping_runtime: num(data.looping_runtime),
      duplicating: data.duplicating === true,
      gop: str(data.gop),
    },
  };
}

const GO_DURATION_UNITS: Record<string, number> = {
  ns: 1e-9,
  us: 1e-6,
  'µs': 1e-6,
  'μs': 1e-6,
  ms: 1e-3,
  s: 1,
  m: 60,
  h: 3600,
};

/** Go's time.Duration text ("0h0m7.48s", "1m30s", "-1.5s", "0") in seconds; null if malformed. */
export function parseGoDuration(text: string): number | null {
  const match = /^([+-]?)(.*)$/.exec(text.trim());
  const sign = match?.[1] === '-' ? -1 : 1;
  const body = match?.[2] ?? '';
  if (body === '0') return 0;
  if (body === '') return null;
  const part = /(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h)/y;
  let seconds = 0;
  let offset = 0;
  while (offset < body.length) {
    part.lastIndex = offset;
    const unit = part.exec(body);
    if (!unit) return null;
    seconds += Number(unit[1]) * GO_DURATION_UNITS[unit[2]!]!;
    offset = part.lastIndex;
  }
  return sign * seconds;
}
