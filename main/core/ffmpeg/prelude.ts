// Reads stock FFmpeg's banner (Input #/Output # sections and the stream mapping) into per-stream descriptions.
import { stripLogPrefix } from './logline.js';
import { emptyProbeIO, type ProbeIO } from './types.js';

export interface PreludeStreams {
  inputs: ProbeIO[];
  outputs: ProbeIO[];
  /** Mapping lines starting with "Stream #" (Core's count; it waits until this equals outputs.length). */
  noutputs: number;
  /** Distinct output streams named as a mapping target ("-> #0:1" or "-> Stream #0:1"), filter graphs included. */
  mappedOutputs: number;
}

const RE_FORMAT = /^(Input|Output) #(\d+), (.*?), (from|to) '(.*)'/;
const RE_FORMAT_UNCLOSED = /^(Input|Output) #(\d+), (.*?), (from|to) '([^']+)/;
const RE_DURATION = /Duration: (\d+):(\d+):(\d+)\.(\d+)/;
const RE_STREAM = /Stream #(\d+):(\d+)(?:\[[0-9a-fx]+\])?(?:\(([a-z]+)\))?: (Video|Audio|Subtitle|Data|Attachment): (.*)/;
const RE_CODEC = /^([^\s,]+)/;
const RE_VIDEO = /, ([0-9A-Za-z]+)(\([^)]+\))?, (\d+)x(\d+)/;
const RE_FPS = /, (\d+(?:\.\d+)?) fps/;
const RE_AUDIO = /, (\d+) Hz, ([^,]+)/;
const RE_BITRATE = /, (\d+) kb\/s/;
const RE_MAPPING = /^Stream mapping:/;
const RE_MAP_STREAM = /^\s+Stream #\d+:\d+/;
const RE_MAP_TARGET = /->\s*(?:Stream\s+)?#(\d+):(\d+)/;
// "Stream #0:0 -> #0:0 (rawvideo (native) -> h264 (libx264))" or "(copy)"
const RE_MAP_SIMPLE = /^\s+Stream #(\d+):(\d+) -> #(\d+):(\d+) \((.*)\)\s*$/;
const RE_MAP_TRANSCODE = /^(\S+) \(([^)]+)\) -> (\S+) \(([^)]+)\)$/;
// Filter graphs: "Stream #0:0 (rawvideo) -> overlay" and "overlay:default -> Stream #0:0 (libx264)"
const RE_MAP_TO_FILTER = /^\s+Stream #(\d+):(\d+) \(([^)]+)\) ->/;
const RE_MAP_FROM_FILTER = /-> Stream #(\d+):(\d+) \(([^)]+)\)/;

export function parsePrelude(rawLines: readonly string[]): PreludeStreams {
  const inputs: ProbeIO[] = [];
  const outputs: ProbeIO[] = [];
  const mappingLines: string[] = [];
  let noutputs = 0;
  let inMapping = false;
  let section: { kind: string; format: string; url: string; duration: number } | null = null;

  for (const raw of rawLines) {
    const line = stripLogPrefix(raw);

    if (RE_MAPPING.test(line)) {
      inMapping = true;
      continue;
    }
    if (inMapping) {
      // Filter-graph mapping lines do not all start with "Stream #", so the block is every indented line.
      if (/^\s+\S/.test(line)) {
        mappingLines.push(line);
        if (RE_MAP_STREAM.test(line)) noutputs++;
        continue;
      }
      inMapping = false;
    }

    const format = RE_FORMAT.exec(line) ?? RE_FORMAT_UNCLOSED.exec(line);
    if (format) {
      section = { kind: format[1]!, format: format[3]!, url: format[5]!, duration: 0 };
      continue;
    }

    const duration = RE_DURATION.exec(line);
    if (duration && section) {
      const [, h, m, s, frac] = duration;
      section.duration = Number(h) * 3600 + Number(m) * 60 + Number(s) + Number(`0.${frac}`);
      continue;
    }

    const stream = RE_STREAM.exec(line);
    if (!stream || !section) continue;

    const io = parseStream(stream, section);
    (section.kind === 'Input' ? inputs : outputs).push(io);
  }

  applyMappingCoders(mappingLines, inputs, outputs);

  const targets = new Set<string>();
  for (const line of mappingLines) {
    const target = RE_MAP_TARGET.exec(line);
    if (target) targets.add(`${target[1]}:${target[2]}`);
  }

  return { inputs, outputs, noutputs, mappedOutputs: targets.size };
}

function parseStream(match: RegExpExecArray, section: { format: string; url: string; duration: number }): ProbeIO {
  const [, index, streamIndex, language, kind, detail = ''] = match;
  const io = emptyProbeIO();
  io.url = section.url;
  io.format = section.format;
  io.duration_sec = section.duration;
  io.index = Number(index);
  io.stream = Number(streamIndex);
  io.language = language?.length === 3 ? language : 'und';
  io.type = kind!.toLowerCase();
  io.codec = RE_CODEC.exec(detail)?.[1] ?? '';

  const bitrate = RE_BITRATE.exec(detail);
  if (bitrate) io.bitrate_kbps = Number(bitrate[1]);

  if (io.type === 'video') {
    const video = RE_VIDEO.exec(detail);
    if (video) {
      io.pix_fmt = video[1]!;
      io.width = Number(video[3]);
      io.height = Number(video[4]);
    }
    const fps = RE_FPS.exec(detail);
    if (fps) io.fps = Number(fps[1]);
  } else if (io.type === 'audio') {
    const audio = RE_AUDIO.exec(detail);
    if (audio) {
      io.sampling_hz = Number(audio[1]);
      io.layout = audio[2]!;
    }
  }
  return io;
}

/**
 * Stock FFmpeg names decoders and encoders only in the stream mapping, so the coder of each stream is taken
 * from there ("native" means the codec's own coder; a copied stream has the coder "copy" on the output side).
 */
function applyMappingCoders(mappingLines: readonly string[], inputs: ProbeIO[], outputs: ProbeIO[]): void {
  const find = (list: ProbeIO[], index: string, stream: string) =>
    list.find((io) => io.index === Number(index) && io.stream === Number(stream));
  const coderOf = (codec: string, coder: string) => (coder === 'native' ? codec : coder);

  for (const line of mappingLines) {
    const simple = RE_MAP_SIMPLE.exec(line);
    if (simple) {
      const [, inIndex, inStream, outIndex, outStream, what = ''] = simple;
      const input = find(inputs, inIndex!, inStream!);
      const output = find(outputs, outIndex!, outStream!);
      const transcode = RE_MAP_TRANSCODE.exec(what);
      if (transcode) {
        if (input) input.coder = coderOf(transcode[1]!, transcode[2]!);
        if (output) output.coder = coderOf(transcode[3]!, transcode[4]!);
      } else if (what === 'copy') {
        if (input && !input.coder) input.coder = input.codec;
        if (output) output.coder = 'copy';
      }
      continue;
    }
    const toFilter = RE_MAP_TO_FILTER.exec(line);
    if (toFilter) {
      const input = find(inputs, toFilter[1]!, toFilter[2]!);
      if (input) input.coder = toFilter[3]!;
      continue;
    }
    const fromFilter = RE_MAP_FROM_FILTER.exec(line);
    if (fromFilter) {
      const output = find(outputs, fromFilter[1]!, fromFilter[2]!);
      if (output) output.coder = fromFilter[3]!;
    }
  }
}
