// The "New channel" wizard's pure part: wizard state → the process configs it creates (ingest, egress, recording),
// plus the publish addresses shown to the user. No React, no API: unit-tested on its own.
import type { ConfigData, ConfigValue, ProcessConfig, ProcessConfigIO } from '../api/types.js';

export type SourceKind = 'rtmp' | 'srt' | 'network' | 'device';

export interface DeviceChoice {
  /** The demuxer: video4linux2, alsa, avfoundation or dshow. */
  demuxer: string;
  device: string;
}

export interface Encoding {
  mode: 'copy' | 'h264';
  /** FFmpeg encoder, e.g. libx264 or h264_nvenc. */
  encoder: string;
  /** "source" or WIDTHxHEIGHT */
  resolution: string;
  bitrateKbit: number;
  /** 0 = keep the source's frame rate */
  framerate: number;
}

export type Service = 'youtube' | 'twitch' | 'facebook' | 'kick' | 'custom';

export interface Destination {
  /** Stable number: the process id is ui:egress:<n>:<channel>. */
  n: number;
  service: Service;
  /** Stream key for the presets. */
  key: string;
  /** Full URL for a custom destination (rtmp://, rtmps:// or srt://). */
  url: string;
}

export interface Recording {
  enabled: boolean;
  segmentSeconds: number;
  retentionDays: number;
}

export interface WizardState {
  channel: string;
  source: SourceKind;
  networkUrl: string;
  device: DeviceChoice | null;
  encoding: Encoding;
  destinations: Destination[];
  recording: Recording;
}

export const SERVICES: { id: Service; label: string; prefix: string }[] = [
  { id: 'youtube', label: 'YouTube', prefix: 'rtmp://a.rtmp.youtube.com/live2/' },
  { id: 'twitch', label: 'Twitch', prefix: 'rtmp://live.twitch.tv/app/' },
  { id: 'facebook', label: 'Facebook', prefix: 'rtmps://live-api-s.facebook.com:443/rtmp/' },
  { id: 'kick', label: 'Kick', prefix: 'rtmps://fa723fc1b171.global-contribute.live-video.net/app/' },
  { id: 'custom', label: 'Custom RTMP/RTMPS/SRT URL', prefix: '' },
];

export const RESOLUTIONS = ['source', '1920x1080', '1280x720', '854x480', '640x360'];
export const BITRATES = [6000, 4500, 3000, 2500, 1500, 800];
export const FRAMERATES = [0, 60, 50, 30, 25];

export const NETWORK_SCHEMES = ['http:', 'https:', 'rtsp:', 'rtmp:', 'rtmps:', 'srt:', 'udp:'];

export function defaultState(channel: string): WizardState {
  return {
    channel,
    source: 'rtmp',
    networkUrl: '',
    device: null,
    encoding: { mode: 'copy', encoder: 'libx264', resolution: '1280x720', bitrateKbit: 3000, framerate: 30 },
    destinations: [],
    recording: { enabled: false, segmentSeconds: 600, retentionDays: 7 },
  };
}

/** A channel name usable in process ids, memfs paths and stream keys. */
export function channelProblem(channel: string): string | null {
  if (channel === '') return 'Enter a channel name.';
  if (!/^[a-z0-9][a-z0-9_-]{0,63}$/.test(channel)) return 'Use lower-case letters, digits, "-" and "_" (start with a letter or digit).';
  return null;
}

export const ingestId = (channel: string) => `ui:ingest:${channel}`;
export const egressId = (n: number, channel: string) => `ui:egress:${n}:${channel}`;
export const recordId = (channel: string) => `ui:record:${channel}`;
export const probeId = (channel: string) => `ui:probe:${channel}`;
/** The id of the ingest's HLS output; egress and recording read it with `#<ingest>:output=out`. */
export const INGEST_OUTPUT = 'out';

export function destinationUrl(destination: Destination): string {
  if (destination.service === 'custom') return destination.url.trim();
  const service = SERVICES.find((entry) => entry.id === destination.service)!;
  return service.prefix + destination.key.trim();
}

