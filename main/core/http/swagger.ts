// OpenAPI description generated from the route schemas, and the Swagger UI at /api/swagger/index.html.
import type { FastifyInstance } from 'fastify';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { CORE_API_VERSION } from '../version.js';

const UI_PREFIX = '/api/swagger';

export async function installSwagger(app: FastifyInstance): Promise<void> {
  await app.register(swagger, {
    openapi: {
      info: {
        title: 'datarhei Core API v3 (streaming appliance)',
        description: 'Wire-compatible reimplementation of the datarhei Core v16 API.',
        version: CORE_API_VERSION,
      },
      components: {
        securitySchemes: { ApiKeyAuth: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
      },
    },
  });
  await app.register(swaggerUi, { routePrefix: UI_PREFIX, staticCSP: false });
  // Core's documented address is .../index.html; the plugin serves the same page at the prefix.
  app.get(`${UI_PREFIX}/index.html`, { schema: { hide: true } }, async (_request, reply) => {
    const page = await app.inject({ method: 'GET', url: `${UI_PREFIX}/` });
    return reply.type('text/html; charset=utf-8').send(page.body);
  });
}
