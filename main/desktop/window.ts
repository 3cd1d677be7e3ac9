// The main window: isolated, sandboxed, a strict CSP, no navigation or new windows, permissions denied except media.

/** Minimal stand-ins for Electron's types, so the window logic is testable without Electron. */
export interface WebContentsLike {
  on(event: 'will-navigate' | 'will-redirect', listener: (event: { preventDefault(): void }, url: string) => void): unknown;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' } | { action: 'allow' }): void;
  session: SessionLike;
  send(channel: string, ...args: unknown[]): void;
}

export interface HeadersDetails {
  url: string;
  responseHeaders?: Record<string, string[] | string>;
}

export interface SessionLike {
  webRequest: {
    onHeadersReceived(listener: (details: HeadersDetails, callback: (response: { responseHeaders?: Record<string, string[] | string> }) => void) => void): void;
  };
  setPermissionRequestHandler(
    handler: (webContents: unknown, permission: string, callback: (granted: boolean) => void, details: { requestingUrl?: string; mediaTypes?: string[] }) => void,
  ): void;
  setPermissionCheckHandler(handler: (webContents: unknown, permission: string, requestingOrigin: string) => boolean): void;
}

export interface BrowserWindowLike {
  webContents: WebContentsLike;
  loadFile(file: string): Promise<void>;
  on(event: string, listener: (...args: unknown[]) => void): unknown;
  show(): void;
  focus(): void;
  restore(): void;
  isMinimized(): boolean;
  isDestroyed(): boolean;
  getNormalBounds?(): { x: number; y: number; width: number; height: number };
  getBounds(): { x: number; y: number; width: number; height: number };
  isMaximized(): boolean;
  maximize(): void;
  hide(): void;
}

export interface ShellLike {
  openExternal(url: string): Promise<void>;
}

export type BrowserWindowCtor = new (options: Record<string, unknown>) => BrowserWindowLike;

export interface WindowBounds {
  x?: number;
  y?: number;
  width: number;
  height: number;
  maximized?: boolean;
}

export interface MainWindowOptions {
  BrowserWindow: BrowserWindowCtor;
  shell: ShellLike;
  preload: string;
  indexFile: string;
  /** The engine's own origin (http://127.0.0.1:port): allowed in the CSP for HLS preview and API calls. */
  engineOrigin: () => string | null;
  bounds: WindowBounds;
  title?: string;
  icon?: string;
  /** Whether the UI currently asks for camera/microphone access (a capture channel being set up). */
  allowMedia?: () => boolean;
  log?: (message: string, fields?: Record<string, unknown>) => void;
}

/** The web preferences every app window gets. */
export function secureWebPreferences(preload: string): Record<string, unknown> {
  return {
    preload,
    contextIsolation: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    sandbox: true,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    experimentalFeatures: false,
    spellcheck: false,
  };
}

/** self only, plus the engine's origin (HLS preview, thumbnails); data:/blob: for QR images and media source buffers. */
export function contentSecurityPolicy(engineOrigin: string | null): string {
  const engine = engineOrigin ? ` ${engineOrigin}` : '';
  const ws = engineOrigin ? ` ${engineOrigin.replace(/^http/, 'ws')}` : '';
  return [
    `default-src 'self'`,
    `script-src 'self'`,
    `style-src 'self' 'unsafe-inline'`,
    `img-src 'self' data: blob:${engine}`,
    `media-src 'self' blob:${engine}`,
    `connect-src 'self'${engine}${ws}`,
    `font-src 'self' data:`,
    `worker-src 'self' blob:`,
    `object-src 'none'`,
    `base-uri 'none'`,
    `form-action 'none'`,
    `frame-src 'none'`,
    `frame-ancestors 'none'`,
  ].join('; ');
}

/** Adds the CSP to every response the window's session receives (file:// pages and the engine's /ui/). */
export function installCsp(session: SessionLike, engineOrigin: () => string | null): void {
  session.webRequest.onHeadersReceived((details, callback) => {
    const headers: Record<string, string[] | string> = { ...(details.responseHeaders ?? {}) };
    for (const key of Object.keys(headers)) if (key.toLowerCase() === 'content-security-policy') delete headers[key];
    headers['Content-Security-Policy'] = [contentSecurityPolicy(engineOrigin())];
    callback({ responseHeaders: headers });
  });
}

/** Only http(s) and mailto links leave the app, and only to the system browser. */
export function isExternalLink(url: string): boolean {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' || parsed.protocol === 'http:' || parsed.protocol === 'mailto:';
  } catch {
    return false;
  }
}

/** Blocks every navigation away from the loaded page and every new window; external links open in the system browser. */
export function guardNavigation(contents: WebContentsLike, shell: ShellLike, log?: MainWindowOptions['log']): void {
  const block = (event: { preventDefault(): void }, url: string) => {
    event.preventDefault();
    log?.('blocked navigation', { url });
  };
  contents.on('will-navigate', block);
  contents.on('will-redirect', block);
  contents.setWindowOpenHandler(({ url }) => {
    if (isExternalLink(url)) {
      void shell.openExternal(url).catch(() => undefined);
    } else {
      log?.('blocked window.open', { url });
    }
    return { action: 'deny' };
  });
}

/** Denies every permission request, except camera/microphone ('media', no screen capture) while the UI asks for it. */
export function installPermissionHandlers(session: SessionLike, allowMedia: () => boolean): void {
  session.setPermissionRequestHandler((_contents, permission, callback, details) => {
    if (permission === 'media' && allowMedia()) {
      const types = details.mediaTypes ?? [];
      callback(types.every((type) => type === 'audio' || type === 'video'));
      return;
    }
    callback(false);
  });
  session.setPermissionCheckHandler((_contents, permission) => permission === 'media' && allowMedia());
}

export function createMainWindow(options: MainWindowOptions): BrowserWindowLike {
  const { bounds } = options;
  const window = new options.BrowserWindow({
    ...(bounds.x !== undefined && bounds.y !== undefined ? { x: bounds.x, y: bounds.y } : {}),
    width: bounds.width,
    height: bounds.height,
    minWidth: 800,
    minHeight: 560,
    show: false,
    title: options.title ?? 'Streaming Appliance',
    ...(options.icon ? { icon: options.icon } : {}),
    webPreferences: secureWebPreferences(options.preload),
  });
  const session = window.webContents.session;
  installCsp(session, options.engineOrigin);
  installPermissionHandlers(session, options.allowMedia ?? (() => false));
  guardNavigation(window.webContents, options.shell, options.log);
  if (bounds.maximized) window.maximize();
  window.on('ready-to-show', () => window.show());
  return window;
}
