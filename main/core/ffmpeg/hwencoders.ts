// Finds which hardware H.264/HEVC/AV1 encoders FFmpeg lists actually work here (one-frame test encodes, cached).
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, realpath, rename, stat, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { splitLines } from './logline.js';
import { createExecRunner, type Runner, type RunResult } from './skills/gatherRunner.js';
import type { SkillsCodec, SkillsCodecs } from './skills/types.js';

export type HardwareEncoderCodec = 'h264' | 'hevc' | 'av1';
export type HardwareEncoderApi = 'nvenc' | 'vaapi' | 'qsv' | 'videotoolbox' | 'amf' | 'v4l2m2m' | 'mf';

export interface HardwareEncoder {
  /** FFmpeg encoder name, e.g. "h264_nvenc" */
  id: string;
  codec: HardwareEncoderCodec;
  api: HardwareEncoderApi;
  works: boolean;
  /** why the test encode failed (FFmpeg's most specific stderr line, or the timeout) */
  error?: string;
}

export interface DetectHardwareEncodersOptions {
  /** JSON file remembering the results per FFmpeg binary (path + mtime), e.g. `<db.dir>/hwencoders.json` */
  cacheFile?: string;
  /** test again even when the cache matches (GET /api/v3/skills/reload) */
  refresh?: boolean;
  run?: Runner;
  /** per test encode; default 10 s */
  timeoutMs?: number;
}

const CODECS: readonly HardwareEncoderCodec[] = ['h264', 'hevc', 'av1'];
/** Also the order in which working encoders are preferred. */
const APIS: readonly HardwareEncoderApi[] = ['nvenc', 'qsv', 'vaapi', 'videotoolbox', 'amf', 'v4l2m2m', 'mf'];
const MAX_PARALLEL_TESTS = 2;
const VAAPI_DEVICE = '/dev/dri/renderD128';
const CACHE_VERSION = 1;

type Candidate = Omit<HardwareEncoder, 'works' | 'error'>;

/** The hardware encoders FFmpeg lists for H.264, HEVC and AV1, in listing order; nothing is run. */
export function hardwareEncoderCandidates(codecs: Pick<SkillsCodecs, 'video'> | readonly SkillsCodec[]): Candidate[] {
  const video: readonly SkillsCodec[] = Array.isArray(codecs) ? codecs : (codecs as Pick<SkillsCodecs, 'video'>).video;
  const candidates: Candidate[] = [];
  for (const entry of video) {
    const codec = CODECS.find((id) => id === entry.id);
    if (!codec) continue;
    for (const id of entry.encoders ?? []) {
      const api = APIS.find((name) => id.endsWith(`_${name}`));
      if (api && !candidates.some((candidate) => candidate.id === id)) candidates.push({ id, codec, api });
    }
  }
  return candidates;
}

/** One black 256x144 frame into the null muxer; VAAPI needs its device and frames uploaded to it. */
export function hardwareEncoderTestArgs(encoder: Pick<HardwareEncoder, 'id' | 'api'>): string[] {
  const args = ['-hide_banner', '-loglevel', 'error', '-f', 'lavfi', '-i', 'color=black:s=256x144:r=1', '-frames:v', '1'];
  if (encoder.api === 'vaapi') args.push('-vaapi_device', VAAPI_DEVICE, '-vf', 'format=nv12,hwupload');
  args.push('-c:v', encoder.id, '-f', 'null', '-');
  return args;
}

export async function detectHardwareEncoders(
  binary: string,
  codecs: Pick<SkillsCodecs, 'video'> | readonly SkillsCodec[],
  opts: DetectHardwareEncodersOptions = {},
): Promise<HardwareEncoder[]> {
  const candidates = hardwareEncoderCandidates(codecs);
  const key = await cacheKey(binary, candidates);
  if (opts.cacheFile && key && !opts.refresh) {
    const cached = await readCache(opts.cacheFile, key);
    if (cached) return cached;
  }

  const run = opts.run ?? createExecRunner();
  const timeoutMs = opts.timeoutMs ?? 10_000;
  const results = await mapLimit(candidates, MAX_PARALLEL_TESTS, (candidate) =>
    testEncoder(run, binary, candidate, timeoutMs),
  );

  if (opts.cacheFile && key) {
    // A cache that cannot be written costs a re-test at the next start, nothing more.
    await writeCache(opts.cacheFile, { ...key, encoders: results }).catch(() => undefined);
  }
  return results;
}

