// Shared pieces of the RTMP tests: real FFmpeg publishers/players (bounded with -t, killed by the test's cleanup),
// a self-signed certificate, and a recording logger.
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const FFMPEG = '/usr/bin/ffmpeg';

export interface FfmpegRun {
  child: ChildProcess;
  /** Resolves when the process exits (never rejects). */
  done: Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>;
  stderr(): string;
}

const running = new Set<ChildProcess>();

export function runFfmpeg(args: string[]): FfmpegRun {
  const child = spawn(FFMPEG, ['-hide_banner', '-nostdin', '-y', ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
  running.add(child);
  let stderr = '';
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (text: string) => {
    stderr += text;
    // Keep the tail only: progress lines add up over a long run.
    if (stderr.length > 200_000) stderr = stderr.slice(-100_000);
  });
  const done = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>((resolve) => {
    child.on('exit', (code, signal) => {
      running.delete(child);
      // 'exit' can come before the last stderr bytes; give the pipe a moment.
      setTimeout(() => resolve({ code, signal, stderr }), 50);
    });
    child.on('error', () => {
      running.delete(child);
      resolve({ code: -1, signal: null, stderr });
    });
  });
  return { child, done, stderr: () => stderr };
}

/** Kills every FFmpeg these helpers started and waits for them (afterEach). */
export async function killAllFfmpeg(): Promise<void> {
  const children = [...running];
  await Promise.all(
    children.map(
      (child) =>
        new Promise<void>((resolve) => {
          if (child.exitCode !== null || child.signalCode !== null) return resolve();
          child.once('exit', () => resolve());
          child.kill('SIGKILL');
        }),
    ),
  );
}

/** A test-source publisher (H.264 + AAC, one key frame per second) for `seconds`. */
export function publish(url: string, seconds = 6): FfmpegRun {
  return runFfmpeg([
    '-re',
    '-f', 'lavfi', '-i', 'testsrc2=size=320x240:rate=25',
    '-f', 'lavfi', '-i', 'sine',
    '-t', String(seconds),
    '-c:v', 'libx264', '-preset', 'ultrafast', '-g', '25',
    '-c:a', 'aac',
    '-f', 'flv', url,
  ]);
}

/** A player decoding `seconds` of the stream into the null muxer. */
export function play(url: string, seconds = 2): FfmpegRun {
  return runFfmpeg(['-rw_timeout', '15000000', '-i', url, '-t', String(seconds), '-f', 'null', '-']);
}

/** The last `frame=` count FFmpeg reported. */
export function decodedFrames(stderr: string): number {
  const matches = [...stderr.matchAll(/frame=\s*(\d+)/g)];
  return matches.length === 0 ? 0 : Number(matches[matches.length - 1]![1]);
}

export interface SelfSigned {
  dir: string;
  certFile: string;
  keyFile: string;
  cert: string;
  key: string;
  remove(): void;
}

export function selfSignedCertificate(): SelfSigned {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'rtmps-'));
  const certFile = path.join(dir, 'cert.pem');
  const keyFile = path.join(dir, 'key.pem');
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-subj', '/CN=localhost', '-days', '2', '-keyout', keyFile, '-out', certFile], {
    stdio: 'ignore',
  });
  return {
    dir,
    certFile,
    keyFile,
    cert: readFileSync(certFile, 'utf8'),
    key: readFileSync(keyFile, 'utf8'),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
