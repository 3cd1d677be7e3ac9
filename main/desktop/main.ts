// Wires the desktop app from Electron's objects (passed in, so tests run it with stand-ins and a real engine).
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { IpcMainLike } from './ipc.js';
import { registerCoreIpc } from './ipc.js';
import { registerAppIpc, askMediaAccess } from './appIpc.js';
import { createDesktopEngine, installCrashReporting, installGracefulQuit, type DesktopEngine } from './engine.js';
import { EventPublisher } from './events.js';
import { FirstRunState } from './firstRun.js';
import { lanUrls, qrDataUrl } from './lan.js';
import { createAppLog, RotatingLog, type AppLog } from './logs.js';
import { isTrustedSender } from './sender.js';
import { applyLaunchAtLogin, SettingsStore } from './settings.js';
import { acquireSingleInstance, focusWindow, lockRetryFor } from './singleInstance.js';
import { buildTrayModel, commandAll, fetchStatus, summarize, toMenuTemplate, type EngineStatus, type TrayActionId } from './tray.js';
import { appAdapterFor, createElectronUpdaterBackend, detectInstallKind } from './electronUpdater.js';
import { UpdateController, type UpdaterBackend } from './updater.js';
import { createMainWindow, type BrowserWindowCtor, type BrowserWindowLike } from './window.js';
import { loadWindowState, trackWindowState, type Rect } from './windowState.js';

export interface MenuLike {
  buildFromTemplate(template: Array<Record<string, unknown>>): unknown;
  setApplicationMenu(menu: unknown): void;
}

export interface TrayLike {
  setToolTip(text: string): void;
  setContextMenu(menu: unknown): void;
  on(event: 'click', listener: () => void): unknown;
  destroy(): void;
}

/** The parts of the electron module the app uses. */
export interface DesktopElectron {
  app: {
    whenReady(): Promise<unknown>;
    getPath(name: 'userData'): string;
    getVersion(): string;
    on(event: string, listener: (...args: never[]) => void): unknown;
    quit(): void;
    requestSingleInstanceLock(): boolean;
    setLoginItemSettings(settings: { openAtLogin: boolean; openAsHidden?: boolean; args?: string[] }): void;
    isPackaged?: boolean;
    getName?(): string;
    relaunch?(): void;
  };
  BrowserWindow: BrowserWindowCtor;
  ipcMain: IpcMainLike;
  shell: { openExternal(url: string): Promise<void>; openPath(path: string): Promise<string> };
  dialog: {
    showErrorBox(title: string, content: string): void;
    showOpenDialog(options: Record<string, unknown>): Promise<{ canceled: boolean; filePaths: string[] }>;
  };
  Menu: MenuLike;
  Tray: new (icon: string) => TrayLike;
  screen?: { getAllDisplays(): Array<{ workArea: Rect }> };
  systemPreferences?: { askForMediaAccess(kind: 'camera' | 'microphone'): Promise<boolean> };
}

export interface DesktopAppOptions {
  /** dist/ of the built app: main/, preload/index.cjs, renderer/index.html. */
  distDir: string;
  resourcesDir: string;
  env?: Record<string, string | undefined>;
  platform?: NodeJS.Platform;
  versions?: { electron?: string; chrome?: string; node?: string };
  /** Default: electron-updater when the app is packaged and installed as AppImage, deb, rpm, NSIS or dmg; null = off. */
  updaterBackend?: UpdaterBackend | null;
  /** Status poll period for the tray and the event channel. */
  statusIntervalMs?: number;
  /** Start hidden in the tray (--hidden, from launch at login). */
  hidden?: boolean;
  proc?: Pick<NodeJS.Process, 'on'>;
}

export interface DesktopApp {
  engine: DesktopEngine;
  log: AppLog;
  window(): BrowserWindowLike | null;
  settings: SettingsStore;
  updates: UpdateController;
  events: EventPublisher;
  refreshStatus(): Promise<EngineStatus>;
  runTrayAction(id: TrayActionId, checked?: boolean): Promise<void>;
}

