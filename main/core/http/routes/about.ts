// GET /api: what this engine is; a minimal answer when the caller still has to log in.
import type { FastifyPluginAsync } from 'fastify';
import { Type } from '@sinclair/typebox';
import { APP_NAME, type HttpDeps } from '../deps.js';
import { versionInfo } from '../../version.js';

const Version = Type.Object({
  number: Type.String(),
  repository_commit: Type.Optional(Type.String()),
  repository_branch: Type.Optional(Type.String()),
  build_date: Type.Optional(Type.String()),
  arch: Type.Optional(Type.String()),
  compiler: Type.Optional(Type.String()),
});

const About = Type.Object({
  app: Type.String(),
  auths: Type.Array(Type.String()),
  name: Type.Optional(Type.String()),
  id: Type.Optional(Type.String()),
  created_at: Type.Optional(Type.String()),
  uptime_seconds: Type.Optional(Type.Integer()),
  version: Version,
});

export function aboutRoutes(deps: HttpDeps): FastifyPluginAsync {
  return async (app) => {
    app.get(
      '/api',
      { schema: { summary: 'API version and build infos', operationId: 'about', response: { 200: About } } },
      async (request) => {
        const identity = await deps.auth.tryIdentify(request.headers.authorization, request.socket.remoteAddress);
        const auths = deps.auth.methods;
        // Clients (the Restreamer UI) detect "login required" from the missing id.
        if (!identity) return { app: APP_NAME, auths, version: { number: versionInfo().number } };
        const engine = deps.engine();
        return {
          app: APP_NAME,
          auths,
          name: engine.name,
          id: engine.id,
          // Millisecond precision: clients poll for a changed created_at to see that a reload finished.
          created_at: engine.startedAt.toISOString(),
          uptime_seconds: Math.floor((Date.now() - engine.startedAt.getTime()) / 1000),
          version: versionInfo(),
        };
      },
    );
  };
}
