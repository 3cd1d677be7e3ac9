// One onRequest hook protects every /api/v3 route (except the public widget) with the API's JWT auth.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ApiError } from '../ApiError.js';
import { InvalidTokenError } from '../../auth/JwtIssuer.js';
import type { ApiAuth } from '../../auth/ApiAuth.js';

const PROTECTED_PREFIX = '/api/v3/';
const PUBLIC_PREFIXES = ['/api/v3/widget/'];

function needsAuth(request: FastifyRequest): boolean {
  const path = request.url.split('?')[0]!;
  return path.startsWith(PROTECTED_PREFIX) && !PUBLIC_PREFIXES.some((prefix) => path.startsWith(prefix));
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
