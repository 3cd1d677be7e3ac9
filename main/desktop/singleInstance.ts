// One app instance: a second launch quits at once and focuses the first instance's window.
import type { BrowserWindowLike } from './window.js';

export interface SingleInstanceAppLike {
  requestSingleInstanceLock(): boolean;
  on(event: 'second-instance', listener: (...args: unknown[]) => void): unknown;
  quit(): void;
}

export interface LockRetry {
  /** How long to keep trying; 0 = one attempt. */
  waitMs: number;
  intervalMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

/**
 * An AppImage update starts the new version (APPIMAGE_SILENT_INSTALL=true) while the old one is still stopping its
 * engine: the new one waits for the lock instead of quitting as a second instance.
 */
export function lockRetryFor(env: Record<string, string | undefined>): LockRetry {
  return { waitMs: env.APPIMAGE_SILENT_INSTALL === 'true' ? 15_000 : 0 };
}

/** Resolves false (and quits) when another instance holds the lock (after `retry.waitMs` of trying). */
export async function acquireSingleInstance(
  app: SingleInstanceAppLike,
  getWindow: () => BrowserWindowLike | null,
  onNoWindow?: () => void,
  retry: LockRetry = { waitMs: 0 },
): Promise<boolean> {
  const sleep = retry.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const deadline = Date.now() + retry.waitMs;
  let locked = app.requestSingleInstanceLock();
  while (!locked && Date.now() < deadline) {
    await sleep(retry.intervalMs ?? 250);
    locked = app.requestSingleInstanceLock();
  }
  if (!locked) {
    app.quit();
    return false;
  }
  app.on('second-instance', () => {
    const window = getWindow();
    if (!window || window.isDestroyed()) {
      onNoWindow?.();
      return;
    }
    focusWindow(window);
  });
  return true;
}

export function focusWindow(window: BrowserWindowLike): void {
  if (window.isMinimized()) window.restore();
  window.show();
  window.focus();
}
