// Active viewer sessions per collector (hls, rtmp, srt), from GET /api/v3/session/active.
import { createStore } from 'zustand/vanilla';
import type { ApiClient } from '../api/ApiClient.js';
import { errorMessage } from '../api/ApiError.js';
import type { SessionsActive } from '../api/types.js';
import { pollWhileVisible, sharedPoll, type VisibilitySource } from './poll.js';

export const COLLECTORS = ['hls', 'rtmp', 'srt'] as const;

export interface SessionsState {
  active: SessionsActive;
  error: string | null;
  refresh(): Promise<void>;
  poll(): () => void;
}

export function summarize(active: SessionsActive, collector: string): { viewers: number; txKbit: number } {
  const sessions = active[collector] ?? [];
  return { viewers: sessions.length, txKbit: sessions.reduce((total, session) => total + (session.bandwidth_tx_kbit ?? 0), 0) };
}

export function createSessionsStore(client: ApiClient, doc?: VisibilitySource, intervalMs = 2000) {
  return createStore<SessionsState>()((set, get) => ({
    active: {},
    error: null,
    async refresh() {
      try {
        set({ active: (await client.activeSessions([...COLLECTORS])) ?? {}, error: null });
      } catch (error) {
        set({ error: errorMessage(error) });
      }
    },
    poll: sharedPoll(() => pollWhileVisible(() => void get().refresh(), intervalMs, doc)),
  }));
}