export function destinationProblem(destination: Destination): string | null {
  if (destination.service === 'custom') {
    const url = destination.url.trim();
    if (!/^(rtmps?|srt):\/\/[^/\s]+/.test(url)) return 'Enter an rtmp://, rtmps:// or srt:// URL.';
    return null;
  }
  return destination.key.trim() === '' ? 'Enter the stream key.' : null;
}

export function networkUrlProblem(url: string): string | null {
  try {
    const parsed = new URL(url.trim());
    return NETWORK_SCHEMES.includes(parsed.protocol) ? null : `Use one of ${NETWORK_SCHEMES.map((scheme) => scheme + '//').join(', ')}.`;
  } catch {
    return 'Enter a full URL, e.g. rtsp://camera.local/stream1.';
  }
}

const INPUT_OPTIONS = ['-fflags', '+genpts', '-thread_queue_size', '512', '-probesize', '5000000', '-analyzeduration', '3000000'];
const GLOBAL_OPTIONS = ['-loglevel', 'level+info', '-err_detect', 'ignore_err'];

function deviceInput(device: DeviceChoice): ProcessConfigIO {
  switch (device.demuxer) {
    case 'alsa':
      return { id: 'input_0', address: device.device, options: ['-f', 'alsa', '-thread_queue_size', '512'] };
    case 'avfoundation':
      return { id: 'input_0', address: device.device, options: ['-f', 'avfoundation', '-framerate', '30', '-thread_queue_size', '512'] };
    case 'dshow':
      return { id: 'input_0', address: `video=${device.device}`, options: ['-f', 'dshow', '-thread_queue_size', '512'] };
    default:
      return { id: 'input_0', address: device.device, options: ['-f', 'video4linux2', '-thread_queue_size', '512'] };
  }
}

/** The ingest's input: the appliance's own RTMP/SRT server, a network URL or a capture device. */
export function ingestInput(state: WizardState): ProcessConfigIO {
  const ch = state.channel;
  switch (state.source) {
    case 'rtmp':
      return { id: 'input_0', address: `{rtmp,name=${ch}.stream}`, options: [...INPUT_OPTIONS] };
    case 'srt':
      return { id: 'input_0', address: `{srt,name=${ch},mode=request}`, options: [...INPUT_OPTIONS] };
    case 'device':
      return deviceInput(state.device ?? { demuxer: 'video4linux2', device: '/dev/video0' });
    default: {
      const url = state.networkUrl.trim();
      const options = url.startsWith('rtsp:') ? ['-rtsp_transport', 'tcp', ...INPUT_OPTIONS] : [...INPUT_OPTIONS];
      return { id: 'input_0', address: url, options };
    }
  }
}

/** Codec options of the ingest: copy both, or H.264 + AAC with the chosen presets. */
export function codecOptions(encoding: Encoding): string[] {
  const maps = ['-map', '0:v:0?', '-map', '0:a:0?'];
  if (encoding.mode === 'copy') return [...maps, '-codec:v', 'copy', '-codec:a', 'copy'];
  const bitrate = `${encoding.bitrateKbit}k`;
  const video = ['-codec:v', encoding.encoder, '-b:v', bitrate, '-maxrate', bitrate, '-bufsize', `${encoding.bitrateKbit * 2}k`];
  if (encoding.encoder === 'libx264') video.push('-preset', 'veryfast', '-tune', 'zerolatency', '-profile:v', 'high');
  if (encoding.resolution !== 'source') video.push('-s', encoding.resolution);
  if (encoding.framerate > 0) video.push('-r', String(encoding.framerate), '-g', String(encoding.framerate * 2));
  else video.push('-g', '60');
  video.push('-pix_fmt', 'yuv420p');
  return [...maps, ...video, '-codec:a', 'aac', '-b:a', '128k', '-ar', '44100'];
}

