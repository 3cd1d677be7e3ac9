// Hash routing: #/dashboard, #/new (the New channel wizard), #/channels, #/channels/<id>, #/files, #/viewers, #/settings, #/logs.
import { useSyncExternalStore } from 'react';

export type RouteName = 'dashboard' | 'channels' | 'channel' | 'new' | 'files' | 'viewers' | 'settings' | 'logs';
export interface Route {
  name: RouteName;
  id?: string;
}

const NAMES: RouteName[] = ['dashboard', 'channels', 'new', 'files', 'viewers', 'settings', 'logs'];

export function parseHash(hash: string): Route {
  const parts = hash.replace(/^#\/?/, '').split('/');
  const [first = '', second] = parts;
  if (first === 'channels' && second) return { name: 'channel', id: decodeURIComponent(parts.slice(1).join('/')) };
  return NAMES.includes(first as RouteName) ? { name: first as RouteName } : { name: 'channels' };
}

export function channelHref(id: string): string {
  return `#/channels/${encodeURIComponent(id)}`;
}

function subscribe(callback: () => void): () => void {
  window.addEventListener('hashchange', callback);
  return () => window.removeEventListener('hashchange', callback);
}

export function useHash(): string {
  return useSyncExternalStore(subscribe, () => window.location.hash);
}
