// /api/graph (playground) and /api/graph/query: Core's GraphQL API. This engine has no GraphQL resolver; both
// routes exist so clients get a well-formed answer (a GraphQL error) instead of "no route", and learn why.
import type { FastifyPluginAsync } from 'fastify';
import { Type } from '@sinclair/typebox';

const NOT_SUPPORTED = 'GraphQL queries are not supported by this engine; use the REST API under /api/v3 (see /api/swagger)';

// Loose on purpose: a 400 is also what the error handler sends for a body that is not JSON ({code, message, details}).
const GraphResponse = Type.Unknown({ description: 'api.GraphResponse: {data, errors: [{message}]}' });

const PLAYGROUND = `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>GraphQL</title></head>
<body><h1>GraphQL</h1><p>${NOT_SUPPORTED.replace('/api/swagger', '<a href="/api/swagger/index.html">/api/swagger</a>')}.</p></body></html>
`;

export const graphRoutes: FastifyPluginAsync = async (app) => {
  app.get('/api/graph', { schema: { summary: 'Load GraphQL playground', operationId: 'graph-playground' } }, async (_request, reply) =>
    reply.type('text/html; charset=utf-8').send(PLAYGROUND),
  );
  app.post(
    '/api/graph/query',
    { schema: { summary: 'Query the GraphAPI', operationId: 'graph-query', response: { 400: GraphResponse } } },
    async (request, reply) => {
      const body = request.body as { query?: unknown } | null | undefined;
      const message = typeof body?.query === 'string' && body.query.trim() !== '' ? NOT_SUPPORTED : 'no query given: the body must be {"query": "..."}';
      return reply.status(400).send({ data: null, errors: [{ message }] });
    },
  );
};
