// Turns an RTMP request (the app from `connect`, the name from `publish`/`play`) into Core's stream path, checking
// the app prefix and the token (`?token=T`, or since Core 16.12 the last path element: `/live/stream/T`).
import { timingSafeEqual } from 'node:crypto';
import path from 'node:path';

export interface StreamAccessOptions {
  /** rtmp.app: "/" or a prefix like "/live". */
  app: string;
  /** rtmp.token; empty = no token required. */
  token: string;
}

export type StreamDecision =
  | {
      allowed: true;
      /** The channel key and GET /api/v3/rtmp name: app plus name, e.g. "/live/foo" (never contains the token). */
      path: string;
      /** The path after the app, e.g. "foo" or "12345.stream". */
      name: string;
      /** The session reference: the name without its extension ("12345.stream" → "12345"). */
      reference: string;
    }
  | {
      allowed: false;
      /** The requested stream as far as it can be told apart from the token; safe to log. */
      path: string;
      reason: 'no streamkey provided' | 'invalid streamkey' | 'invalid app';
    };

/** "/live/" → "/live", "live" → "/live", "" → "/". */
export function normalizeApp(app: string): string {
  const trimmed = app.trim().replace(/\/+$/, '');
  if (trimmed === '') return '/';
  return trimmed.startsWith('/') ? trimmed : `/${trimmed}`;
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/**
 * Joins app and stream name as Core (joy4) does: "/" + app + "/" + name without empty segments; a query may sit on
 * either part (clients put it on the name, `?token=` in a server URL ends up on the app).
 */
export function splitRequest(rawApp: string, rawName: string): { segments: string[]; query: URLSearchParams } {
  const query = new URLSearchParams();
  const segments: string[] = [];
  for (const part of [rawApp, rawName]) {
    const mark = part.indexOf('?');
    const pathPart = mark < 0 ? part : part.slice(0, mark);
    if (mark >= 0) for (const [key, value] of new URLSearchParams(part.slice(mark + 1))) query.set(key, value);
    for (const segment of pathPart.split('/')) if (segment !== '') segments.push(segment);
  }
  return { segments, query };
}

/** The name inside the app, or undefined when the path lies outside it or names nothing. */
export function nameInApp(streamPath: string, app: string): string | undefined {
  const prefix = app === '/' ? '' : app;
  if (prefix !== '' && !streamPath.startsWith(`${prefix}/`)) return undefined;
  const name = streamPath.slice(prefix.length + 1);
  return name === '' ? undefined : name;
}

function joinPath(segments: readonly string[]): string {
  return '/' + segments.map(decodeSegment).join('/');
}

function sameToken(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

export function resolveStream(rawApp: string, rawName: string, options: StreamAccessOptions): StreamDecision {
  const app = normalizeApp(options.app);
  const { segments, query } = splitRequest(rawApp, rawName);
  let streamSegments = segments;
  if (options.token !== '') {
    const queryToken = query.get('token') ?? '';
    let given: string | undefined;
    if (queryToken !== '') {
      given = queryToken;
    } else if (segments.length >= 2 && nameInApp(joinPath(segments.slice(0, -1)), app) !== undefined) {
      // The last element is the stream key only when a stream name is left without it; otherwise the key is missing.
      given = decodeSegment(segments[segments.length - 1]!);
      streamSegments = segments.slice(0, -1);
    }
    if (given === undefined) return { allowed: false, path: joinPath(segments), reason: 'no streamkey provided' };
    if (!sameToken(given, options.token)) return { allowed: false, path: joinPath(streamSegments), reason: 'invalid streamkey' };
  }
  const streamPath = joinPath(streamSegments);
  const name = nameInApp(streamPath, app);
  if (name === undefined) return { allowed: false, path: streamPath, reason: 'invalid app' };
  const extension = path.posix.extname(name);
  return { allowed: true, path: streamPath, name, reference: extension === '' ? name : name.slice(0, -extension.length) };
}
