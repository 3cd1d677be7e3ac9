// Finds and loads the libsrt N-API binding (native/, built by scripts/build-srt.mjs); never throws, so the engine
// starts without it and can say why SRT is unavailable.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ApiSrtStatistics } from './apiShapes.js';

export type NativeEvent =
  | { type: 'accept'; id: number; peer: string; streamId: string }
  /** `data` holds the messages back to back; `sizes` their lengths (each at most one 1316-byte live payload). */
  | { type: 'data'; id: number; data: Buffer; sizes: number[] }
  | { type: 'close'; id: number; reason: string };

export interface NativeServerOptions {
  /** '' = all interfaces (IPv6 and IPv4, or IPv4 only where there is no IPv6). */
  host: string;
  /** 0 = any free port. */
  port: number;
  /** Required from every caller when set (SRTO_PASSPHRASE on the listener, 10 to 79 characters). */
  passphrase?: string;
  latencyMs?: number;
}

/**
 * Called on the JS thread while libsrt holds the caller's handshake: 0 accepts, an SRT_REJX_* code rejects.
 * libsrt waits at most one second for the answer and rejects without one.
 */
export type ConnectDecision = (id: number, streamId: string, peer: string, hsVersion: number) => number;

export interface NativeServer {
  port(): number;
  listenerId(): number;
  /** Stops the worker, closes the listener and every accepted socket; idempotent. */
  close(): void;
  /** Closes one accepted socket; false if this server does not own it (any more). */
  closeSocket(id: number): boolean | undefined;
  /** Sends the messages to each socket; per socket: bytes taken, 0 when its buffer was full (dropped), -1 when broken. */
  send(ids: number[], data: Buffer, sizes: number[]): number[];
  /** srt_bstats under the manual's field names; null for an unknown socket. */
  stats(id: number): ApiSrtStatistics | null;
  /** srt_getsockstate (see SOCKET_STATE). */
  state(id: number): number;
  /** Received bytes dropped because JS did not keep up. */
  droppedBytes(): number;
}

export interface NativeLogLine {
  ts: number;
  /** syslog severity: 7 debug, 5 note, 4 warning, 3 error, 2 fatal */
  level: number;
  /** libsrt's function name */
  area: string;
  /** e.g. " D:SRT.cn: @123: text" (severity letter, functional area, text) */
  message: string;
}

export interface Binding {
  version: string;
  Server: new (options: NativeServerOptions, onEvents: (events: NativeEvent[]) => void, onConnect: ConnectDecision) => NativeServer;
  /** libsrt logging is process-wide: one handler at a time; null switches it off. */
  setLogHandler(handler: ((lines: NativeLogLine[]) => void) | null, options?: { level: number; areas: number[] }): void;
}

/** SRT_SOCKSTATUS */
export const SOCKET_STATE = {
  INIT: 1,
  OPENED: 2,
  LISTENING: 3,
  CONNECTING: 4,
  CONNECTED: 5,
  BROKEN: 6,
  CLOSING: 7,
  CLOSED: 8,
  NONEXIST: 9,
} as const;

/** SRT_REJX_* (access_control.h): what a rejected caller is told. */
export const REJECT = {
  BAD_REQUEST: 1400,
  UNAUTHORIZED: 1401,
  OVERLOAD: 1402,
  FORBIDDEN: 1403,
  NOT_FOUND: 1404,
  BAD_MODE: 1405,
  CONFLICT: 1409,
  INTERNAL: 1500,
  DOWN: 1503,
} as const;

const BUILT_FROM_ROOT = 'main/core/srt/native/build/Release/srt.node';

/**
 * Where the binding may be: next to this module (running from source), or under the project root above a bundle
 * (dist/main/*.js and dist/main/chunks/*.js both find <root>/main/core/srt/native/build/Release/srt.node).
 */
export function bindingCandidates(from: string = path.dirname(fileURLToPath(import.meta.url))): string[] {
  const candidates = [path.join(from, 'native/build/Release/srt.node')];
  for (let dir = from; ; dir = path.dirname(dir)) {
    candidates.push(path.join(dir, BUILT_FROM_ROOT));
    if (path.dirname(dir) === dir) break;
  }
  return [...new Set(candidates)];
}

let loaded: Binding | undefined;

/** The binding, or why it is unavailable (not built, libsrt missing, wrong Node ABI). */
export function loadSrtBinding(): Binding | Error {
  if (loaded) return loaded;
  const file = bindingCandidates().find((candidate) => existsSync(candidate));
  if (!file) {
    return new Error(
      'the SRT binding is not built: run `node scripts/build-srt.mjs` (needs the Debian packages libsrt-openssl-dev and pkg-config)',
    );
  }
  try {
    const binding = createRequire(import.meta.url)(file) as Binding;
    if (typeof binding.Server !== 'function') return new Error(`${file} is not the SRT binding`);
    loaded = binding;
    return binding;
  } catch (error) {
    return new Error(`the SRT binding ${file} cannot be loaded: ${error instanceof Error ? error.message : String(error)}`);
  }
}
