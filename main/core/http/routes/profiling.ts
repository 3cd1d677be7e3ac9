// /profiling (debug.profiling): a heap snapshot and a CPU profile of the engine, for Chrome DevTools.
import type { FastifyPluginAsync } from 'fastify';
import { Session } from 'node:inspector/promises';
import v8 from 'node:v8';
import { Type, type Static } from '@sinclair/typebox';
import { ApiError } from '../ApiError.js';
import type { HttpDeps } from '../deps.js';

const CpuQuery = Type.Object({ seconds: Type.Optional(Type.Integer({ minimum: 1, maximum: 60, default: 10 })) });

export function profilingRoutes(deps: HttpDeps): FastifyPluginAsync {
  return async (app) => {
    if (!deps.profiling) return;
    // A heap snapshot holds every secret of the process: it needs the API's login even though Core's does not.
    app.addHook('onRequest', async (request) => {
      if (!(await deps.auth.tryIdentify(request.headers.authorization, request.socket.remoteAddress))) {
        throw new ApiError(401, 'Missing or invalid JWT token', ['profiling needs an access token']);
      }
    });
    app.get('/profiling', { schema: { summary: 'Profiling endpoints', operationId: 'profiling' } }, async () => ({
      heap: '/profiling/heap (a .heapsnapshot for Chrome DevTools)',
      cpu: '/profiling/cpu?seconds=10 (a .cpuprofile)',
    }));
    app.get('/profiling/heap', { schema: { hide: true } }, async (_request, reply) =>
      reply.header('content-disposition', 'attachment; filename="core.heapsnapshot"').type('application/json').send(v8.getHeapSnapshot()),
    );
    app.get<{ Querystring: Static<typeof CpuQuery> }>('/profiling/cpu', { schema: { hide: true, querystring: CpuQuery } }, async (request, reply) => {
      const session = new Session();
      session.connect();
      try {
        await session.post('Profiler.enable');
        await session.post('Profiler.start');
        await new Promise((resolve) => setTimeout(resolve, (request.query.seconds ?? 10) * 1000));
        const { profile } = await session.post('Profiler.stop');
        return reply.header('content-disposition', 'attachment; filename="core.cpuprofile"').type('application/json').send(JSON.stringify(profile));
      } finally {
        session.disconnect();
      }
    });
  };
}
