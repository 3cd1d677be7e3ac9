// Reads stock FFmpeg's periodic stats line ("frame= … q= … size= … time= … speed= …") from FFmpeg 4.x to 7.x.

/** Values present in the line; N/A and missing fields are left out so the caller keeps the previous value. */
export interface StatsLine {
  frame?: number;
  q?: number;
  /** bytes */
  size?: number;
  /** seconds */
  time?: number;
  speed?: number;
  drop?: number;
  dup?: number;
}

// Audio-only outputs print no frame= field, so their stats line starts with size=.
const RE_STATS = /^(?:frame|size)=/;
const RE_FRAME = /frame=\s*(\d+)/;
const RE_Q = /q=\s*(-?\d+(?:\.\d+)?)/;
// "kB" before FFmpeg 7, "KiB" since; both are 1024 bytes. "Lsize=" (final line) matches as well.
const RE_SIZE = /size=\s*(\d+)\s*(?:kB|KiB)/;
const RE_TIME = /time=\s*(-?)(\d+):(\d{2}):(\d{2}(?:\.\d+)?)/;
const RE_SPEED = /speed=\s*(\d+(?:\.\d+)?(?:e[+-]?\d+)?)x/;
const RE_DROP = /drop=\s*(\d+)/;
const RE_DUP = /dup=\s*(\d+)/;

/** Expects a line without log prefixes (see stripLogPrefix). */
export function isStatsLine(line: string): boolean {
  return RE_STATS.test(line);
}

export function parseStatsLine(line: string): StatsLine {
  const stats: StatsLine = {};
  const first = (re: RegExp) => {
    const match = re.exec(line);
    return match ? Number(match[1]) : undefined;
  };

  const frame = first(RE_FRAME);
  if (frame !== undefined) stats.frame = frame;
  const q = first(RE_Q);
  if (q !== undefined) stats.q = q;
  const size = first(RE_SIZE);
  if (size !== undefined) stats.size = size * 1024;
  const speed = first(RE_SPEED);
  if (speed !== undefined) stats.speed = speed;
  const drop = first(RE_DROP);
  if (drop !== undefined) stats.drop = drop;
  const dup = first(RE_DUP);
  if (dup !== undefined) stats.dup = dup;

  const time = RE_TIME.exec(line);
  if (time) {
    const [, sign, h, m, s] = time;
    // A negative time (start offsets, FFmpeg 7's bogus first value) means "nothing output yet".
    stats.time = sign === '-' ? 0 : Number(h) * 3600 + Number(m) * 60 + Number(s);
  }
  return stats;
}
