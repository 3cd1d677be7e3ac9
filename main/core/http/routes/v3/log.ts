// GET /api/v3/log: the engine's recent log lines.
import type { FastifyPluginAsync } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import type { HttpDeps } from '../../deps.js';

const Query = Type.Object({
  format: Type.Optional(Type.Union([Type.Literal('console'), Type.Literal('raw')], { default: 'console' })),
});

export function logRoutes(deps: HttpDeps): FastifyPluginAsync {
  return async (app) => {
    app.get<{ Querystring: Static<typeof Query> }>(
      '/api/v3/log',
      {
        schema: {
          summary: 'Application log',
          operationId: 'log-3',
          querystring: Query,
          response: { 200: Type.Array(Type.String()) },
        },
      },
      async (request) => deps.logs.lines(request.query.format ?? 'console'),
    );
  };
}
