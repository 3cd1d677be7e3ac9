// Sends API requests over IPC (window.core, inside the app) or fetch (in a browser); same shape either way.
import type { CoreRequest, CoreResponse } from '../../../preload/bridge.js';

export async function send(request: CoreRequest): Promise<CoreResponse> {
  if (window.core) return window.core.request(request);
  const response = await fetch(apiBase() + request.url, {
    method: request.method,
    headers: request.headers ?? {},
    ...(request.body !== undefined ? { body: request.body } : {}),
  });
  const headers: Record<string, string> = {};
  response.headers.forEach((value, key) => {
    headers[key] = value;
  });
  return { status: response.status, headers, body: await response.text() };
}

/** In a browser the UI is served at <origin>/ui/, and the API lives at <origin>. */
function apiBase(): string {
  return window.location.protocol.startsWith('http') ? window.location.origin : '';
}
