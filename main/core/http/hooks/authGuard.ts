// One onRequest hook protects every /api/v3 and /api/graph route (except the public widget) with the API's JWT auth.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ApiError } from '../ApiError.js';
import { InvalidTokenError } from '../../auth/JwtIssuer.js';
import type { ApiAuth } from '../../auth/ApiAuth.js';
import { requestPaths } from '../requestPath.js';

const PROTECTED_PREFIXES = ['/api/v3/', '/api/graph'];
const PUBLIC_PREFIXES = ['/api/v3/widget/'];

const isProtected = (path: string) =>
  PROTECTED_PREFIXES.some((prefix) => path.startsWith(prefix)) && !PUBLIC_PREFIXES.some((prefix) => path.startsWith(prefix));

/** Protected when either the decoded path or the matched route is: "/api/%763/process" must not slip through. */
function needsAuth(request: FastifyRequest): boolean {
  return requestPaths(request).some(isProtected);
}

export function installAuthGuard(app: FastifyInstance, auth: ApiAuth): void {
  app.addHook('onRequest', async (request) => {
    if (!needsAuth(request)) return;
    let identity;
    try {
      identity = await auth.identify(request.headers.authorization, request.socket.remoteAddress);
    } catch (error) {
      if (error instanceof InvalidTokenError) throw new ApiError(401, 'Missing or invalid JWT token', [error.message]);
      throw error;
    }
    if (!identity) throw new ApiError(401, 'Missing or invalid JWT token', ['an access token is required']);
  });
}
