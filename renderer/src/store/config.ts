// The engine configuration: load, save (PUT) and reload, waiting until GET /api reports a new created_at.
import { createStore } from 'zustand/vanilla';
import type { ApiClient } from '../api/ApiClient.js';
import { errorMessage } from '../api/ApiError.js';
import type { About, Config, ConfigData } from '../api/types.js';

export type ReloadPhase = 'idle' | 'saving' | 'reloading' | 'waiting' | 'done' | 'failed';

export interface ConfigState {
  data: Config | null;
  error: string | null;
  phase: ReloadPhase;
  /** Seconds waited for the engine to come back. */
  attempt: number;
  maxAttempts: number;
  load(): Promise<void>;
  saveAndReload(config: ConfigData): Promise<boolean>;
}

export function createConfigStore(
  client: ApiClient,
  sleep: (ms: number) => Promise<void> = (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  maxAttempts = 60,
  /** The engine answers with its new about record (name, created_at): the auth store keeps that one. */
  onReloaded: (about: About) => void = () => {},
) {
  return createStore<ConfigState>()((set, get) => ({
    data: null,
    error: null,
    phase: 'idle',
    attempt: 0,
    maxAttempts,
    async load() {
      try {
        set({ data: await client.config(), error: null });
      } catch (error) {
        set({ error: errorMessage(error) });
      }
    },
    async saveAndReload(config) {
      set({ phase: 'saving', error: null, attempt: 0 });
      try {
        const before = (await client.about()).created_at;
        await client.setConfig(config);
        set({ phase: 'reloading' });
        await client.reloadConfig();
        set({ phase: 'waiting' });
        for (let attempt = 1; attempt <= maxAttempts; attempt++) {
          set({ attempt });
          await sleep(1000);
          try {
            const about = await client.about();
            if (about.created_at && about.created_at !== before) {
              onReloaded(about);
              await get().load();
              set({ phase: 'done' });
              return true;
            }
          } catch {
            // the engine is restarting; keep waiting
          }
        }
        set({ phase: 'failed', error: 'The engine did not come back after the reload.' });
        return false;
      } catch (error) {
        set({ phase: 'failed', error: errorMessage(error) });
        return false;
      }
    },
  }));
}
