// Which frames may use the IPC channels: the app's own index.html (file://) or the engine's /ui/ — nothing else.
import { pathToFileURL } from 'node:url';

export interface IpcEventLike {
  senderFrame?: { url: string; parent?: unknown } | null;
}

export interface TrustedOrigins {
  /** The packaged renderer's index.html. */
  indexFile: string;
  /** The engine's origin (http://127.0.0.1:port) while it runs. */
  engineOrigin: () => string | null;
}

export function isTrustedSender(event: unknown, trusted: TrustedOrigins): boolean {
  const frame = (event as IpcEventLike | null)?.senderFrame;
  if (!frame || typeof frame.url !== 'string') return false;
  // Only top-level frames: an iframe inside the app must not reach the engine.
  if (frame.parent !== undefined && frame.parent !== null) return false;
  let url: URL;
  try {
    url = new URL(frame.url);
  } catch {
    return false;
  }
  if (url.protocol === 'file:') {
    return url.pathname === pathToFileURL(trusted.indexFile).pathname;
  }
  const origin = trusted.engineOrigin();
  return origin !== null && url.origin === origin && url.pathname.startsWith('/ui/');
}

export class UntrustedSenderError extends Error {
  constructor(channel: string) {
    super(`${channel}: sender frame not allowed`);
  }
}
