// Who we are to the engine: whether it needs a login, the about record, and the login/logout actions.
import { createStore } from 'zustand/vanilla';
import type { ApiClient } from '../api/ApiClient.js';
import { errorMessage } from '../api/ApiError.js';
import type { About } from '../api/types.js';

export type AuthStatus = 'checking' | 'login' | 'ready' | 'offline';

export interface AuthState {
  status: AuthStatus;
  about: About | null;
  error: string | null;
  busy: boolean;
  /** True once the user got in: a later 401 shows Login over the screens instead of replacing them. */
  hadSession: boolean;
  init(): Promise<void>;
  login(username: string, password: string): Promise<boolean>;
  logout(): void;
  expired(): void;
}

export function createAuthStore(client: ApiClient) {
  const store = createStore<AuthState>()((set, get) => ({
    status: 'checking',
    about: null,
    error: null,
    busy: false,
    hadSession: false,
    async init() {
      set({ status: 'checking', error: null });
      try {
        if (client.tokens.access === null && client.tokens.refresh !== null) await client.refresh();
        const about = await client.about();
        // Core's rule: an about without `id` means the engine wants a login.
        if (about.id) set({ status: 'ready', about, hadSession: true });
        else set({ status: 'login', about });
      } catch (error) {
        set({ status: 'offline', error: `Cannot reach the engine: ${errorMessage(error)}` });
      }
    },
    async login(username, password) {
      set({ busy: true, error: null });
      try {
        await client.login(username, password);
        const about = await client.about();
        set({ status: 'ready', about, busy: false, hadSession: true });
        return true;
      } catch (error) {
        set({ busy: false, error: errorMessage(error) });
        return false;
      }
    },
    logout() {
      client.logout();
      set({ status: 'login', hadSession: false, error: null });
    },
    expired() {
      if (get().status === 'ready') set({ status: 'login', error: 'Your session has expired. Please log in again.' });
    },
  }));
  client.onUnauthorized(() => store.getState().expired());
  return store;
}
