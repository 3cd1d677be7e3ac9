// The UpdaterBackend on electron-updater: generic provider, stable/beta channel, download with progress, install on quit.
// electron-updater has one updater class per install type (AppImage, deb, rpm, NSIS, dmg); this file picks it. Loading it
// does not load Electron (electron-updater requires 'electron' only to make a request through Electron's net module, to
// quit, or on macOS), so tests drive the real updater in plain Node with a stand-in app and a Node HTTP executor.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { AppImageUpdater, DebUpdater, MacUpdater, NsisUpdater, RpmUpdater, type AppUpdater, type ProgressInfo } from 'electron-updater';
import { getAppCacheDir, type AppAdapter } from 'electron-updater/out/AppAdapter.js';
import { ElectronHttpExecutor } from 'electron-updater/out/electronHttpExecutor.js';
import type { AppLog } from './logs.js';
import type { UpdateInfo, UpdaterBackend } from './updater.js';

export type InstallKind = 'appimage' | 'deb' | 'rpm' | 'nsis' | 'dmg';

/**
 * How this copy was installed, decided as electron-updater does: an AppImage sets $APPIMAGE, electron-builder writes
 * resources/package-type into deb and rpm packages. null = nothing to update in place (an unpacked dir, a snap).
 */
export function detectInstallKind(platform: NodeJS.Platform, env: Record<string, string | undefined>, resourcesPath: string): InstallKind | null {
  if (platform === 'win32') return 'nsis';
  if (platform === 'darwin') return 'dmg';
  if (platform !== 'linux') return null;
  if (env.APPIMAGE) return 'appimage';
  try {
    const type = readFileSync(path.join(resourcesPath, 'package-type'), 'utf8').trim();
    if (type === 'deb' || type === 'rpm') return type;
  } catch {
    // no package-type file: not a deb or rpm install
  }
  return null;
}

/** The parts of Electron's `app` electron-updater uses. */
export interface UpdaterElectronApp {
  getVersion(): string;
  getName?(): string;
  getPath(name: 'userData'): string;
  isPackaged?: boolean;
  whenReady(): Promise<unknown>;
  quit(): void;
  relaunch?(): void;
  on(event: string, listener: (...args: never[]) => void): unknown;
}

/** electron-updater's view of the app. `resourcesPath` holds app-update.yml, which electron-builder writes from `publish`. */
export function appAdapterFor(app: UpdaterElectronApp, resourcesPath: string): AppAdapter {
  return {
    version: app.getVersion(),
    name: app.getName?.() ?? 'streaming-appliance',
    isPackaged: app.isPackaged === true,
    appUpdateConfigPath: path.join(resourcesPath, 'app-update.yml'),
    userDataPath: app.getPath('userData'),
    baseCachePath: getAppCacheDir(),
    whenReady: async () => {
      await app.whenReady();
    },
    quit: () => app.quit(),
    relaunch: () => app.relaunch?.(),
    onQuit: (handler) => app.on('quit', (_event: unknown, exitCode: number) => handler(exitCode)),
  };
}

/** Something that makes electron-updater's HTTP requests (builder-util-runtime's HttpExecutor). */
export type UpdaterHttpExecutor = object;

export interface ElectronUpdaterOptions {
  kind: InstallKind;
  app: AppAdapter;
  log: AppLog;
  /** Default: Electron's net module (system proxy settings), as electron-updater itself does. Tests pass a Node one. */
  httpExecutor?: UpdaterHttpExecutor;
}

function newUpdater(kind: InstallKind, app: AppAdapter): AppUpdater {
  switch (kind) {
    case 'appimage':
      return new AppImageUpdater(undefined, app);
    case 'deb':
      return new DebUpdater(undefined, app);
    case 'rpm':
      return new RpmUpdater(undefined, app);
    case 'nsis':
      return new NsisUpdater(undefined, app);
    case 'dmg':
      return new MacUpdater(undefined, app);
  }
}

export class ElectronUpdaterBackend implements UpdaterBackend {
  readonly updater: AppUpdater;
  private customFeed = false;

  constructor(private readonly options: ElectronUpdaterOptions) {
    const updater = newUpdater(options.kind, options.app);
    // Given an app adapter, electron-updater leaves its (internal, untyped) HTTP executor unset.
    const executor = options.httpExecutor ?? new ElectronHttpExecutor((authInfo, callback) => updater.emit('login', authInfo, callback));
    (updater as unknown as { httpExecutor: UpdaterHttpExecutor }).httpExecutor = executor;
    const log = options.log;
    updater.logger = {
      info: (message?: unknown) => log.info(`updater: ${String(message)}`),
      warn: (message?: unknown) => log.warn(`updater: ${String(message)}`),
      error: (message?: unknown) => log.error(`updater: ${String(message)}`),
    };
    // The controller decides when to download (right after a check, in the background) and reports progress.
    updater.autoDownload = false;
    updater.autoInstallOnAppQuit = true;
    this.updater = updater;
  }

  configure(options: { feedUrl: string; channel: 'stable' | 'beta'; allowPrerelease: boolean }): void {
    const updater = this.updater;
    // The channel names the feed file: latest-linux.yml / beta-linux.yml (latest.yml / beta.yml on Windows, -mac on macOS).
    updater.channel = options.channel === 'beta' ? 'beta' : 'latest';
    updater.allowPrerelease = options.allowPrerelease;
    // Setting a channel turns downgrades on; leaving beta keeps the beta build until a newer stable one is out.
    updater.allowDowngrade = false;
    if (options.feedUrl) {
      updater.setFeedURL({ provider: 'generic', url: options.feedUrl });
      this.customFeed = true;
    } else if (this.customFeed) {
      // Back to the build's feed: electron-updater reloads app-update.yml on the next check.
      updater.updateConfigPath = this.options.app.appUpdateConfigPath;
      this.customFeed = false;
    }
  }

  async check(): Promise<UpdateInfo | null> {
    const result = await this.updater.checkForUpdates();
    // null: electron-updater is inactive (not packaged, or an AppImage started without $APPIMAGE).
    if (!result) throw new Error('updates are not active in this installation');
    return result.isUpdateAvailable ? { version: result.updateInfo.version } : null;
  }

  async download(onProgress: (percent: number) => void): Promise<void> {
    const listener = (progress: ProgressInfo) => onProgress(progress.percent);
    this.updater.on('download-progress', listener);
    try {
      // Verifies the sha512 from the feed; a mismatch rejects and the file is deleted.
      await this.updater.downloadUpdate();
    } finally {
      this.updater.off('download-progress', listener);
    }
  }

  installNow(): void {
    this.updater.quitAndInstall();
  }

  setInstallOnQuit(enabled: boolean): void {
    this.updater.autoInstallOnAppQuit = enabled;
  }
}

export function createElectronUpdaterBackend(options: ElectronUpdaterOptions): ElectronUpdaterBackend {
  return new ElectronUpdaterBackend(options);
}