/** Returns null when another instance already runs (this one quits and the other focuses its window). */
export async function startDesktopApp(electron: DesktopElectron, options: DesktopAppOptions): Promise<DesktopApp | null> {
  const { app } = electron;
  const platform = options.platform ?? process.platform;
  let mainWindow: BrowserWindowLike | null = null;
  let quitting = false;
  const createWindowRef: { create: () => void } = { create: () => undefined };
  if (!(await acquireSingleInstance(app, () => mainWindow, () => createWindowRef.create(), lockRetryFor(options.env ?? process.env)))) return null;

  const userData = app.getPath('userData');
  const appLogFile = new RotatingLog(path.join(userData, 'logs', 'app.log'));
  const log = createAppLog(appLogFile);
  const events = new EventPublisher();
  const showError = (title: string, message: string) => {
    events.publish({ type: 'engine-error', title, message });
    electron.dialog.showErrorBox(title, message);
  };
  if (options.proc) installCrashReporting(options.proc, { log, showError });

  await app.whenReady();
  const engine = createDesktopEngine({
    userData,
    resourcesDir: options.resourcesDir,
    uiDir: path.join(options.distDir, 'renderer'),
    env: options.env,
    log,
    showError,
  });
  const settings = new SettingsStore(engine.paths.settings);
  const firstRun = new FirstRunState(path.join(userData, 'first-run-done'), {
    generatedPassword: () => engine.core.firstRunPassword,
    auth: () => engine.core.apiAuth,
  });
  const indexFile = path.join(options.distDir, 'renderer', 'index.html');
  const engineOrigin = () => (engine.core.running ? `http://127.0.0.1:${engine.core.port}` : null);
  const isTrusted = (event: unknown) => isTrustedSender(event, { indexFile, engineOrigin });
  let mediaRequested = false;

  const updates = new UpdateController({
    backend: options.updaterBackend !== undefined ? options.updaterBackend : packagedUpdaterBackend(app, options, platform, log),
    feedUrl: settings.get().updateFeedUrl,
    channel: settings.get().updateChannel,
    log: (message, fields) => log.warn(message, fields),
    onState: (update) => events.publish({ type: 'update', update }),
  });

  installGracefulQuit(app, engine, log, () => {
    quitting = true;
    updates.stop();
    clearInterval(statusTimer);
  });

  // The engine first: IPC handlers answer through it.
  await engine.start();
  registerCoreIpc(electron.ipcMain, engine.core, isTrusted);
  registerAppIpc(electron.ipcMain, {
    isTrusted,
    version: () => ({
      app: app.getVersion(),
      electron: options.versions?.electron ?? process.versions.electron ?? '',
      chrome: options.versions?.chrome ?? process.versions.chrome ?? '',
      node: options.versions?.node ?? process.versions.node,
      platform,
    }),
    lan: async () => {
      if (!engine.core.running) return { port: null, urls: [] };
      const urls = lanUrls(engine.core.port);
      return { port: engine.core.port, urls: await Promise.all(urls.map(async (url) => ({ url, qr: await qrDataUrl(url) }))) };
    },
    update: { status: () => updates.status, check: () => updates.check(), installNow: () => updates.installNow() },
    openPath: (target) => electron.shell.openPath(target),
    dataFolder: engine.paths.userData,
    logsFolder: engine.paths.logsDir,
    chooseFolder: async (opts) => {
      const result = await electron.dialog.showOpenDialog({ properties: ['openDirectory', 'createDirectory'], ...opts });
      return result.canceled ? null : (result.filePaths[0] ?? null);
    },
    settings: { get: () => settings.get(), update: (patch) => settings.update(patch) },
    requestMediaAccess: async (kinds) => {
      const granted = await askMediaAccess(platform, electron.systemPreferences ?? null, kinds);
      mediaRequested = granted;
      return granted;
    },
    firstRun: { info: () => firstRun.info(), complete: () => firstRun.complete() },
  });

  settings.onChange((current) => {
    applyLaunchAtLogin(app, current.launchAtLogin);
    updates.configure(current.updateFeedUrl, current.updateChannel);
    events.publish({ type: 'settings', settings: current });
    renderTray(lastStatus);
  });

  const createWindow = () => {
    if (mainWindow && !mainWindow.isDestroyed()) return focusWindow(mainWindow);
    const displays = electron.screen?.getAllDisplays().map((d) => d.workArea) ?? [];
    const window = createMainWindow({
      BrowserWindow: electron.BrowserWindow,
      shell: electron.shell,
      preload: path.join(options.distDir, 'preload', 'index.cjs'),
      indexFile,
      engineOrigin,
      bounds: loadWindowState(engine.paths.windowState, displays),
      allowMedia: () => mediaRequested,
      log: (message, fields) => log.warn(message, fields),
    });
    trackWindowState(window, engine.paths.windowState);
    const unsubscribe = events.add({ isDestroyed: () => window.isDestroyed(), send: (channel, payload) => window.webContents.send(channel, payload) });
    window.on('close', (...args: unknown[]) => {
      const event = args[0] as { preventDefault(): void } | undefined;
      if (!quitting && settings.get().closeToTray) {
        event?.preventDefault();
        window.hide();
      }
    });
    window.on('closed', () => {
      unsubscribe();
      if (mainWindow === window) mainWindow = null;
    });
    mainWindow = window;
    void window.loadFile(indexFile).then(() => events.resend(), (error: unknown) => log.error('loading the UI failed', { error: String(error) }));
  };
  createWindowRef.create = createWindow;

  app.on('window-all-closed', () => {
    if (!settings.get().closeToTray) app.quit();
  });
  app.on('activate', () => createWindow());

  // Tray and application menu.
  let lastStatus: EngineStatus = summarize([], {}, engine.core.running);
  let tray: TrayLike | null = null;
  const runTrayAction = async (id: TrayActionId, checked?: boolean): Promise<void> => {
    try {
      switch (id) {
        case 'open':
          createWindow();
          break;
        case 'start-all':
        case 'stop-all': {
          const refused = await commandAll(engine.core, id === 'start-all' ? 'start' : 'stop');
          if (refused.length > 0) log.warn(`${id}: some processes refused`, { ids: refused });
          await refreshStatus();
          break;
        }
        case 'close-to-tray':
          settings.update({ closeToTray: checked ?? !settings.get().closeToTray });
          break;
        case 'open-logs':
          await electron.shell.openPath(engine.paths.logsDir);
          break;
        case 'quit':
          app.quit();
          break;
      }
    } catch (error) {
      log.error(`tray action ${id} failed`, { error: String(error) });
    }
  };
  const renderTray = (status: EngineStatus) => {
    if (!tray) return;
    const model = buildTrayModel(status, settings.get());
    tray.setToolTip(model.tooltip);
    tray.setContextMenu(electron.Menu.buildFromTemplate(toMenuTemplate(model, (id, checked) => void runTrayAction(id, checked))));
  };
  const refreshStatus = async (): Promise<EngineStatus> => {
    try {
      lastStatus = await fetchStatus(engine.core);
    } catch (error) {
      log.warn('status poll failed', { error: String(error) });
    }
    renderTray(lastStatus);
    events.publish({ type: 'status', status: lastStatus });
    return lastStatus;
  };
  try {
    tray = new electron.Tray(path.join(options.resourcesDir, 'icons', platform === 'darwin' ? 'trayTemplate.png' : '32x32.png'));
    tray.on('click', () => createWindow());
  } catch (error) {
    log.warn('no tray icon', { error: String(error) });
  }
  electron.Menu.setApplicationMenu(electron.Menu.buildFromTemplate(applicationMenu(platform, runTrayAction, () => electron.shell.openPath(engine.paths.userData))));
  const statusTimer = setInterval(() => void refreshStatus(), options.statusIntervalMs ?? 2000);
  statusTimer.unref?.();

  applyLaunchAtLogin(app, settings.get().launchAtLogin);
  if (!options.hidden) createWindow();
  await refreshStatus();
  updates.start();

  return { engine, log, window: () => mainWindow, settings, updates, events, refreshStatus, runTrayAction };
}

