// Builds every store from one ApiClient and hands them to React through a context.
import { createContext, useContext } from 'react';
import { useStore } from 'zustand';
import type { StoreApi } from 'zustand/vanilla';
import type { ApiClient } from '../api/ApiClient.js';
import { createAuthStore, type AuthState } from './auth.js';
import { createConfigStore, type ConfigState } from './config.js';
import { createMetricsStore, type MetricsState } from './metrics.js';
import type { VisibilitySource } from './poll.js';
import { createProcessesStore, type ProcessesState } from './processes.js';
import { createSessionsStore, type SessionsState } from './sessions.js';
import { createToastStore, type ToastState } from './toasts.js';

export interface AppStores {
  client: ApiClient;
  auth: StoreApi<AuthState>;
  processes: StoreApi<ProcessesState>;
  metrics: StoreApi<MetricsState>;
  sessions: StoreApi<SessionsState>;
  config: StoreApi<ConfigState>;
  toasts: StoreApi<ToastState>;
}

export function createAppStores(client: ApiClient, doc?: VisibilitySource): AppStores {
  const auth = createAuthStore(client);
  return {
    client,
    auth,
    processes: createProcessesStore(client, doc),
    metrics: createMetricsStore(client, doc),
    sessions: createSessionsStore(client, doc),
    config: createConfigStore(client, undefined, undefined, (about) => auth.setState({ about })),
    toasts: createToastStore(),
  };
}

export const StoresContext = createContext<AppStores | null>(null);

export function useStores(): AppStores {
  const stores = useContext(StoresContext);
  if (!stores) throw new Error('StoresContext is missing');
  return stores;
}

export function useAuth<T>(selector: (state: AuthState) => T): T {
  return useStore(useStores().auth, selector);
}
export function useProcesses<T>(selector: (state: ProcessesState) => T): T {
  return useStore(useStores().processes, selector);
}
export function useMetrics<T>(selector: (state: MetricsState) => T): T {
  return useStore(useStores().metrics, selector);
}
export function useSessions<T>(selector: (state: SessionsState) => T): T {
  return useStore(useStores().sessions, selector);
}
export function useConfig<T>(selector: (state: ConfigState) => T): T {
  return useStore(useStores().config, selector);
}
export function useToasts<T>(selector: (state: ToastState) => T): T {
  return useStore(useStores().toasts, selector);
}
