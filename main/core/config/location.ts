// Where the config file lives: CORE_CONFIGFILE, else Core 16.12's probe order of standard locations.
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Env } from './types.js';

export interface LocationOptions {
  /** Base for relative paths (CORE_CONFIGFILE, ./config/config.js). */
  cwd: string;
  /** The user's home directory (Go's os.UserHomeDir). */
  home?: string;
  /** The user's config directory (Go's os.UserConfigDir), see userConfigDir(). */
  userConfigDir?: string;
  /** Injected for tests; defaults to fs.existsSync. */
  exists?: (file: string) => boolean;
}

/** Go's os.UserConfigDir for the given platform. */
export function userConfigDir(env: Env, platform: NodeJS.Platform, home: string): string | undefined {
  if (platform === 'win32') return env['AppData'] ?? env['APPDATA'];
  if (platform === 'darwin') return home ? path.join(home, 'Library', 'Application Support') : undefined;
  const xdg = env['XDG_CONFIG_HOME'];
  if (xdg && path.isAbsolute(xdg)) return xdg;
  return home ? path.join(home, '.config') : undefined;
}

/** Always absolute. The literal file name `config.js` (sic) is what Core probes. */
export function resolveConfigPath(env: Env, options: LocationOptions): string {
  const explicit = env['CORE_CONFIGFILE'];
  if (explicit) return path.resolve(options.cwd, explicit);
  const fallback = path.resolve(options.cwd, 'config', 'config.js');
  const candidates = [
    options.userConfigDir && path.resolve(options.cwd, options.userConfigDir, 'datarhei-core', 'config.js'),
    options.home && path.resolve(options.cwd, options.home, '.config', 'datarhei-core', 'config.js'),
    fallback,
  ].filter((candidate): candidate is string => Boolean(candidate));
  const exists = options.exists ?? existsSync;
  return candidates.find((candidate) => exists(candidate)) ?? fallback;
}
