// Number formatting and the "why did it fail" wording shared by the screens.
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds <= 0) return '0s';
  const s = Math.floor(seconds);
  const d = Math.floor(s / 86400);
  const h = Math.floor((s % 86400) / 3600);
  const m = Math.floor((s % 3600) / 60);
  const rest = s % 60;
  if (d > 0) return `${d}d ${h}h`;
  if (h > 0) return `${h}h ${m}m`;
  if (m > 0) return `${m}m ${rest}s`;
  return `${rest}s`;
}

export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes)) return '–';
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (Math.abs(value) >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${value.toFixed(unit === 0 ? 0 : 1)} ${units[unit]}`;
}

export function formatKbit(kbit: number): string {
  if (!Number.isFinite(kbit)) return '–';
  return kbit >= 1000 ? `${(kbit / 1000).toFixed(2)} Mbit/s` : `${kbit.toFixed(0)} kbit/s`;
}

/**
 * The output bitrate of a running process. Stock FFmpeg reports size=N/A (so bitrate 0) for muxers that write many
 * files, like HLS: frames flowing with a zero bitrate means "not reported", not "nothing sent".
 */
export function formatProgressBitrate(progress: { bitrate_kbit: number; fps: number } | undefined): string {
  if (!progress) return '–';
  if (progress.bitrate_kbit === 0 && progress.fps > 0) return 'n/a';
  return formatKbit(progress.bitrate_kbit);
}

export function formatTime(unixSeconds: number | string): string {
  const value = Number(unixSeconds);
  return Number.isFinite(value) && value > 0 ? new Date(value * 1000).toLocaleString() : '–';
}

const REASONS: [RegExp, string][] = [
  [/connection refused/i, 'The source refused the connection: nothing is listening at the input address.'],
  [/timed? ?out/i, 'The source did not answer in time.'],
  [/404|not found/i, 'The input was not found: the stream or file does not exist (yet).'],
  [/401|403|unauthori[sz]ed|forbidden/i, 'The source rejected the credentials or token.'],
  [/no such file or directory/i, 'A file or device named in the command does not exist.'],
  [/invalid data found/i, 'The input is not a media stream FFmpeg understands.'],
  [/unrecognized option|option .* not found|error splitting the argument list/i, 'The FFmpeg command has an invalid option.'],
  [/unknown encoder|encoder not found|unknown decoder/i, 'The FFmpeg build lacks a codec used in the command.'],
  [/stale|no progress/i, 'The process stalled: no progress within the stale timeout.'],
  [/broken pipe|connection reset|end of file/i, 'The connection to the source or destination broke.'],
  [/operation not permitted/i, 'The stream is not being published (yet), or the server refused to play it.'],
  [/permission denied/i, 'Permission denied when opening an input or output.'],
  [/address already in use/i, 'The output address is already in use.'],
];

/** Puts a failed process's last log line into words; falls back to the line itself. */
export function failureReason(lastLine: string | undefined): string {
  const line = (lastLine ?? '').trim();
  if (line === '') return 'The process ended without a log message.';
  for (const [pattern, reason] of REASONS) if (pattern.test(line)) return reason;
  return `FFmpeg stopped: ${line}`;
}
