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

export function createToastStore() {
  let next = 1;
  return createStore<ToastState>()((set) => ({
    toasts: [],
    push: (kind, message) => set((state) => ({ toasts: [...state.toasts.slice(-4), { id: next++, kind, message }] })),
    dismiss: (id) => set((state) => ({ toasts: state.toasts.filter((toast) => toast.id !== id) })),
  }));
}
