// Parses one FFmpeg process's stderr, line by line, into Core's progress, log and report (stock and datarhei FFmpeg).
import { stripLogPrefix } from '../logline.js';
import { JSON_PREFIX, decodeAVstream, decodeJsonIO, decodeJsonProgress, type JsonProgressIO } from '../patched.js';
import { parsePrelude } from '../prelude.js';
import type { AVstream, ProbeIO, ProcessReport, ProcessReportHistoryEntry, Progress, ProgressIO, ReportLogLine } from '../types.js';
import { RateMeter, type Counters, type Rates } from './RateMeter.js';
import { ReportLog } from './ReportLog.js';
import type { Clock } from './SlidingAverage.js';
import { isStatsLine, parseStatsLine } from './statsLine.js';

export interface ParserConfig {
  /** ffmpeg.log.max_lines: log lines kept per run (Core's default 50; at least 1) */
  maxLines?: number;
  /** ffmpeg.log.max_history: previous runs kept in the report (Core's default 3; 0 keeps none) */
  maxHistory?: number;
  preludeHeadLines?: number;
  preludeTailLines?: number;
  /** milliseconds since the epoch; injectable so rates and timestamps are testable */
  now?: Clock;
}

// Core waits for the Output sections forever when they never match the mapping; we give up after this long
// (measured from the first stats line) and report whatever streams were found.
const PRELUDE_WAIT_MS = 10_000;

interface IOCounters extends Counters {
  keyframe: number;
  framerate: { min: number; max: number; avg: number };
  q: number;
  extradata: number;
}

interface Track {
  info: ProbeIO;
  counters: IOCounters;
  rates: Rates;
  meter: RateMeter | null;
}

interface Totals extends Counters {
  q: number;
  /** seconds */
  time: number;
  speed: number;
  drop: number;
  dup: number;
}

type LineKind = 'stats' | 'inputs' | 'outputs' | 'progress' | 'avstream' | 'log';

const NO_RATES: Rates = { fps: 0, pps: 0, bitrate: 0 };

function emptyCounters(): IOCounters {
  return { frame: 0, packet: 0, size: 0, keyframe: 0, framerate: { min: 0, max: 0, avg: 0 }, q: 0, extradata: 0 };
}

function emptyTotals(): Totals {
  return { frame: 0, packet: 0, size: 0, q: 0, time: 0, speed: 0, drop: 0, dup: 0 };
}

function classify(line: string): LineKind {
  if (isStatsLine(line)) return 'stats';
  if (line.startsWith(JSON_PREFIX.inputs)) return 'inputs';
  if (line.startsWith(JSON_PREFIX.outputs)) return 'outputs';
  if (line.startsWith(JSON_PREFIX.progress)) return 'progress';
  if (line.startsWith(JSON_PREFIX.avstream)) return 'avstream';
  // ffmpeg.mapping: is logged, not parsed, like Core v16 (it shows up as last_logline).
  return 'log';
}

function payloadOf(line: string, kind: Exclude<LineKind, 'stats' | 'log'>): string {
  return line.slice(JSON_PREFIX[kind].length);
}

/** Numbers go out as Core prints them: "%.3f". */
function round3(value: number): number {
  return Math.round(value * 1000) / 1000;
}

function track(info: ProbeIO): Track {
  return { info, counters: emptyCounters(), rates: NO_RATES, meter: null };
}

export class Parser {
  private readonly now: Clock;
  private readonly reportLog: ReportLog;

  private preludeDone = false;
  private jsonMode = false;
  private firstStatsAt: number | null = null;

  private inputs: Track[] = [];
  private outputs: Track[] = [];
  private totals: Totals = emptyTotals();
  private mainMeter: RateMeter | null = null;
  private mainRates: Rates = NO_RATES;
  private avstreams = new Map<string, AVstream>();

  private changes = 0;

  constructor(config: ParserConfig = {}) {
    this.now = config.now ?? Date.now;
    this.reportLog = new ReportLog({
      maxLines: config.maxLines ?? 50,
      maxHistory: config.maxHistory ?? 3,
      preludeHeadLines: config.preludeHeadLines ?? 100,
      preludeTailLines: config.preludeTailLines ?? 50,
      now: this.now,
    });
  }

