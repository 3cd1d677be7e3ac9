// GET /api/v3/skills and /api/v3/skills/reload: what the FFmpeg binary can do, and the capture devices.
import type { FastifyPluginAsync } from 'fastify';
import type { HttpDeps } from '../../deps.js';
import { AnyJson } from './processSchemas.js';

export function skillsRoutes(deps: HttpDeps): FastifyPluginAsync {
  return async (app) => {
    app.get('/api/v3/skills', { schema: { summary: 'FFmpeg capabilities', operationId: 'skills-3', response: { 200: AnyJson } } }, async () => deps.skills.get());
    app.get(
      '/api/v3/skills/reload',
      { schema: { summary: 'Refresh FFmpeg capabilities', operationId: 'skills-3-reload', response: { 200: AnyJson } } },
      async () => deps.skills.reload(),
    );
  };
}
