// api.read_only: the API's write routes are not mounted; their paths answer 405 like a router without them.
import type { FastifyInstance } from 'fastify';
import { ApiError } from '../ApiError.js';

const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
// POST routes that only read (a metrics query) stay, as in Core.
const READING_POSTS = new Set(['/api/v3/metrics']);

/** Must be installed before the routes are registered. */
export function installReadOnly(app: FastifyInstance): void {
  app.addHook('onRoute', (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    if (!route.url.startsWith('/api/v3/') || READING_POSTS.has(route.url) || !methods.some((method) => WRITES.has(method))) return;
    route.handler = async () => {
      throw new ApiError(405, 'Method Not Allowed', ['the API is read-only (api.read_only)']);
    };
  });
}
