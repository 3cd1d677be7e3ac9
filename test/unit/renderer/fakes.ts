// A fake engine transport for the renderer tests: routes by "METHOD path" and records every request.
import type { CoreRequest, CoreResponse } from '../../../preload/bridge.js';

export type Handler = (request: CoreRequest) => { status?: number; body?: unknown } | undefined;

export function token(claims: Record<string, unknown>): string {
  const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${encode({ alg: 'HS256', typ: 'JWT' })}.${encode(claims)}.signature`;
}

export function fakeTransport(routes: Record<string, Handler>) {
  const requests: CoreRequest[] = [];
  const transport = async (request: CoreRequest): Promise<CoreResponse> => {
    requests.push(request);
    const path = request.url.split('?')[0];
    const handler: Handler | undefined = routes[`${request.method} ${path}`];
    const result = handler
      ? (handler(request) ?? { status: 200, body: '' })
      : { status: 404, body: { code: 404, message: `No route ${path}`, details: [] } };
    const body = result.body === undefined ? '' : typeof result.body === 'string' ? result.body : JSON.stringify(result.body);
    return { status: result.status ?? 200, headers: { 'content-type': 'application/json' }, body };
  };
  return { transport, requests };
}

export function memoryStorage() {
  const map = new Map<string, string>();
  return {
    getItem: (key: string) => map.get(key) ?? null,
    setItem: (key: string, value: string) => void map.set(key, value),
    removeItem: (key: string) => void map.delete(key),
  };
}

export const visibleDocument = () => {
  const listeners = new Set<() => void>();
  const doc = {
    visibilityState: 'visible' as DocumentVisibilityState,
    addEventListener: (_type: 'visibilitychange', listener: () => void) => void listeners.add(listener),
    removeEventListener: (_type: 'visibilitychange', listener: () => void) => void listeners.delete(listener),
    set(state: DocumentVisibilityState) {
      doc.visibilityState = state;
      for (const listener of listeners) listener();
    },
  };
  return doc;
};

export const about = { app: 'datarhei-core', auths: ['localjwt'], id: 'core-1', name: 'test-core', created_at: '2024-01-01T00:00:00Z', version: { number: '16.16.0' } };

export function process(id: string, exec: string, extra: Record<string, unknown> = {}) {
  return {
    id,
    reference: '',
    state: {
      order: exec === 'running' ? 'start' : 'stop',
      exec,
      runtime_seconds: 42,
      reconnect_seconds: 0,
      last_logline: exec === 'failed' ? 'rtmp://x: Connection refused' : '',
      memory_bytes: 1024,
      cpu_usage: 1,
      command: [],
      progress: { inputs: [], outputs: [], frame: 1, packet: 1, fps: 25, q: 0, size_kb: 1, time: 1, bitrate_kbit: 1500, speed: 1, drop: 3, dup: 0 },
      ...extra,
    },
  };
}
