// The app's data layout under Electron's userData: everything the engine writes lives here, never in the working directory.
import { mkdirSync } from 'node:fs';
import path from 'node:path';

export interface DesktopPaths {
  userData: string;
  /** The engine's config file (CORE_CONFIGFILE). */
  configFile: string;
  configDir: string;
  /** db.dir: db.json, sessions, certificates. */
  dbDir: string;
  /** storage.disk.dir: HLS segments and other files the processes write. */
  dataDir: string;
  logsDir: string;
  engineLog: string;
  appLog: string;
  windowState: string;
  settings: string;
}

export function desktopPaths(userData: string): DesktopPaths {
  const root = path.resolve(userData);
  const configDir = path.join(root, 'config');
  const logsDir = path.join(root, 'logs');
  return {
    userData: root,
    configDir,
    configFile: path.join(configDir, 'config.js'),
    dbDir: configDir,
    dataDir: path.join(root, 'data'),
    logsDir,
    engineLog: path.join(logsDir, 'engine.log'),
    appLog: path.join(logsDir, 'app.log'),
    windowState: path.join(root, 'window-state.json'),
    settings: path.join(root, 'settings.json'),
  };
}

export function ensureDesktopDirs(paths: DesktopPaths): void {
  for (const dir of [paths.configDir, paths.dbDir, paths.dataDir, paths.logsDir]) mkdirSync(dir, { recursive: true });
}

/**
 * The engine's environment: the config file under userData. db.dir and storage.disk.dir default to ./config and ./data,
 * which the engine resolves against cwd = userData; a CORE_DB_DIR or CORE_STORAGE_DISK_DIR inherited from the launching
 * shell is dropped so it cannot point the app at the working directory (the UI can still change both in the config).
 */
export function engineEnv(paths: DesktopPaths, base: Record<string, string | undefined>): Record<string, string | undefined> {
  const env: Record<string, string | undefined> = { ...base, CORE_CONFIGFILE: paths.configFile };
  delete env.CORE_DB_DIR;
  delete env.CORE_STORAGE_DISK_DIR;
  return env;
}
