// The core:request IPC channel: answers the renderer's API requests by injecting them into the engine's HTTP routes.
import type { CoreRequest, CoreResponse } from '../../preload/bridge.js';
import type { Core } from '../core/app.js';

const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE']);

/** The subset of Electron's ipcMain this module needs; tests pass a stand-in. */
export interface IpcMainLike {
  handle(channel: string, listener: (event: unknown, ...args: unknown[]) => Promise<unknown>): void;
}

export function parseCoreRequest(input: unknown): CoreRequest {
  if (typeof input !== 'object' || input === null) throw new Error('core:request expects an object');
  const { method, url, headers, body } = input as Record<string, unknown>;
  if (typeof method !== 'string' || !METHODS.has(method)) throw new Error('core:request: invalid method');
  if (typeof url !== 'string' || !url.startsWith('/') || url.startsWith('//')) throw new Error('core:request: url must be a path');
  if (headers !== undefined && (typeof headers !== 'object' || headers === null)) throw new Error('core:request: invalid headers');
  if (body !== undefined && typeof body !== 'string') throw new Error('core:request: body must be a string');
  const cleanHeaders: Record<string, string> = {};
  for (const [key, value] of Object.entries((headers as Record<string, unknown>) ?? {})) {
    if (typeof value === 'string') cleanHeaders[key.toLowerCase()] = value;
  }
  return { method: method as CoreRequest['method'], url, headers: cleanHeaders, ...(body !== undefined ? { body } : {}) };
}

export async function answerCoreRequest(core: Core, input: unknown): Promise<CoreResponse> {
  const request = parseCoreRequest(input);
  const response = await core.inject({
    method: request.method,
    url: request.url,
    headers: request.headers ?? {},
    ...(request.body !== undefined ? { payload: request.body } : {}),
    // Injected requests come from the local app itself.
    remoteAddress: '127.0.0.1',
  });
  const headers: Record<string, string> = {};
  for (const [key, value] of Object.entries(response.headers)) {
    if (value !== undefined) headers[key] = Array.isArray(value) ? value.join(', ') : String(value);
  }
  return { status: response.statusCode, headers, body: response.body };
}

/** `isTrusted` checks the sender frame (see sender.ts); without it every sender is accepted (tests of the transport). */
export function registerCoreIpc(ipcMain: IpcMainLike, core: Core, isTrusted?: (event: unknown) => boolean): void {
  ipcMain.handle('core:request', async (event, request) => {
    if (isTrusted && !isTrusted(event)) throw new Error('core:request: sender frame not allowed');
    return answerCoreRequest(core, request);
  });
}
