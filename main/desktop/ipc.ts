// The core:request IPC channel: answers the renderer's API requests by injecting them into the engine's HTTP routes.
import type { CoreRequest, CoreResponse } from '../../preload/bridge.js';
import type { Core } from '../core/app.js';

const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE']);
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** The subset of Electron's ipcMain this module needs; tests pass a stand-in. */
export interface IpcMainLike {
  handle(channel: string, listener: (event: unknown, ...args: unknown[]) => Promise<unknown>): void;
}

export function parseCoreRequest(input: unknown): CoreRequest {
  if (typeof input !== 'object' || input === null) throw new Error('core:request expects an object');
  const { method, url, headers, body, bodyEncoding, responseEncoding } = input as Record<string, unknown>;
  if (typeof method !== 'string' || !METHODS.has(method)) throw new Error('core:request: invalid method');
  if (typeof url !== 'string' || !url.startsWith('/') || url.startsWith('//')) throw new Error('core:request: url must be a path');
  if (headers !== undefined && (typeof headers !== 'object' || headers === null)) throw new Error('core:request: invalid headers');
  if (body !== undefined && typeof body !== 'string') throw new Error('core:request: body must be a string');
  if (bodyEncoding !== undefined && bodyEncoding !== 'base64') throw new Error('core:request: bodyEncoding must be base64');
  if (bodyEncoding === 'base64' && !BASE64.test(body as string)) throw new Error('core:request: body is not base64');
  if (responseEncoding !== undefined && responseEncoding !== 'base64') throw new Error('core:request: responseEncoding must be base64');
  const cleanHeaders: Record<string, string> = {};
  for (const [key, value] of Object.entries((headers as Record<string, unknown>) ?? {})) {
    if (typeof value === 'string') cleanHeaders[key.toLowerCase()] = value;
  }
  return {
    method: method as CoreRequest['method'],
    url,
    headers: cleanHeaders,
    ...(body !== undefined ? { body } : {}),
    ...(bodyEncoding === 'base64' ? { bodyEncoding } : {}),
    ...(responseEncoding === 'base64' ? { responseEncoding } : {}),
  };
}

export async function answerCoreRequest(core: Core, input: unknown): Promise<CoreResponse> {
  const request = parseCoreRequest(input);
  const response = await core.inject({
    method: request.method,
    url: request.url,
    headers: request.headers ?? {},
    ...(request.body !== undefined ? { payload: request.bodyEncoding === 'base64' ? Buffer.from(request.body, 'base64') : request.body } : {}),
    // Injected requests come from the local app itself.
    remoteAddress: '127.0.0.1',
  });
  const headers: Record<string, string> = {};
  for (const [key, value] of Object.entries(response.headers)) {
    if (value !== undefined) headers[key] = Array.isArray(value) ? value.join(', ') : String(value);
  }
  if (request.responseEncoding === 'base64') return { status: response.statusCode, headers, body: response.rawPayload.toString('base64'), bodyEncoding: 'base64' };
  return { status: response.statusCode, headers, body: response.body };
}

/** `isTrusted` checks the sender frame (see sender.ts); without it every sender is accepted (tests of the transport). */
export function registerCoreIpc(ipcMain: IpcMainLike, core: Core, isTrusted?: (event: unknown) => boolean): void {
  ipcMain.handle('core:request', async (event, request) => {
    if (isTrusted && !isTrusted(event)) throw new Error('core:request: sender frame not allowed');
    return answerCoreRequest(core, request);
  });
}
