// router.routes: redirects ("/foo.txt": "/bar.txt") and directories served under a prefix ("/ui2/*": "/path").
import type { FastifyPluginAsync } from 'fastify';
import fastifyStatic from '@fastify/static';
import path from 'node:path';

export interface RouterOptions {
  routes: Record<string, string>;
  /** Base for relative directory targets (the working directory, as in Core). */
  cwd: string;
}

export function routerRoutes(options: RouterOptions): FastifyPluginAsync {
  return async (app) => {
    for (const [from, to] of Object.entries(options.routes)) {
      if (from.endsWith('/*')) {
        const prefix = from.slice(0, -1);
        await app.register(fastifyStatic, { root: path.resolve(options.cwd, to), prefix, decorateReply: false, index: ['index.html'] });
        if (prefix !== '/') app.get(prefix.slice(0, -1), { schema: { hide: true } }, async (_request, reply) => reply.redirect(prefix, 301));
      } else {
        app.get(from, { schema: { hide: true } }, async (_request, reply) => reply.redirect(to, 301));
      }
    }
  };
}
