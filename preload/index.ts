// Preload: exposes window.core, which forwards API requests to the engine in the main process over IPC.
import { contextBridge, ipcRenderer } from 'electron';
import type { CoreBridge } from './bridge.js';

const bridge: CoreBridge = {
  request: (request) => ipcRenderer.invoke('core:request', request),
};

contextBridge.exposeInMainWorld('core', bridge);
