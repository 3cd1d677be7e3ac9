// Runs FFmpeg and the device tools for skills gathering: one bounded child per call, environment stripped to PATH.
import { execFile, type ExecFileException } from 'node:child_process';
import { pathFromEnv } from '../binary.js';

export interface RunResult {
  /** exit code; null when the child ended by a signal (including the timeout's kill) */
  code: number | null;
  stdout: string;
  stderr: string;
  /** true when the child was killed because it outlived timeoutMs */
  timedOut?: boolean;
}

/** Resolves for every child that ran (whatever its exit code); rejects when it could not run at all. */
export type Runner = (binary: string, args: readonly string[], timeoutMs: number) => Promise<RunResult>;

export interface ExecRunnerOptions {
  /** where PATH (and, on Windows, SystemRoot) come from; default process.env */
  env?: NodeJS.ProcessEnv;
  platform?: NodeJS.Platform;
  /** per stream; `ffmpeg -filters` prints ~40 KiB, so 8 MiB only stops a runaway child */
  maxBuffer?: number;
}

/**
 * Core runs every probe with an empty environment; we keep PATH so tools find their helpers, and on Windows
 * SystemRoot, without which Winsock and many DLLs fail to load (Go's os/exec adds it for the same reason).
 */
export function childEnv(env: NodeJS.ProcessEnv, platform: NodeJS.Platform): NodeJS.ProcessEnv {
  const child: NodeJS.ProcessEnv = { PATH: pathFromEnv(env, platform) };
  if (platform === 'win32') {
    const key = Object.keys(env).find((name) => name.toUpperCase() === 'SYSTEMROOT');
    if (key && env[key]) child.SystemRoot = env[key];
  }
  return child;
}

export function createExecRunner(opts: ExecRunnerOptions = {}): Runner {
  const env = childEnv(opts.env ?? process.env, opts.platform ?? process.platform);
  const maxBuffer = opts.maxBuffer ?? 8 * 1024 * 1024;
  return (binary, args, timeoutMs) =>
    new Promise((resolve, reject) => {
      execFile(
        binary,
        [...args],
        { env, timeout: timeoutMs, killSignal: 'SIGKILL', maxBuffer, encoding: 'utf8', windowsHide: true },
        (error: ExecFileException | null, stdout: string, stderr: string) => {
          if (!error) return resolve({ code: 0, stdout, stderr });
          // A string code is a failure to run or to collect output (ENOENT, EACCES, maxBuffer), not an exit status.
          if (typeof error.code === 'string') return reject(new Error(`${binary}: ${error.message}`));
          if (typeof error.code === 'number') return resolve({ code: error.code, stdout, stderr });
          resolve({ code: null, stdout, stderr, timedOut: error.killed === true });
        },
      );
    });
}

/** Where the Linux device files live; tests point these at a fake tree. */
export interface DeviceRoots {
  proc: string;
  sys: string;
  dev: string;
}

/** What a per-platform device gatherer gets to list capture devices. */
export interface DeviceGatherContext {
  /** the FFmpeg binary (avfoundation and dshow list their devices through it) */
  binary: string;
  run: Runner;
  timeoutMs: number;
  roots: DeviceRoots;
  /** PATH for finding helper tools (v4l2-ctl, fbset) */
  env: NodeJS.ProcessEnv;
  platform: NodeJS.Platform;
}
