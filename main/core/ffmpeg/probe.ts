// Turns the stderr of a probe run (inputs only, no outputs) into Core's api.Probe: the log and the input streams.
import { stripLogPrefix } from './logline.js';
import { JSON_PREFIX, decodeJsonIO } from './patched.js';
import { parsePrelude } from './prelude.js';
import type { Probe } from './types.js';

/** Prefers datarhei FFmpeg's first ffmpeg.inputs: line; any other FFmpeg is read from its banner. */
export function parseProbe(lines: readonly string[]): Probe {
  // Playout status lines are noise in a probe log (Core drops them as they arrive).
  const log = lines.filter((line) => !stripLogPrefix(line).startsWith(JSON_PREFIX.avstream));

  const jsonLine = log.map(stripLogPrefix).find((line) => line.startsWith(JSON_PREFIX.inputs));
  const fromJson = jsonLine === undefined ? null : decodeJsonIO(jsonLine.slice(JSON_PREFIX.inputs.length));

  return { log, streams: fromJson ?? parsePrelude(log).inputs };
}