export function buildIngest(state: WizardState): ProcessConfig {
  const ch = state.channel;
  return {
    type: 'ffmpeg',
    id: ingestId(ch),
    reference: ch,
    input: [ingestInput(state)],
    output: [
      {
        id: INGEST_OUTPUT,
        address: `{memfs}/${ch}.m3u8`,
        options: [
          '-dn',
          '-sn',
          ...codecOptions(state.encoding),
          '-f',
          'hls',
          '-start_number',
          '0',
          '-hls_time',
          '2',
          '-hls_list_size',
          '6',
          '-hls_flags',
          'append_list+delete_segments+program_date_time+temp_file',
          '-hls_delete_threshold',
          '4',
          '-hls_segment_filename',
          `{memfs}/${ch}_%04d.ts`,
          '-method',
          'PUT',
        ],
        cleanup: [
          { pattern: `memfs:/${ch}**`, purge_on_delete: true },
          { pattern: `memfs:/${ch}.m3u8`, max_file_age_seconds: 24, purge_on_delete: true },
          { pattern: `memfs:/${ch}_**.ts`, max_files: 12, max_file_age_seconds: 24, purge_on_delete: true },
        ],
      },
    ],
    options: [...GLOBAL_OPTIONS, '-y'],
    autostart: true,
    reconnect: true,
    reconnect_delay_seconds: 15,
    stale_timeout_seconds: 30,
    limits: { cpu_usage: 0, memory_mbytes: 0, waitfor_seconds: 5 },
  };
}

/**
 * Destinations and the recording read the ingest's HLS playlist, which exists only a few seconds after the ingest
 * starts: a short retry delay lets them follow at once instead of waiting 15 s after their first (expected) miss.
 */
const FOLLOWER_RECONNECT_SECONDS = 3;

export function buildEgress(state: WizardState, destination: Destination): ProcessConfig {
  const ch = state.channel;
  const url = destinationUrl(destination);
  const format = url.startsWith('srt:') ? 'mpegts' : 'flv';
  return {
    type: 'ffmpeg',
    id: egressId(destination.n, ch),
    reference: ch,
    input: [{ id: 'input_0', address: `#${ingestId(ch)}:output=${INGEST_OUTPUT}`, options: ['-re'] }],
    output: [{ id: 'output_0', address: url, options: ['-c', 'copy', '-f', format] }],
    options: [...GLOBAL_OPTIONS],
    autostart: true,
    reconnect: true,
    reconnect_delay_seconds: FOLLOWER_RECONNECT_SECONDS,
    stale_timeout_seconds: 30,
  };
}

export function buildRecording(state: WizardState): ProcessConfig {
  const ch = state.channel;
  const dir = `recordings/${ch}`;
  return {
    type: 'ffmpeg',
    id: recordId(ch),
    reference: ch,
    input: [{ id: 'input_0', address: `#${ingestId(ch)}:output=${INGEST_OUTPUT}`, options: [] }],
    output: [
      {
        id: 'recording',
        address: `{diskfs}/${dir}/index.m3u8`,
        options: [
          '-c',
          'copy',
          '-f',
          'hls',
          '-hls_time',
          String(state.recording.segmentSeconds),
          '-hls_list_size',
          '0',
          '-hls_playlist_type',
          'event',
          '-hls_flags',
          'append_list+program_date_time',
          '-strftime',
          '1',
          '-strftime_mkdir',
          '1',
          '-hls_segment_filename',
          `{diskfs}/${dir}/%Y%m%d-%H%M%S.ts`,
        ],
        cleanup: [{ pattern: `diskfs:/${dir}/**.ts`, max_file_age_seconds: state.recording.retentionDays * 86400 }],
      },
    ],
    options: [...GLOBAL_OPTIONS, '-y'],
    autostart: true,
    reconnect: true,
    reconnect_delay_seconds: FOLLOWER_RECONNECT_SECONDS,
    stale_timeout_seconds: 30,
  };
}

/** Every process the wizard creates, in creation order: the ingest first (the others reference it). */
export function buildProcesses(state: WizardState): ProcessConfig[] {
  const list = [buildIngest(state), ...state.destinations.map((destination) => buildEgress(state, destination))];
  if (state.recording.enabled) list.push(buildRecording(state));
  return list;
}

