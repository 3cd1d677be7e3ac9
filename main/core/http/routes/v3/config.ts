// GET/PUT /api/v3/config and GET /api/v3/config/reload.
import type { FastifyPluginAsync } from 'fastify';
import { Type } from '@sinclair/typebox';
import { ConfigConflict, type HttpDeps } from '../../deps.js';
import { OkString, errors, sendOk } from '../../schemas.js';

const ConfigResponse = Type.Object({
  created_at: Type.String(),
  loaded_at: Type.String(),
  updated_at: Type.String(),
  config: Type.Record(Type.String(), Type.Unknown()),
  overrides: Type.Array(Type.String()),
});

const ConfigErrorMap = Type.Record(Type.String(), Type.Array(Type.String()), {
  description: 'Messages per invalid config key',
});

export function configRoutes(deps: HttpDeps): FastifyPluginAsync {
  return async (app) => {
    app.get(
      '/api/v3/config',
      {
        schema: {
          summary: 'Retrieve the currently active configuration',
          operationId: 'config-3-get',
          response: { 200: ConfigResponse },
        },
      },
      async () => deps.config.view(),
    );

    app.put(
      '/api/v3/config',
      {
        schema: {
          summary: 'Update the configuration with a complete or partial config (applied on reload)',
          operationId: 'config-3-set',
          body: Type.Object({ version: Type.Integer() }, { additionalProperties: true }),
          response: { 200: OkString, 409: ConfigErrorMap, ...errors(400) },
        },
      },
      async (request, reply) => {
        try {
          deps.config.update(request.body);
        } catch (error) {
          if (error instanceof ConfigConflict) return reply.status(409).send(error.fields);
          throw error;
        }
        return sendOk(reply);
      },
    );

    app.get(
      '/api/v3/config/reload',
      {
        schema: {
          summary: 'Reload the stored configuration; restarts the engine',
          operationId: 'config-3-reload',
          response: { 200: OkString },
        },
      },
      async (_request, reply) => {
        // Restart only after this answer has left, so the client sees "OK" from the old engine.
        reply.raw.once('finish', () => deps.config.scheduleReload());
        return sendOk(reply);
      },
    );
  };
}
