// Electron entry: runs the engine inside the main process and shows the control UI.
// Electron is loaded at run time and handed to the desktop modules, so everything else stays testable in Node.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createCore } from './core/app.js';
import { registerCoreIpc, type IpcMainLike } from './desktop/ipc.js';

interface ElectronLike {
  app: {
    whenReady(): Promise<void>;
    getPath(name: 'userData'): string;
    on(event: string, listener: (...args: unknown[]) => void): void;
    quit(): void;
  };
  BrowserWindow: new (options: Record<string, unknown>) => { loadFile(file: string): Promise<void> };
  ipcMain: IpcMainLike;
}

const here = path.dirname(fileURLToPath(import.meta.url));

async function main(): Promise<void> {
  const electron = (await import('electron' as string)) as unknown as ElectronLike;
  const { app, BrowserWindow, ipcMain } = electron;
  await app.whenReady();
  const core = createCore({ cwd: app.getPath('userData'), env: { CORE_CONFIGFILE: path.join(app.getPath('userData'), 'config', 'config.js'), ...process.env } });
  await core.start();
  registerCoreIpc(ipcMain, core);
  const window = new BrowserWindow({
    width: 1280,
    height: 800,
    webPreferences: { preload: path.join(here, '../preload/index.cjs'), contextIsolation: true, nodeIntegration: false, sandbox: true },
  });
  await window.loadFile(path.join(here, '../renderer/index.html'));
  app.on('window-all-closed', () => {
    void core.stop().then(() => app.quit());
  });
}

void main();
