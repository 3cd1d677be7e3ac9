// Remembers the main window's size and position in userData/window-state.json (written atomically).
import { readJsonFile, writeJsonFileAtomic } from './jsonFile.js';
import type { BrowserWindowLike, WindowBounds } from './window.js';

export const DEFAULT_BOUNDS: WindowBounds = { width: 1280, height: 800 };

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

const isInt = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value) && Math.abs(value) < 100_000;

/** Reads the saved bounds; anything malformed, too small, or off every display falls back to the default size. */
export function loadWindowState(file: string, displays: Rect[] = []): WindowBounds {
  const raw = readJsonFile(file) as Record<string, unknown> | undefined;
  if (!raw || typeof raw !== 'object') return { ...DEFAULT_BOUNDS };
  const { x, y, width, height, maximized } = raw;
  if (!isInt(width) || !isInt(height) || width < 400 || height < 300) return { ...DEFAULT_BOUNDS };
  const state: WindowBounds = { width: Math.round(width), height: Math.round(height), maximized: maximized === true };
  if (isInt(x) && isInt(y)) {
    // Keep the position only when the window's top-left area is still on a display (monitors come and go).
    const visible = displays.length === 0 || displays.some((d) => x + 50 >= d.x && y + 20 >= d.y && x + 50 <= d.x + d.width && y + 20 <= d.y + d.height);
    if (visible) Object.assign(state, { x: Math.round(x), y: Math.round(y) });
  }
  return state;
}

export function saveWindowState(file: string, state: WindowBounds): void {
  writeJsonFileAtomic(file, state);
}

/** Saves the bounds when the window moves or resizes (debounced) and when it closes. */
export function trackWindowState(window: BrowserWindowLike, file: string, debounceMs = 500): () => void {
  let timer: NodeJS.Timeout | null = null;
  const save = () => {
    if (timer) clearTimeout(timer);
    timer = null;
    if (window.isDestroyed()) return;
    const bounds = window.getNormalBounds?.() ?? window.getBounds();
    saveWindowState(file, { ...bounds, maximized: window.isMaximized() });
  };
  const schedule = () => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(save, debounceMs);
  };
  for (const event of ['resize', 'move', 'maximize', 'unmaximize']) window.on(event, schedule);
  window.on('close', save);
  return save;
}
