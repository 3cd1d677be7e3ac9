// Real FFmpeg SRT callers for the SRT integration tests: every child is bounded by a timeout and killAll() ends
// the ones still running (call it in afterEach).
import { spawn, type ChildProcess } from 'node:child_process';

export interface FfmpegResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stderr: string;
}

export interface FfmpegRun {
  child: ChildProcess;
  stderr(): string;
  done: Promise<FfmpegResult>;
}

const running = new Map<ChildProcess, Promise<FfmpegResult>>();

export function ffmpeg(args: string[], timeoutMs: number): FfmpegRun {
  const child = spawn('ffmpeg', ['-hide_banner', '-nostdin', ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr!.setEncoding('utf8');
  child.stderr!.on('data', (chunk: string) => {
    stderr += chunk;
    if (stderr.length > 200_000) stderr = stderr.slice(-100_000);
  });
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  const done = new Promise<FfmpegResult>((resolve) => {
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      running.delete(child);
      resolve({ code, signal, stderr });
    });
  });
  running.set(child, done);
  return { child, stderr: () => stderr, done };
}

export async function killAll(): Promise<void> {
  const pending = [...running.entries()];
  for (const [child] of pending) child.kill('SIGKILL');
  await Promise.all(pending.map(([, done]) => done));
}

/** The stream id goes into the URL as given (FFmpeg 5 passes it on verbatim, escapes included). */
export function srtUrl(port: number, streamId: string, query = ''): string {
  return `srt://127.0.0.1:${port}?mode=caller&transtype=live&streamid=${streamId}${query}`;
}

/** A live H.264 test picture in MPEG-TS for `seconds` (at real-time speed). */
export function publish(port: number, streamId: string, options: { seconds?: number; query?: string } = {}): FfmpegRun {
  const seconds = options.seconds ?? 8;
  const args = ['-loglevel', 'error', '-re', '-f', 'lavfi', '-i', 'testsrc2=size=320x240:rate=25', '-t', String(seconds)];
  args.push('-c:v', 'libx264', '-preset', 'ultrafast', '-g', '25', '-f', 'mpegts', srtUrl(port, streamId, options.query));
  return ffmpeg(args, (seconds + 15) * 1000);
}

/** Decodes `seconds` of the stream and throws the frames away; decodedFrames() reads how many there were. */
export function subscribe(port: number, streamId: string, options: { seconds?: number; query?: string } = {}): FfmpegRun {
  const seconds = options.seconds ?? 3;
  return ffmpeg(['-i', srtUrl(port, streamId, options.query), '-t', String(seconds), '-f', 'null', '-'], (seconds + 15) * 1000);
}

export function decodedFrames(stderr: string): number {
  const counts = [...stderr.matchAll(/frame=\s*(\d+)/g)];
  return counts.length > 0 ? Number(counts.at(-1)![1]) : 0;
}
