// Turns cumulative frame/packet/byte counters into deltas and per-second rates (fps, pps, bit/s).
import { SlidingAverage, type Clock } from './SlidingAverage.js';

export interface Counters {
  frame: number;
  packet: number;
  /** bytes */
  size: number;
}

export interface Rates {
  fps: number;
  pps: number;
  /** bit/s */
  bitrate: number;
}

export class RateMeter {
  private last: Counters = { frame: 0, packet: 0, size: 0 };
  private readonly frames: SlidingAverage;
  private readonly packets: SlidingAverage;
  private readonly bits: SlidingAverage;

  constructor(now: Clock) {
    this.frames = new SlidingAverage(now);
    this.packets = new SlidingAverage(now);
    this.bits = new SlidingAverage(now);
  }

  /** Records the new totals and returns how much each grew (never negative: a counter reset is not progress). */
  update(totals: Counters): Counters {
    const delta = {
      frame: Math.max(0, totals.frame - this.last.frame),
      packet: Math.max(0, totals.packet - this.last.packet),
      size: Math.max(0, totals.size - this.last.size),
    };
    this.last = { ...totals };
    this.frames.add(delta.frame);
    this.packets.add(delta.packet);
    this.bits.add(delta.size * 8);
    return delta;
  }

  rates(): Rates {
    return { fps: this.frames.average(), pps: this.packets.average(), bitrate: this.bits.average() };
  }
}
