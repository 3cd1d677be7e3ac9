// Processes and their live state: one record per process id, polled at 1 Hz with filter=state while visible.
import { createStore } from 'zustand/vanilla';
import type { ApiClient } from '../api/ApiClient.js';
import { errorMessage } from '../api/ApiError.js';
import type { Process, ProcessCommand, ProcessConfig } from '../api/types.js';
import { pollWhileVisible, sharedPoll, type VisibilitySource } from './poll.js';

/** Samples kept per process for the sparkline (one per poll). */
export const HISTORY_LENGTH = 60;

export interface ProcessesState {
  ids: string[];
  byId: Record<string, Process>;
  /** Output bitrate (kbit/s) per poll, newest last. */
  bitrate: Record<string, number[]>;
  loaded: boolean;
  error: string | null;
  pending: Record<string, ProcessCommand | undefined>;
  refresh(): Promise<void>;
  /** Starts the shared 1 Hz poll; returns the release function. */
  poll(): () => void;
  command(id: string, command: ProcessCommand): Promise<void>;
  loadDetails(id: string): Promise<void>;
  loadReport(id: string): Promise<void>;
  saveConfig(id: string, config: ProcessConfig): Promise<void>;
}

export function createProcessesStore(client: ApiClient, doc?: VisibilitySource, intervalMs = 1000) {
  const store = createStore<ProcessesState>()((set, get) => {
    const merge = (id: string, patch: Partial<Process>) =>
      set((state) => ({ byId: { ...state.byId, [id]: { ...(state.byId[id] ?? { id }), ...patch } } }));

    return {
      ids: [],
      byId: {},
      bitrate: {},
      loaded: false,
      error: null,
      pending: {},
      async refresh() {
        try {
          const list = await client.processes(['state']);
          set((state) => {
            const byId: Record<string, Process> = {};
            const bitrate: Record<string, number[]> = {};
            for (const process of list) {
              const previous = state.byId[process.id];
              byId[process.id] = { ...previous, ...process };
              const sample = process.state?.exec === 'running' ? (process.state.progress?.bitrate_kbit ?? 0) : 0;
              bitrate[process.id] = [...(state.bitrate[process.id] ?? []), sample].slice(-HISTORY_LENGTH);
            }
            return { ids: list.map((process) => process.id), byId, bitrate, loaded: true, error: null };
          });
        } catch (error) {
          set({ error: errorMessage(error), loaded: true });
        }
      },
      poll: sharedPoll(() => pollWhileVisible(() => void get().refresh(), intervalMs, doc)),
      async command(id, command) {
        set((state) => ({ pending: { ...state.pending, [id]: command } }));
        try {
          await client.command(id, command);
          await get().refresh();
        } finally {
          set((state) => ({ pending: { ...state.pending, [id]: undefined } }));
        }
      },
      async loadDetails(id) {
        const process = await client.process(id, ['config', 'state', 'report']);
        merge(id, process);
      },
      async loadReport(id) {
        merge(id, { report: await client.processReport(id) });
      },
      async saveConfig(id, config) {
        await client.updateProcess(id, config);
        // The id may change with the config; reload the record under its new id.
        await get().refresh();
        await get().loadDetails(config.id);
      },
    };
  });
  return store;
}
