// GET /.well-known/acme-challenge/{token}: answers Let's Encrypt's HTTP-01 challenges (tls.auto).
import type { FastifyPluginAsync } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import { ApiError } from '../ApiError.js';
import type { HttpDeps } from '../deps.js';

const Params = Type.Object({ token: Type.String({ pattern: '^[A-Za-z0-9_-]+$' }) });

export function acmeChallengeRoutes(deps: HttpDeps): FastifyPluginAsync {
  return async (app) => {
    app.get<{ Params: Static<typeof Params> }>('/.well-known/acme-challenge/:token', { schema: { hide: true, params: Params } }, async (request, reply) => {
      const answer = deps.acmeChallenge?.(request.params.token);
      if (answer === undefined) throw new ApiError(404, 'Not Found', ['no such ACME challenge']);
      return reply.type('text/plain').send(answer);
    });
  };
}