/** electron-updater for an installed, packaged app; null (updates "disabled") in development or an unpacked build. */
export function packagedUpdaterBackend(app: DesktopElectron['app'], options: DesktopAppOptions, platform: NodeJS.Platform, log: AppLog): UpdaterBackend | null {
  if (!app.isPackaged) return null;
  // Electron's resources dir holds app-update.yml (the build's feed) and package-type; options.resourcesDir is inside it.
  const resourcesPath = (process as NodeJS.Process & { resourcesPath?: string }).resourcesPath ?? path.dirname(options.resourcesDir);
  const kind = detectInstallKind(platform, options.env ?? process.env, resourcesPath);
  if (!kind) {
    log.info('self-update is off: this installation is not an AppImage, deb, rpm, NSIS or dmg install');
    return null;
  }
  try {
    return createElectronUpdaterBackend({ kind, app: appAdapterFor(app, resourcesPath), log });
  } catch (error) {
    log.warn('the updater could not start', { error: String(error) });
    return null;
  }
}

function applicationMenu(platform: NodeJS.Platform, run: (id: TrayActionId) => Promise<void>, openData: () => Promise<unknown>): Array<Record<string, unknown>> {
  return [
    ...(platform === 'darwin' ? [{ role: 'appMenu' }] : []),
    {
      label: 'File',
      submenu: [
        { label: 'Open logs folder', click: () => void run('open-logs') },
        { label: 'Open data folder', click: () => void openData() },
        { type: 'separator' },
        { label: 'Quit', accelerator: 'CmdOrCtrl+Q', click: () => void run('quit') },
      ],
    },
    { role: 'editMenu' },
    { label: 'View', submenu: [{ role: 'reload' }, { role: 'toggleDevTools' }, { type: 'separator' }, { role: 'resetZoom' }, { role: 'zoomIn' }, { role: 'zoomOut' }, { role: 'togglefullscreen' }] },
    { role: 'windowMenu' },
  ];
}

/** file:// URL of the app's page (for logs and tests). */
export function indexUrl(distDir: string): string {
  return pathToFileURL(path.join(distDir, 'renderer', 'index.html')).href;
}
