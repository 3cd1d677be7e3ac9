// GET /ping: liveness check, answers "pong".
import type { FastifyPluginAsync } from 'fastify';
import { Type } from '@sinclair/typebox';

export const pingRoutes: FastifyPluginAsync = async (app) => {
  app.get(
    '/ping',
    { schema: { summary: 'Liveness check', operationId: 'ping', response: { 200: Type.String() } } },
    async (_request, reply) => reply.type('text/plain; charset=utf-8').send('pong'),
  );
};
