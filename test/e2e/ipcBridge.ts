// The app's IPC path in a real page, minus Electron's pipe: the real preload bundle (dist/preload/index.cjs) runs in
// the page against a stand-in `electron` module whose ipcRenderer.invoke crosses to this process through playwright's
// exposeFunction, where the handlers registered by the same functions main/desktop/main.ts uses answer it.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import type { Core } from '../../main/core/app.js';
import { registerAppIpc } from '../../main/desktop/appIpc.js';
import { FirstRunState } from '../../main/desktop/firstRun.js';
import { registerCoreIpc } from '../../main/desktop/ipc.js';
import { lanUrls, qrDataUrl } from '../../main/desktop/lan.js';
import { SettingsStore } from '../../main/desktop/settings.js';
import { repoRoot } from '../helpers/paths.js';

type Handler = (event: unknown, ...args: unknown[]) => Promise<unknown>;

export interface IpcBridge {
  /** Calls per channel, e.g. core:request → 42. */
  calls: Map<string, number>;
}

export async function installIpcBridge(page: Page, core: Core, dataDir: string): Promise<IpcBridge> {
  const handlers = new Map<string, Handler>();
  const ipcMain = { handle: (channel: string, listener: Handler) => void handlers.set(channel, listener) };
  const trusted = () => true;
  registerCoreIpc(ipcMain, core, trusted);
  const settings = new SettingsStore(path.join(dataDir, 'app-settings.json'));
  registerAppIpc(ipcMain, {
    isTrusted: trusted,
    version: () => ({ app: '0.0.0-e2e', electron: 'stand-in', chrome: 'stand-in', node: process.versions.node, platform: process.platform }),
    lan: async () => {
      const urls = lanUrls(core.port);
      return { port: core.port, urls: await Promise.all(urls.map(async (url) => ({ url, qr: await qrDataUrl(url) }))) };
    },
    update: { status: () => ({ state: 'disabled', reason: 'updates are not available in this build' }), check: async () => {}, installNow: () => false },
    openPath: async () => '',
    dataFolder: dataDir,
    logsFolder: dataDir,
    chooseFolder: async () => null,
    settings: { get: () => settings.get(), update: (patch) => settings.update(patch) },
    requestMediaAccess: async () => true,
    firstRun: new FirstRunState(path.join(dataDir, 'first-run-done'), { generatedPassword: () => core.firstRunPassword, auth: () => core.apiAuth }),
  });

  const calls = new Map<string, number>();
  await page.exposeFunction('__ipcInvoke', async (channel: string, ...args: unknown[]) => {
    const handler = handlers.get(channel);
    if (!handler) throw new Error(`No handler registered for '${channel}'`);
    calls.set(channel, (calls.get(channel) ?? 0) + 1);
    return handler({}, ...args);
  });
  const preload = readFileSync(path.join(repoRoot, 'dist/preload/index.cjs'), 'utf8');
  await page.addInitScript({
    content: `(() => {
      const electron = {
        contextBridge: { exposeInMainWorld: (key, value) => { window[key] = Object.freeze(value); } },
        ipcRenderer: { invoke: (...args) => window.__ipcInvoke(...args), on() {}, removeListener() {} },
      };
      const require = (name) => { if (name !== 'electron') throw new Error('preload may only require electron, not ' + name); return electron; };
      const module = { exports: {} };
      (function (module, exports, require) {\n${preload}\n})(module, module.exports, require);
    })();`,
  });
  return { calls };
}
