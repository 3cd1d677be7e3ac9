// Auto-update behind an interface: the controller owns scheduling, state and error handling; a backend does the work
// (electronUpdater.ts: electron-updater with the generic provider; main.ts chooses it for a packaged app).

import type { UpdateStatus } from '../../preload/bridge.js';

/** The update status the renderer sees is defined once, in the preload's bridge types. */
export type UpdateState = UpdateStatus;

export interface UpdateInfo {
  version: string;
}

/** What an update implementation (electron-updater's autoUpdater) offers. */
export interface UpdaterBackend {
  /** feedUrl '' = the feed the build was made with (electron-builder.yml `publish`, baked into app-update.yml). */
  configure(options: { feedUrl: string; channel: 'stable' | 'beta'; allowPrerelease: boolean }): void;
  /** Resolves with the newer version, or null when up to date. */
  check(): Promise<UpdateInfo | null>;
  download(onProgress: (percent: number) => void): Promise<void>;
  /** Quits and installs now. */
  installNow(): void;
  /** Install when the app quits normally. */
  setInstallOnQuit(enabled: boolean): void;
}

export const CHECK_INTERVAL_MS = 6 * 60 * 60 * 1000;

export interface UpdateControllerOptions {
  backend: UpdaterBackend | null;
  feedUrl: string;
  channel: 'stable' | 'beta';
  log: (message: string, fields?: Record<string, unknown>) => void;
  onState?: (state: UpdateState) => void;
  setInterval?: (fn: () => void, ms: number) => unknown;
  clearInterval?: (handle: unknown) => void;
}

export class UpdateController {
  private current: UpdateState;
  private timer: unknown = null;
  private busy: Promise<void> | null = null;

  constructor(private readonly options: UpdateControllerOptions) {
    this.current = options.backend ? { state: 'idle' } : { state: 'disabled', reason: 'updates are not available in this build' };
  }

  get status(): UpdateState {
    return this.current;
  }

  /** Checks now and every 6 hours; errors are reported, never thrown (they must not block the engine). */
  start(): void {
    if (!this.options.backend || this.timer) return;
    this.configure(this.options.feedUrl, this.options.channel);
    void this.check();
    this.timer = (this.options.setInterval ?? setInterval)(() => void this.check(), CHECK_INTERVAL_MS);
  }

  stop(): void {
    if (this.timer) (this.options.clearInterval ?? ((h) => clearInterval(h as NodeJS.Timeout)))(this.timer);
    this.timer = null;
  }

  configure(feedUrl: string, channel: 'stable' | 'beta'): void {
    this.options.backend?.configure({ feedUrl, channel, allowPrerelease: channel === 'beta' });
    this.options.backend?.setInstallOnQuit(true);
  }

  /** Checks, then downloads in the background with progress. */
  check(): Promise<void> {
    const backend = this.options.backend;
    if (!backend) return Promise.resolve();
    if (this.busy) return this.busy;
    if (this.current.state === 'ready' || this.current.state === 'downloading') return Promise.resolve();
    this.busy = (async () => {
      try {
        this.set({ state: 'checking' });
        const info = await backend.check();
        if (!info) {
          this.set({ state: 'none', checkedAt: new Date().toISOString() });
          return;
        }
        this.set({ state: 'available', version: info.version });
        this.set({ state: 'downloading', version: info.version, percent: 0 });
        await backend.download((percent) => this.set({ state: 'downloading', version: info.version, percent: Math.max(0, Math.min(100, percent)) }));
        this.set({ state: 'ready', version: info.version });
      } catch (error) {
        this.options.log('update failed', { error: String(error) });
        this.set({ state: 'error', message: error instanceof Error ? error.message : String(error) });
      }
    })().finally(() => {
      this.busy = null;
    });
    return this.busy;
  }

  /** Installs a downloaded update now (the app quits; the quit handler stops the engine first). */
  installNow(): boolean {
    if (this.current.state !== 'ready' || !this.options.backend) return false;
    this.options.backend.installNow();
    return true;
  }

  private set(state: UpdateState): void {
    this.current = state;
    this.options.onState?.(state);
  }
}
