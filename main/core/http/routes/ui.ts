// Serves the control UI (the built renderer, or router.ui_path when set) at /ui/.
import type { FastifyPluginAsync } from 'fastify';
import { existsSync } from 'node:fs';
import fastifyStatic from '@fastify/static';

export function uiRoutes(uiDir: string | undefined): FastifyPluginAsync {
  return async (app) => {
    if (!uiDir || !existsSync(uiDir)) return;
    // Core answers /ui with a redirect so relative asset URLs resolve under /ui/.
    app.get('/ui', { schema: { hide: true } }, async (_request, reply) => reply.redirect('/ui/', 301));
    await app.register(fastifyStatic, { root: uiDir, prefix: '/ui/', index: ['index.html'], decorateReply: false });
  };
}
