// The one contract between preload and renderer: what `window.core` offers. Type-only, imported by both sides.
export interface CoreRequest {
  method: 'GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  url: string;
  headers?: Record<string, string>;
  body?: string;
  /** 'base64' when `body` carries binary data (a file upload): IPC bridges move strings, not bytes. */
  bodyEncoding?: 'base64';
  /** 'base64' asks for the response body base64-encoded (a file download). */
  responseEncoding?: 'base64';
}

export interface CoreResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
  /** Set when `body` is base64 (the request asked for it). */
  bodyEncoding?: 'base64';
}

/** State the main process pushes on the core:event channel. */
export type CoreEvent =
  | { type: 'status'; status: { engine: 'running' | 'stopped'; total: number; running: number; failed: number; viewers: number } }
  | { type: 'update'; update: UpdateStatus }
  | { type: 'engine-error'; title: string; message: string }
  | { type: 'settings'; settings: AppSettingsView };

export type UpdateStatus =
  | { state: 'idle' }
  | { state: 'disabled'; reason: string }
  | { state: 'checking' }
  | { state: 'none'; checkedAt: string }
  | { state: 'available'; version: string }
  | { state: 'downloading'; version: string; percent: number }
  | { state: 'ready'; version: string }
  | { state: 'error'; message: string };

export interface AppSettingsView {
  closeToTray: boolean;
  launchAtLogin: boolean;
  updateChannel: 'stable' | 'beta';
  updateFeedUrl: string;
}

export interface LanInfo {
  port: number | null;
  urls: Array<{ url: string; qr: string }>;
}

/** The desktop app's first start: the admin password for LAN access is still the generated one. */
export interface FirstRunInfo {
  pending: boolean;
  username: string;
  /** Known only on the very first start (afterwards it is in the engine log of that start). */
  generatedPassword: string | null;
}

export interface AppBridge {
  version(): Promise<{ app: string; electron: string; chrome: string; node: string; platform: string }>;
  lanAddresses(): Promise<LanInfo>;
  updateStatus(): Promise<UpdateStatus>;
  updateAction(action: 'check' | 'install'): Promise<UpdateStatus>;
  openDataFolder(): Promise<void>;
  openLogsFolder(): Promise<void>;
  /** A folder picker; null when cancelled. */
  chooseFolder(options?: { title?: string; defaultPath?: string }): Promise<string | null>;
  getSettings(): Promise<AppSettingsView>;
  setSettings(patch: Partial<AppSettingsView>): Promise<AppSettingsView>;
  /** Asks for camera/microphone access (macOS) before a capture channel starts; true when granted. */
  requestMediaAccess(kinds: Array<'camera' | 'microphone'>): Promise<boolean>;
  firstRun(): Promise<FirstRunInfo>;
  /** The user chose a password (or kept the generated one): do not ask again. */
  completeFirstRun(): Promise<void>;
}

export interface CoreBridge {
  request(request: CoreRequest): Promise<CoreResponse>;
  /** Subscribes to pushed state; returns the unsubscribe function. */
  onEvent(listener: (event: CoreEvent) => void): () => void;
  app: AppBridge;
}

/** The channels the preload may use (main/desktop registers exactly these). */
export const APP_CHANNELS = [
  'app:version',
  'app:lanAddresses',
  'app:updateStatus',
  'app:updateAction',
  'app:openDataFolder',
  'app:openLogsFolder',
  'app:chooseFolder',
  'app:getSettings',
  'app:setSettings',
  'app:requestMediaAccess',
  'app:firstRun',
  'app:completeFirstRun',
] as const;

export type AppChannel = (typeof APP_CHANNELS)[number];

export const EVENT_CHANNEL = 'core:event';

declare global {
  interface Window {
    core?: CoreBridge;
  }
}
