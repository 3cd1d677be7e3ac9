// The preload exposes exactly window.core = {request, onEvent, app: {...}} and maps each call to its fixed channel.
import { describe, expect, it, vi } from 'vitest';
import { APP_CHANNELS, EVENT_CHANNEL } from '../../preload/bridge.js';

const exposed: Array<[string, any]> = [];
const invoked: Array<[string, unknown[]]> = [];
const listeners = new Map<string, Set<(...args: unknown[]) => void>>();

vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (key: string, api: unknown) => exposed.push([key, api]) },
  ipcRenderer: {
    invoke: async (channel: string, ...args: unknown[]) => (invoked.push([channel, args]), 'ok'),
    on: (channel: string, listener: (...args: unknown[]) => void) => (listeners.get(channel) ?? listeners.set(channel, new Set()).get(channel)!).add(listener),
    removeListener: (channel: string, listener: (...args: unknown[]) => void) => listeners.get(channel)?.delete(listener),
  },
}));

describe('preload bridge', () => {
  it('exposes only window.core with request, onEvent and the app channels', async () => {
    await import('../../preload/index.js');
    expect(exposed.map(([key]) => key)).toEqual(['core']);
    const core = exposed[0]![1];
    expect(Object.keys(core).sort()).toEqual(['app', 'onEvent', 'request']);

    await core.request({ method: 'GET', url: '/api' });
    expect(invoked.at(-1)).toEqual(['core:request', [{ method: 'GET', url: '/api' }]]);

    const calls: Record<string, unknown[]> = {
      version: [], lanAddresses: [], updateStatus: [], updateAction: ['check'], openDataFolder: [], openLogsFolder: [],
      chooseFolder: [{ title: 't' }], getSettings: [], setSettings: [{ closeToTray: false }], requestMediaAccess: [['camera']],
      firstRun: [], completeFirstRun: [],
    };
    expect(Object.keys(core.app).sort()).toEqual(Object.keys(calls).sort());
    for (const [name, args] of Object.entries(calls)) await core.app[name](...args);
    expect(invoked.slice(1).map(([channel]) => channel).sort()).toEqual([...APP_CHANNELS].sort());

    const events: unknown[] = [];
    const off = core.onEvent((event: unknown) => events.push(event));
    for (const listener of listeners.get(EVENT_CHANNEL)!) listener({ sender: 'hidden' }, { type: 'status' });
    expect(events).toEqual([{ type: 'status' }]);
    off();
    expect(listeners.get(EVENT_CHANNEL)!.size).toBe(0);
  });
});
