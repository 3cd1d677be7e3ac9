// Preload: exposes window.core (request, onEvent, app.*) and nothing else; every call goes over a fixed IPC channel.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { EVENT_CHANNEL, type CoreBridge, type CoreEvent } from './bridge.js';

const invoke = (channel: string, ...args: unknown[]) => ipcRenderer.invoke(channel, ...args);

const bridge: CoreBridge = {
  request: (request) => invoke('core:request', request),
  onEvent: (listener) => {
    // The renderer never sees the IpcRendererEvent (it carries the sender and ports).
    const wrapped = (_event: IpcRendererEvent, payload: CoreEvent) => listener(payload);
    ipcRenderer.on(EVENT_CHANNEL, wrapped);
    return () => {
      ipcRenderer.removeListener(EVENT_CHANNEL, wrapped);
    };
  },
  app: {
    version: () => invoke('app:version'),
    lanAddresses: () => invoke('app:lanAddresses'),
    updateStatus: () => invoke('app:updateStatus'),
    updateAction: (action) => invoke('app:updateAction', action),
    openDataFolder: () => invoke('app:openDataFolder'),
    openLogsFolder: () => invoke('app:openLogsFolder'),
    chooseFolder: (options) => invoke('app:chooseFolder', options ?? {}),
    getSettings: () => invoke('app:getSettings'),
    setSettings: (patch) => invoke('app:setSettings', patch),
    requestMediaAccess: (kinds) => invoke('app:requestMediaAccess', kinds),
    firstRun: () => invoke('app:firstRun'),
    completeFirstRun: () => invoke('app:completeFirstRun'),
  },
};

contextBridge.exposeInMainWorld('core', bridge);
