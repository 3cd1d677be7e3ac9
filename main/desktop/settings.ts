// The app's own settings (not the engine's config): userData/settings.json, validated on read and on every change.
import { readJsonFile, writeJsonFileAtomic } from './jsonFile.js';

export interface AppSettings {
  /** Closing the window keeps the engine running in the tray. */
  closeToTray: boolean;
  launchAtLogin: boolean;
  updateChannel: 'stable' | 'beta';
  /** The generic update feed; empty = the one in the build (electron-builder.yml `publish.url`, in app-update.yml). */
  updateFeedUrl: string;
}

export const DEFAULT_SETTINGS: AppSettings = { closeToTray: true, launchAtLogin: false, updateChannel: 'stable', updateFeedUrl: '' };

/** Validates a partial settings object from the renderer; throws on any unknown key or wrong type. */
export function parseSettingsPatch(input: unknown): Partial<AppSettings> {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) throw new Error('settings: expected an object');
  const patch: Partial<AppSettings> = {};
  for (const [key, value] of Object.entries(input)) {
    switch (key) {
      case 'closeToTray':
      case 'launchAtLogin':
        if (typeof value !== 'boolean') throw new Error(`settings: ${key} must be a boolean`);
        patch[key] = value;
        break;
      case 'updateChannel':
        if (value !== 'stable' && value !== 'beta') throw new Error('settings: updateChannel must be stable or beta');
        patch.updateChannel = value;
        break;
      case 'updateFeedUrl':
        if (typeof value !== 'string' || (value !== '' && !/^https?:\/\/[^\s]+$/.test(value)) || value.length > 2048) {
          throw new Error('settings: updateFeedUrl must be an http(s) URL');
        }
        patch.updateFeedUrl = value;
        break;
      default:
        throw new Error(`settings: unknown key ${key}`);
    }
  }
  return patch;
}

export class SettingsStore {
  private current: AppSettings;
  private readonly listeners = new Set<(settings: AppSettings) => void>();

  constructor(private readonly file: string) {
    let stored: Partial<AppSettings> = {};
    try {
      stored = parseSettingsPatch(readJsonFile(file) ?? {});
    } catch {
      stored = {};
    }
    this.current = { ...DEFAULT_SETTINGS, ...stored };
  }

  get(): AppSettings {
    return { ...this.current };
  }

  update(input: unknown): AppSettings {
    this.current = { ...this.current, ...parseSettingsPatch(input) };
    writeJsonFileAtomic(this.file, this.current);
    for (const listener of this.listeners) listener(this.get());
    return this.get();
  }

  onChange(listener: (settings: AppSettings) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}

export interface LoginItemAppLike {
  setLoginItemSettings(settings: { openAtLogin: boolean; openAsHidden?: boolean; args?: string[] }): void;
}

export function applyLaunchAtLogin(app: LoginItemAppLike, enabled: boolean): void {
  app.setLoginItemSettings({ openAtLogin: enabled, openAsHidden: true, args: ['--hidden'] });
}
