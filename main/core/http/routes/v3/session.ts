// GET /api/v3/session and /api/v3/session/active: viewers and publishers per collector.
import type { FastifyPluginAsync } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import type { HttpDeps } from '../../deps.js';
import { AnyJson } from './processSchemas.js';

const Query = Type.Object({ collectors: Type.Optional(Type.String({ description: 'comma separated, e.g. hls,rtmp (all when absent)' })) });

const names = (collectors: string | undefined) => collectors?.split(',').map((name) => name.trim()).filter(Boolean);

export function sessionRoutes(deps: HttpDeps): FastifyPluginAsync {
  return async (app) => {
    app.get<{ Querystring: Static<typeof Query> }>(
      '/api/v3/session',
      { schema: { summary: 'Summary of active and past sessions per collector', operationId: 'session-3-summary', querystring: Query, response: { 200: AnyJson } } },
      async (request) => deps.sessions.summary(names(request.query.collectors)),
    );
    app.get<{ Querystring: Static<typeof Query> }>(
      '/api/v3/session/active',
      { schema: { summary: 'Active sessions per collector', operationId: 'session-3-current', querystring: Query, response: { 200: AnyJson } } },
      async (request) => deps.sessions.active(names(request.query.collectors)),
    );
  };
}
