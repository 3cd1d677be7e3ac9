// Sends API requests over IPC (window.core, inside the app) or fetch (in a browser); same shape either way.
import type { CoreRequest, CoreResponse } from '../../../preload/bridge.js';
import { base64ToBytes, bytesToBase64 } from './base64.js';

export type { CoreRequest, CoreResponse };
export type Transport = (request: CoreRequest) => Promise<CoreResponse>;

/** Electron: the preload bridge injects the request into the engine's HTTP routes. */
export function ipcTransport(bridge: NonNullable<Window['core']>): Transport {
  return (request) => bridge.request(request);
}

/** Browser: fetch() against the engine that served this page. */
export function fetchTransport(base: string = apiBase()): Transport {
  return async (request) => {
    const body = request.body !== undefined && request.bodyEncoding === 'base64' ? base64ToBytes(request.body) : request.body;
    const response = await fetch(base + request.url, {
      method: request.method,
      headers: request.headers ?? {},
      ...(body !== undefined ? { body } : {}),
    });
    const headers: Record<string, string> = {};
    response.headers.forEach((value, key) => {
      headers[key] = value;
    });
    if (request.responseEncoding === 'base64' && response.ok) {
      return { status: response.status, headers, body: bytesToBase64(new Uint8Array(await response.arrayBuffer())), bodyEncoding: 'base64' };
    }
    return { status: response.status, headers, body: await response.text() };
  };
}

/** The transport for where the UI runs: IPC when the preload bridge exists, otherwise fetch. */
export function defaultTransport(): Transport {
  return window.core ? ipcTransport(window.core) : fetchTransport();
}

/** In a browser the UI is served at <origin>/ui/, and the API lives at <origin>. */
export function apiBase(): string {
  return window.location.protocol.startsWith('http') ? window.location.origin : '';
}