/** The temporary process whose probe tells which streams a network URL or device carries. */
export function buildProbe(state: WizardState): ProcessConfig {
  return {
    type: 'ffmpeg',
    id: probeId(state.channel),
    reference: state.channel,
    input: [ingestInput(state)],
    output: [{ id: 'output_0', address: '-', options: ['-dn', '-sn', '-codec', 'copy', '-f', 'null'] }],
    options: [],
    autostart: false,
    reconnect: false,
  };
}

// ---- publish addresses --------------------------------------------------------------------------

function get(data: ConfigData | undefined, path: string): ConfigValue | undefined {
  let value: ConfigValue | undefined = data as ConfigValue | undefined;
  for (const key of path.split('.')) {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
    value = value[key];
  }
  return value;
}

function portOf(address: string, fallback: string): string {
  return /:(\d+)$/.exec(address)?.[1] ?? fallback;
}

/** The host a publisher should connect to: the first configured public host name, else the page's host. */
export function publicHost(config: ConfigData | undefined, pageHost: string): string {
  const names = get(config, 'host.name');
  const first = Array.isArray(names) && typeof names[0] === 'string' && names[0] !== '' ? names[0] : pageHost || 'localhost';
  return first.includes(':') && !first.startsWith('[') ? `[${first}]` : first;
}

export interface RtmpPublish {
  enabled: boolean;
  server: string;
  key: string;
  /** The name GET /api/v3/rtmp reports while the stream is published. */
  channelName: string;
}

export function rtmpPublish(config: ConfigData | undefined, pageHost: string, channel: string): RtmpPublish {
  const enabled = get(config, 'rtmp.enable') === true;
  const address = String(get(config, 'rtmp.address') ?? ':1935');
  const rawApp = String(get(config, 'rtmp.app') ?? '/');
  const app = rawApp === '/' ? '' : '/' + rawApp.replace(/^\/+|\/+$/g, '');
  const token = String(get(config, 'rtmp.token') ?? '');
  return {
    enabled,
    server: `rtmp://${publicHost(config, pageHost)}:${portOf(address, '1935')}${app}`,
    key: `${channel}.stream${token ? '/' + token : ''}`,
    channelName: `${app}/${channel}.stream`,
  };
}

export interface SrtPublish {
  enabled: boolean;
  url: string;
  passphrase: string;
}

export function srtPublish(config: ConfigData | undefined, pageHost: string, channel: string): SrtPublish {
  const enabled = get(config, 'srt.enable') === true;
  const address = String(get(config, 'srt.address') ?? ':6000');
  const token = String(get(config, 'srt.token') ?? '');
  const passphrase = String(get(config, 'srt.passphrase') ?? '');
  const streamid = `${channel},mode:publish${token ? ',token:' + token : ''}`;
  return {
    enabled,
    url: `srt://${publicHost(config, pageHost)}:${portOf(address, '6000')}?mode=caller&transtype=live&streamid=${streamid}${passphrase ? '&passphrase=' + passphrase : ''}`,
    passphrase,
  };
}

/** Capture devices from GET /api/v3/skills (only the demuxers the wizard knows how to open). */
export const DEVICE_DEMUXERS = ['video4linux2', 'v4l2', 'alsa', 'avfoundation', 'dshow'];

/** Quotes one argument for a POSIX shell when it needs it. */
function shellQuote(arg: string): string {
  return /^[\w@%+=:,./{}^#-]+$/.test(arg) ? arg : `'${arg.replaceAll("'", "'\\''")}'`;
}

/**
 * The FFmpeg command a process body stands for, as an expert would read it: global options, then each input's
 * options and -i address, then each output's options and address. Placeholders ({memfs}, {rtmp,...}, #id:output=)
 * stay as written: the engine resolves them when it starts the process.
 */
export function commandLine(config: ProcessConfig): string {
  const args = ['ffmpeg', ...(config.options ?? [])];
  for (const input of config.input) args.push(...(input.options ?? []), '-i', input.address);
  for (const output of config.output) args.push(...(output.options ?? []), output.address);
  return args.map(shellQuote).join(' ');
}