/** Encoder ids to try for H.264: working hardware ones by API preference (listing order within one API), then libx264. */
export function preferredH264Encoders(list: readonly HardwareEncoder[]): string[] {
  const working = list.filter((encoder) => encoder.codec === 'h264' && encoder.works);
  const ordered = APIS.flatMap((api) => working.filter((encoder) => encoder.api === api).map((encoder) => encoder.id));
  return [...new Set([...ordered, 'libx264'])];
}

async function testEncoder(run: Runner, binary: string, candidate: Candidate, timeoutMs: number): Promise<HardwareEncoder> {
  let result: RunResult;
  try {
    result = await run(binary, hardwareEncoderTestArgs(candidate), timeoutMs);
  } catch (error) {
    return { ...candidate, works: false, error: error instanceof Error ? error.message : String(error) };
  }
  if (result.code === 0 && !result.timedOut) return { ...candidate, works: true };
  return { ...candidate, works: false, error: failureReason(result, timeoutMs) };
}

// "[h264_nvenc @ 0x55d1c2a0] Cannot load libcuda.so.1" — a message from inside a library, as opposed to
// ffmpeg's generic "Error initializing output stream 0:0 -- …" that follows every failed encoder open.
const RE_CONTEXT_LINE = /^\[[^\]]+ @ (?:0x)?[0-9A-Fa-f]+\]\s*(.*)$/;

/** The last stderr line that came from a library (it names the cause), else the last line at all. */
export function failureReason(result: RunResult, timeoutMs: number): string {
  if (result.timedOut) return `test encode timed out after ${timeoutMs} ms`;
  const lines = splitLines(result.stderr)
    .map((line) => line.trim())
    .filter(Boolean);
  const specific = lines
    .map((line) => RE_CONTEXT_LINE.exec(line)?.[1]?.trim())
    .findLast((message) => message !== undefined && message !== '');
  return specific ?? lines.at(-1) ?? (result.code === null ? 'killed by a signal' : `exited with code ${result.code}`);
}

async function mapLimit<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

interface CacheKey {
  binary: string;
  mtimeMs: number;
  candidates: string[];
}

interface CacheFile extends CacheKey {
  version: number;
  encoders: HardwareEncoder[];
}

/** Undefined when the binary cannot be stat'ed (e.g. a bare name): such results are not cached. */
async function cacheKey(binary: string, candidates: readonly Candidate[]): Promise<CacheKey | undefined> {
  try {
    const file = await realpath(binary);
    const { mtimeMs } = await stat(file);
    return { binary: file, mtimeMs, candidates: candidates.map((candidate) => candidate.id) };
  } catch {
    return undefined;
  }
}

async function readCache(file: string, key: CacheKey): Promise<HardwareEncoder[] | undefined> {
  try {
    const data = JSON.parse(await readFile(file, 'utf8')) as Partial<CacheFile>;
    const matches =
      data.version === CACHE_VERSION &&
      data.binary === key.binary &&
      data.mtimeMs === key.mtimeMs &&
      JSON.stringify(data.candidates) === JSON.stringify(key.candidates) &&
      Array.isArray(data.encoders);
    return matches ? data.encoders : undefined;
  } catch {
    return undefined;
  }
}

async function writeCache(file: string, entry: CacheKey & { encoders: HardwareEncoder[] }): Promise<void> {
  const data: CacheFile = { version: CACHE_VERSION, ...entry };
  await mkdir(path.dirname(file), { recursive: true });
  const temp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    await writeFile(temp, `${JSON.stringify(data, null, 2)}\n`, 'utf8');
    await rename(temp, file);
  } catch (error) {
    await unlink(temp).catch(() => undefined);
    throw error;
  }
}
