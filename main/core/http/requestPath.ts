// Which path a request addresses, as the router sees it: "/api/%763/process" is /api/v3/process.
import type { FastifyRequest } from 'fastify';

/** The URL path, percent-decoded (left as sent when it is not valid percent-encoding). */
export function decodedPath(request: FastifyRequest): string {
  const raw = request.url.split('?')[0]!;
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}

/**
 * Every path a hook must judge a request by: the decoded URL path and, when a route matched, its pattern.
 * Hooks that compare only the raw URL can be walked around with percent-encoding, which the router decodes.
 */
export function requestPaths(request: FastifyRequest): string[] {
  const route = request.routeOptions.url;
  return route ? [decodedPath(request), route] : [decodedPath(request)];
}

/** A filesystem path as a URL path, for headers such as Content-Location: names may hold CR, LF or non-ASCII. */
export function encodePath(path: string): string {
  return path
    .split('/')
    .map((segment) => encodeURIComponent(segment))
    .join('/');
}
