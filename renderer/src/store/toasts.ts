// Messages for the user: API errors (with Core's message) and confirmations, shown in one live region.
import { createStore } from 'zustand/vanilla';

export interface Toast {
  id: number;
  kind: 'error' | 'info';
  message: string;
}

export interface ToastState {
  toasts: Toast[];
  push(kind: Toast['kind'], message: string): void;
  dismiss(id: number): void;
}

/** Confirmations go away on their own; errors stay until dismissed (they say what to do). */
export const INFO_TOAST_MS = 6000;

export function createToastStore(setTimer: (callback: () => void, ms: number) => void = (callback, ms) => void setTimeout(callback, ms)) {
  let next = 1;
  return createStore<ToastState>()((set, get) => ({
    toasts: [],
    push: (kind, message) => {
      const id = next++;
      set((state) => ({ toasts: [...state.toasts.slice(-4), { id, kind, message }] }));
      if (kind === 'info') setTimer(() => get().dismiss(id), INFO_TOAST_MS);
    },
    dismiss: (id) => set((state) => ({ toasts: state.toasts.filter((toast) => toast.id !== id) })),
  }));
}
