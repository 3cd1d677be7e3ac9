// Stand-ins for Electron's objects: they record what the desktop code asks of them.
import { EventEmitter } from 'node:events';
import type { DesktopElectron } from '../../main/desktop/main.js';

export type Handler = (event: unknown, ...args: unknown[]) => Promise<unknown>;

export class FakeSession {
  headersListener: ((details: any, callback: (response: any) => void) => void) | null = null;
  permissionHandler: ((contents: unknown, permission: string, callback: (granted: boolean) => void, details: any) => void) | null = null;
  permissionCheck: ((contents: unknown, permission: string, origin: string) => boolean) | null = null;
  webRequest = { onHeadersReceived: (listener: any) => (this.headersListener = listener) };
  setPermissionRequestHandler(handler: any) {
    this.permissionHandler = handler;
  }
  setPermissionCheckHandler(handler: any) {
    this.permissionCheck = handler;
  }
}

export class FakeWebContents extends EventEmitter {
  session = new FakeSession();
  openHandler: ((details: { url: string }) => { action: string }) | null = null;
  sent: Array<{ channel: string; payload: unknown }> = [];
  setWindowOpenHandler(handler: any) {
    this.openHandler = handler;
  }
  send(channel: string, payload: unknown) {
    this.sent.push({ channel, payload });
  }
  /** Emits a navigation like Chromium would; returns whether it was prevented. */
  navigate(url: string, event: 'will-navigate' | 'will-redirect' = 'will-navigate'): boolean {
    let prevented = false;
    this.emit(event, { preventDefault: () => (prevented = true) }, url);
    return prevented;
  }
}

export class FakeWindow extends EventEmitter {
  static instances: FakeWindow[] = [];
  webContents = new FakeWebContents();
  loaded: string | null = null;
  calls: string[] = [];
  minimized = false;
  destroyed = false;
  visible = false;
  bounds = { x: 10, y: 20, width: 1280, height: 800 };
  constructor(readonly options: Record<string, any>) {
    super();
    FakeWindow.instances.push(this);
    if (options.width) this.bounds = { x: options.x ?? 0, y: options.y ?? 0, width: options.width, height: options.height };
  }
  async loadFile(file: string) {
    this.loaded = file;
  }
  show() {
    this.calls.push('show');
    this.visible = true;
  }
  hide() {
    this.calls.push('hide');
    this.visible = false;
  }
  focus() {
    this.calls.push('focus');
  }
  restore() {
    this.calls.push('restore');
    this.minimized = false;
  }
  maximize() {
    this.calls.push('maximize');
  }
  isMinimized() {
    return this.minimized;
  }
  isMaximized() {
    return false;
  }
  isDestroyed() {
    return this.destroyed;
  }
  getBounds() {
    return this.bounds;
  }
  /** Closes like a user would; returns whether the close was prevented. */
  close(): boolean {
    let prevented = false;
    this.emit('close', { preventDefault: () => (prevented = true) });
    if (!prevented) {
      this.destroyed = true;
      this.emit('closed');
    }
    return prevented;
  }
}

export class FakeApp extends EventEmitter {
  lock = true;
  quitCalls = 0;
  exited = false;
  loginItem: unknown = null;
  constructor(readonly userData: string) {
    super();
  }
  whenReady() {
    return Promise.resolve();
  }
  getPath() {
    return this.userData;
  }
  getVersion() {
    return '0.1.0';
  }
  requestSingleInstanceLock() {
    return this.lock;
  }
  setLoginItemSettings(settings: unknown) {
    this.loginItem = settings;
  }
  /** Like Electron: before-quit listeners may prevent the quit; otherwise the app exits. */
  quit() {
    this.quitCalls++;
    let prevented = false;
    this.emit('before-quit', { preventDefault: () => (prevented = true) });
    if (!prevented) {
      this.exited = true;
      this.emit('quit');
    }
  }
}

export function fakeElectron(userData: string) {
  FakeWindow.instances = [];
  const handlers = new Map<string, Handler>();
  const opened: string[] = [];
  const external: string[] = [];
  const errors: Array<{ title: string; message: string }> = [];
  const menus: Array<Array<Record<string, any>>> = [];
  const trays: Array<{ tooltip: string; menu: any; icon: string }> = [];
  const app = new FakeApp(userData);
  const electron = {
    app,
    BrowserWindow: FakeWindow,
    ipcMain: { handle: (channel: string, listener: Handler) => handlers.set(channel, listener) },
    shell: {
      openExternal: async (url: string) => void external.push(url),
      openPath: async (target: string) => (opened.push(target), ''),
    },
    dialog: {
      showErrorBox: (title: string, message: string) => void errors.push({ title, message }),
      showOpenDialog: async () => ({ canceled: false, filePaths: ['/chosen'] }),
    },
    Menu: {
      buildFromTemplate: (template: Array<Record<string, any>>) => (menus.push(template), template),
      setApplicationMenu: () => undefined,
    },
    Tray: class {
      state = { tooltip: '', menu: null as any, icon: '' };
      constructor(icon: string) {
        this.state.icon = icon;
        trays.push(this.state);
      }
      setToolTip(text: string) {
        this.state.tooltip = text;
      }
      setContextMenu(menu: unknown) {
        this.state.menu = menu;
      }
      on() {
        return this;
      }
      destroy() {}
    },
    systemPreferences: { askForMediaAccess: async () => true },
  };
  return { electron: electron as unknown as DesktopElectron, app, handlers, opened, external, errors, menus, trays };
}
