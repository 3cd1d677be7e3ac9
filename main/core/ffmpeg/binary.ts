// Finds the FFmpeg executable: the configured path, else the configured name on PATH, else the bundled copy.
import { accessSync, constants, statSync } from 'node:fs';
import path from 'node:path';

export interface ResolveFfmpegOptions {
  /** folder shipped with the app that may hold `ffmpeg` (`ffmpeg.exe` on Windows) */
  bundledDir?: string;
  /** environment whose PATH is searched (default: process.env) */
  env?: NodeJS.ProcessEnv;
  /** decides the PATH delimiter and the `.exe` suffix (default: process.platform) */
  platform?: NodeJS.Platform;
}

export interface PathLookupOptions {
  env?: NodeJS.ProcessEnv;
  platform?: NodeJS.Platform;
}

/** Windows spells the variable "Path" and treats names case-insensitively; elsewhere only "PATH" counts. */
export function pathFromEnv(env: NodeJS.ProcessEnv, platform: NodeJS.Platform): string {
  if (platform !== 'win32') return env.PATH ?? '';
  const key = Object.keys(env).find((name) => name.toUpperCase() === 'PATH');
  return key ? (env[key] ?? '') : '';
}

export function isExecutableFile(file: string): boolean {
  try {
    if (!statSync(file).isFile()) return false;
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** On Windows `ffmpeg` is found as `ffmpeg.exe` too. */
function candidateNames(name: string, platform: NodeJS.Platform): string[] {
  return platform === 'win32' && !name.toLowerCase().endsWith('.exe') ? [name, `${name}.exe`] : [name];
}

/** Absolute path of an executable `name` in one of PATH's folders, or undefined. Never spawns anything. */
export function findOnPath(name: string, opts: PathLookupOptions = {}): string | undefined {
  const platform = opts.platform ?? process.platform;
  const delimiter = platform === 'win32' ? ';' : ':';
  for (const dir of pathFromEnv(opts.env ?? process.env, platform).split(delimiter)) {
    // An empty PATH entry means the current directory to a shell; a supervisor should not run whatever lies there.
    if (!dir) continue;
    for (const candidate of candidateNames(name, platform)) {
      const file = path.resolve(dir, candidate);
      if (isExecutableFile(file)) return file;
    }
  }
  return undefined;
}

/** A value with a directory part ("./ffmpeg", "/usr/bin/ffmpeg", "C:\ffmpeg\ffmpeg.exe") is a path, not a name. */
function isPath(value: string, platform: NodeJS.Platform): boolean {
  return value.includes('/') || (platform === 'win32' && (value.includes('\\') || /^[A-Za-z]:/.test(value)));
}

/**
 * Order: `configured` as a path when it has a directory part and exists; for a bare name (the default
 * "ffmpeg") the app's bundled `<bundledDir>/ffmpeg[.exe]` first, then PATH, so an installed app uses the FFmpeg
 * it ships with. Throws when none of them is an executable file.
 */
export function resolveFfmpegBinary(configured: string, opts: ResolveFfmpegOptions = {}): string {
  const platform = opts.platform ?? process.platform;
  const env = opts.env ?? process.env;
  const name = configured.trim() || 'ffmpeg';

  const searched: string[] = [];
  if (isPath(name, platform)) {
    for (const candidate of candidateNames(name, platform)) {
      const file = path.resolve(candidate);
      if (isExecutableFile(file)) return file;
    }
    searched.push(`path ${path.resolve(name)}`);
  }

  if (opts.bundledDir) {
    const bundled = path.resolve(opts.bundledDir, platform === 'win32' ? 'ffmpeg.exe' : 'ffmpeg');
    if (isExecutableFile(bundled)) return bundled;
    searched.push(`bundled ${bundled}`);
  } else {
    searched.push('bundled (no bundled folder)');
  }

  if (!isPath(name, platform)) {
    const found = findOnPath(name, { env, platform });
    if (found) return found;
    searched.push(`PATH=${pathFromEnv(env, platform) || '(empty)'}`);
  }
  throw new Error(`ffmpeg binary '${configured}' not found: searched ${searched.join(', ')}`);
}