  /**
   * Feeds one stderr line (without its "\r"/"\n"). Returns how far the process advanced with this line
   * (> 0 means progress; 0 for log lines and stalls), which a stale watcher uses.
   */
  parse(rawLine: string): number {
    this.changes++;
    const line = stripLogPrefix(rawLine);
    const kind = classify(line);

    if (!this.preludeDone) {
      switch (kind) {
        // The patched FFmpeg's counters can only be matched to streams once ffmpeg.outputs has arrived.
        case 'progress':
        case 'avstream':
          return 0;
        case 'inputs':
        case 'outputs':
          this.acceptJsonStreams(kind, payloadOf(line, kind));
          return 0;
        case 'stats':
          if (this.jsonMode) return 0;
          this.tryStockPrelude();
          break;
      }
    }

    switch (kind) {
      case 'stats':
        return this.onStats(line);
      case 'progress':
        return this.onJsonProgress(payloadOf(line, kind));
      case 'avstream':
        this.onAVstream(payloadOf(line, kind));
        return 0;
      default:
        this.reportLog.add(rawLine, !this.preludeDone);
        return 0;
    }
  }

  /** Grows whenever progress() may have changed (every line, every reset). */
  get revision(): number {
    return this.changes;
  }

  /** Grows whenever report() changed. */
  get reportRevision(): number {
    return this.reportLog.revision;
  }

  progress(): Progress {
    const totals = this.totals;
    return {
      inputs: this.inputs.map((input) => this.exportIO(input, this.avstreamOf(input.info))),
      outputs: this.outputs.map((output) => this.exportIO(output, null)),
      frame: totals.frame,
      packet: totals.packet,
      fps: round3(this.mainRates.fps),
      q: round3(totals.q),
      size_kb: Math.floor(totals.size / 1024),
      time: round3(totals.time),
      bitrate_kbit: round3(this.mainRates.bitrate / 1024),
      speed: round3(totals.speed),
      drop: totals.drop,
      dup: totals.dup,
    };
  }

  /** Lines before progress started (head and tail, see PreludeBuffer). */
  prelude(): string[] {
    return this.reportLog.prelude();
  }

  /** The last maxLines non-progress lines, oldest first. */
  log(): ReportLogLine[] {
    return this.reportLog.log();
  }

  lastLogline(): string {
    return this.reportLog.lastLine();
  }

  /** Previous runs, oldest first. */
  history(): ProcessReportHistoryEntry[] {
    return this.reportLog.history();
  }

  report(): ProcessReport {
    return this.reportLog.report();
  }

  /**
   * Call when the process exits: counters, rates and the detected streams are cleared (Core's ResetStats),
   * the log and prelude stay readable until the next resetLog().
   */
  resetStats(): void {
    this.changes++;
    this.preludeDone = false;
    this.jsonMode = false;
    this.firstStatsAt = null;
    this.inputs = [];
    this.outputs = [];
    this.totals = emptyTotals();
    this.mainMeter = null;
    this.mainRates = NO_RATES;
    this.avstreams.clear();
  }

  /**
   * Call when the process starts: the current report becomes a history entry (if it has a prelude, like Core)
   * and a new, empty report begins now.
   */
  resetLog(): void {
    this.reportLog.rotate();
    this.preludeDone = false;
    this.firstStatsAt = null;
  }

  /** Copies this parser's history into another one (a process update keeps the old runs' reports). */
  transferHistoryTo(target: Parser): void {
    this.reportLog.transferHistoryTo(target.reportLog);
  }

  private acceptJsonStreams(kind: 'inputs' | 'outputs', payload: string): void {
    const streams = decodeJsonIO(payload);
    if (!streams) return;
    this.jsonMode = true;
    this[kind] = streams.map(track);
    if (kind === 'outputs') this.preludeDone = true;
  }

  private tryStockPrelude(): void {
    const now = this.now();
    this.firstStatsAt ??= now;
    const found = parsePrelude(this.reportLog.prelude());
    this.inputs = found.inputs.map(track);
    this.outputs = found.outputs.map(track);
    // Core demands outputs == "Stream #" mapping lines, which filter graphs never satisfy; counting the
    // mapping's target streams instead only waits for Output sections printed after the first stats line.
    const complete = found.outputs.length > 0 && found.outputs.length >= found.mappedOutputs;
    if (complete || now - this.firstStatsAt >= PRELUDE_WAIT_MS) this.preludeDone = true;
  }

