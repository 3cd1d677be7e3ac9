// Runs the engine for the desktop app: config/db/storage under userData, logs rotated, a graceful stop on quit.
import { createCore, StartupError, type Core } from '../core/app.js';
import { desktopPaths, engineEnv, ensureDesktopDirs, type DesktopPaths } from './paths.js';
import { RotatingLog, type AppLog } from './logs.js';

export interface DesktopEngineOptions {
  userData: string;
  /** The app's resources/ (bundled ffmpeg, mime.types); resolveFfmpegBinary looks in <resourcesDir>/ffmpeg. */
  resourcesDir: string;
  uiDir?: string;
  env?: Record<string, string | undefined>;
  log: AppLog;
  /** Shows a fatal problem to the user (dialog.showErrorBox in the app). */
  showError: (title: string, message: string) => void;
  /** Also mirror engine log lines here (stderr in development). */
  mirror?: (line: string) => void;
}

export interface DesktopEngine {
  core: Core;
  paths: DesktopPaths;
  engineLog: RotatingLog;
  /** Starts the engine; false (after logging and showing the error) when it cannot start. */
  start(): Promise<boolean>;
  /** Stops once; later calls wait for the same stop. */
  stop(): Promise<void>;
  readonly stopped: boolean;
}

export function createDesktopEngine(options: DesktopEngineOptions): DesktopEngine {
  const paths = desktopPaths(options.userData);
  ensureDesktopDirs(paths);
  const engineLog = new RotatingLog(paths.engineLog);
  const core = createCore({
    cwd: paths.userData,
    env: engineEnv(paths, options.env ?? process.env),
    uiDir: options.uiDir,
    resourcesDir: options.resourcesDir,
    console: {
      write: (line: string) => {
        engineLog.write(line);
        options.mirror?.(line);
      },
    },
  });
  let stopping: Promise<void> | null = null;
  return {
    core,
    paths,
    engineLog,
    get stopped() {
      return stopping !== null;
    },
    async start() {
      try {
        await core.start();
        options.log.info('engine started', { port: core.port, config: core.configFile });
        if (core.firstRunPassword) options.log.info('first run: an admin password was generated (shown once in the engine log)');
        return true;
      } catch (error) {
        reportEngineCrash(options, error, 'The engine could not start');
        return false;
      }
    },
    stop() {
      stopping ??= core.stop().then(
        () => options.log.info('engine stopped'),
        (error: unknown) => options.log.error('engine stop failed', { error: String(error) }),
      );
      return stopping;
    },
  };
}

export function reportEngineCrash(options: Pick<DesktopEngineOptions, 'log' | 'showError'>, error: unknown, title = 'The engine crashed'): void {
  const message = error instanceof StartupError ? error.message : error instanceof Error ? (error.stack ?? error.message) : String(error);
  options.log.error(title, { error: message });
  try {
    options.showError(title, message);
  } catch {
    // No UI (yet): the log has it.
  }
}

/** The subset of Electron's app the quit sequence needs. */
export interface QuitAppLike {
  on(event: 'before-quit', listener: (event: { preventDefault(): void }) => void): unknown;
  quit(): void;
}

/**
 * before-quit → preventDefault → await engine.stop() (processes get SIGINT, db.json is written) → app.quit().
 * The second before-quit (from our own quit) passes through.
 */
export function installGracefulQuit(app: QuitAppLike, engine: Pick<DesktopEngine, 'stop'>, log: AppLog, beforeStop?: () => void): void {
  let state: 'running' | 'stopping' | 'done' = 'running';
  app.on('before-quit', (event) => {
    if (state === 'done') return;
    event.preventDefault();
    if (state === 'stopping') return;
    state = 'stopping';
    log.info('quitting: stopping the engine');
    beforeStop?.();
    void engine.stop().finally(() => {
      state = 'done';
      app.quit();
    });
  });
}

/** Logs and shows crashes of the main process itself (the engine runs inside it). */
export function installCrashReporting(proc: Pick<NodeJS.Process, 'on'>, options: Pick<DesktopEngineOptions, 'log' | 'showError'>): void {
  proc.on('uncaughtException', (error) => reportEngineCrash(options, error));
  proc.on('unhandledRejection', (reason) => reportEngineCrash(options, reason));
}
