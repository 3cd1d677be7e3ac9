// One app instance: a second launch quits at once and focuses the first instance's window.
import type { BrowserWindowLike } from './window.js';

export interface SingleInstanceAppLike {
  requestSingleInstanceLock(): boolean;
  on(event: 'second-instance', listener: (...args: unknown[]) => void): unknown;
  quit(): void;
}

/** Returns false (and quits) when another instance holds the lock. */
export function acquireSingleInstance(app: SingleInstanceAppLike, getWindow: () => BrowserWindowLike | null, onNoWindow?: () => void): boolean {
  if (!app.requestSingleInstanceLock()) {
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
