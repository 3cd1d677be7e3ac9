// The app:* IPC channels: every input validated, every sender frame checked (see sender.ts).
import type { AppChannel, AppSettingsView, FirstRunInfo, LanInfo, UpdateStatus } from '../../preload/bridge.js';
import type { IpcMainLike } from './ipc.js';
import { UntrustedSenderError } from './sender.js';

export interface AppIpcDeps {
  isTrusted(event: unknown): boolean;
  version(): { app: string; electron: string; chrome: string; node: string; platform: string };
  lan(): Promise<LanInfo>;
  update: { status(): UpdateStatus; check(): Promise<void>; installNow(): boolean };
  openPath(path: string): Promise<string>;
  dataFolder: string;
  logsFolder: string;
  chooseFolder(options: { title?: string; defaultPath?: string }): Promise<string | null>;
  settings: { get(): AppSettingsView; update(patch: unknown): AppSettingsView };
  requestMediaAccess(kinds: Array<'camera' | 'microphone'>): Promise<boolean>;
  firstRun: { info(): FirstRunInfo; complete(): void };
}

function noArgs(channel: string, args: unknown[]): void {
  if (args.length > 0 && args.some((arg) => arg !== undefined)) throw new Error(`${channel}: takes no arguments`);
}

export function parseUpdateAction(input: unknown): 'check' | 'install' {
  if (input !== 'check' && input !== 'install') throw new Error('app:updateAction: action must be check or install');
  return input;
}

export function parseChooseFolder(input: unknown): { title?: string; defaultPath?: string } {
  if (input === undefined) return {};
  if (typeof input !== 'object' || input === null || Array.isArray(input)) throw new Error('app:chooseFolder: expected an object');
  const result: { title?: string; defaultPath?: string } = {};
  for (const [key, value] of Object.entries(input)) {
    if (key !== 'title' && key !== 'defaultPath') throw new Error(`app:chooseFolder: unknown option ${key}`);
    if (typeof value !== 'string' || value.length > 1024 || value.includes('\0')) throw new Error(`app:chooseFolder: ${key} must be a short string`);
    result[key] = value;
  }
  return result;
}

export function parseMediaKinds(input: unknown): Array<'camera' | 'microphone'> {
  if (!Array.isArray(input) || input.length === 0 || input.length > 2) throw new Error('app:requestMediaAccess: expected ["camera"|"microphone"]');
  for (const kind of input) if (kind !== 'camera' && kind !== 'microphone') throw new Error('app:requestMediaAccess: unknown media kind');
  return [...new Set(input as Array<'camera' | 'microphone'>)];
}

export function registerAppIpc(ipcMain: IpcMainLike, deps: AppIpcDeps): AppChannel[] {
  const handlers: Record<AppChannel, (...args: unknown[]) => unknown> = {
    'app:version': (...args) => (noArgs('app:version', args), deps.version()),
    'app:lanAddresses': (...args) => (noArgs('app:lanAddresses', args), deps.lan()),
    'app:updateStatus': (...args) => (noArgs('app:updateStatus', args), deps.update.status()),
    'app:updateAction': async (action) => {
      if (parseUpdateAction(action) === 'check') await deps.update.check();
      else deps.update.installNow();
      return deps.update.status();
    },
    'app:openDataFolder': async (...args) => {
      noArgs('app:openDataFolder', args);
      await deps.openPath(deps.dataFolder);
    },
    'app:openLogsFolder': async (...args) => {
      noArgs('app:openLogsFolder', args);
      await deps.openPath(deps.logsFolder);
    },
    'app:chooseFolder': (options) => deps.chooseFolder(parseChooseFolder(options)),
    'app:getSettings': (...args) => (noArgs('app:getSettings', args), deps.settings.get()),
    'app:setSettings': (patch) => deps.settings.update(patch),
    'app:requestMediaAccess': (kinds) => deps.requestMediaAccess(parseMediaKinds(kinds)),
    'app:firstRun': (...args) => (noArgs('app:firstRun', args), deps.firstRun.info()),
    'app:completeFirstRun': (...args) => {
      noArgs('app:completeFirstRun', args);
      deps.firstRun.complete();
    },
  };
  for (const [channel, handler] of Object.entries(handlers) as Array<[AppChannel, (...args: unknown[]) => unknown]>) {
    ipcMain.handle(channel, async (event, ...args) => {
      if (!deps.isTrusted(event)) throw new UntrustedSenderError(channel);
      return handler(...args);
    });
  }
  return Object.keys(handlers) as AppChannel[];
}

/** macOS asks the user once per kind (Info.plist holds the usage strings); other platforms grant through the permission handler. */
export async function askMediaAccess(
  platform: NodeJS.Platform,
  systemPreferences: { askForMediaAccess(kind: 'camera' | 'microphone'): Promise<boolean> } | null,
  kinds: Array<'camera' | 'microphone'>,
): Promise<boolean> {
  if (platform !== 'darwin' || !systemPreferences) return true;
  for (const kind of kinds) if (!(await systemPreferences.askForMediaAccess(kind))) return false;
  return true;
}