  private onStats(line: string): number {
    const stats = parseStatsLine(line);
    const before = { ...this.totals };
    Object.assign(this.totals, stats);

    if (!this.jsonMode) this.attributeStockStats();

    const delta = this.updateRates().main;
    if (stats.frame !== undefined) return delta.frame;
    // Audio-only outputs have no frame counter: bytes written, or else media time, show the progress.
    if (delta.size > 0) return delta.size;
    return Math.max(0, Math.round((this.totals.time - before.time) * 1000));
  }

  /**
   * Stock FFmpeg prints only global numbers. frame= and q= are those of the first video output stream, so
   * they belong to it; the size is the sum over all outputs, so it belongs to a stream only when there is one.
   */
  private attributeStockStats(): void {
    const video = this.outputs.find((output) => output.info.type === 'video');
    if (video) {
      video.counters.frame = this.totals.frame;
      video.counters.q = this.totals.q;
    }
    if (this.outputs.length === 1) this.outputs[0]!.counters.size = this.totals.size;
  }

  private onJsonProgress(payload: string): number {
    const progress = decodeJsonProgress(payload);
    if (!progress) return 0;

    const { inputs, outputs, ...totals } = progress;
    this.totals = totals;
    // Per-stream numbers are matched by position, so they are only usable when the counts agree.
    const perStream = inputs.length === this.inputs.length && outputs.length === this.outputs.length;
    if (perStream) {
      inputs.forEach((io, i) => this.setCounters(this.inputs[i]!, io));
      outputs.forEach((io, i) => this.setCounters(this.outputs[i]!, io));
    }

    const delta = this.updateRates();
    // Like Core, multiply the total's advance by every output's, so one stalled output reads as stale.
    // Packets stand in for frames where a stream has no frame counter (audio-only copies).
    let advance = delta.main.frame || delta.main.packet;
    if (perStream) for (const out of delta.outputs) advance *= out.frame || out.packet;
    return Math.min(advance, Number.MAX_SAFE_INTEGER);
  }

  private setCounters(target: Track, io: JsonProgressIO): void {
    target.counters = {
      frame: io.frame,
      packet: io.packet,
      size: io.size,
      keyframe: io.keyframe,
      framerate: io.framerate,
      q: io.q,
      extradata: io.extradata,
    };
  }

  private onAVstream(payload: string): void {
    const decoded = decodeAVstream(payload);
    if (!decoded) return;
    for (const key of decoded.keys) this.avstreams.set(key, decoded.avstream);
  }

  private avstreamOf(info: ProbeIO): AVstream | null {
    return this.avstreams.get(info.url) ?? this.avstreams.get(`playout:${info.url}`) ?? null;
  }

  private updateRates(): { main: Counters; outputs: Counters[] } {
    this.mainMeter ??= new RateMeter(this.now);
    const main = this.mainMeter.update(this.totals);
    this.mainRates = this.mainMeter.rates();
    const measure = (io: Track): Counters => {
      io.meter ??= new RateMeter(this.now);
      const delta = io.meter.update(io.counters);
      io.rates = io.meter.rates();
      return delta;
    };
    this.inputs.forEach(measure);
    return { main, outputs: this.outputs.map(measure) };
  }

  private exportIO(io: Track, avstream: AVstream | null): ProgressIO {
    const { info, counters, rates } = io;
    return {
      id: '',
      address: info.url,
      index: info.index,
      stream: info.stream,
      format: info.format,
      type: info.type,
      codec: info.codec,
      coder: info.coder,
      frame: counters.frame,
      keyframe: counters.keyframe,
      framerate: {
        min: round3(counters.framerate.min),
        max: round3(counters.framerate.max),
        avg: round3(counters.framerate.avg),
      },
      fps: round3(rates.fps),
      packet: counters.packet,
      pps: round3(rates.pps),
      size_kb: Math.floor(counters.size / 1024),
      bitrate_kbit: round3(rates.bitrate / 1024),
      extradata_size_bytes: counters.extradata,
      pix_fmt: info.pix_fmt,
      q: round3(counters.q),
      width: info.width,
      height: info.height,
      sampling_hz: info.sampling_hz,
      layout: info.layout,
      channels: info.channels,
      avstream,
    };
  }
}
