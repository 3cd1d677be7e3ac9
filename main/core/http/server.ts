// Builds the Fastify server: error shape, auth guard, swagger, and one plugin per API area.
import Fastify, { type FastifyInstance } from 'fastify';
import type { HttpDeps } from './deps.js';
import { clientErrorHandler, frameworkErrorHandler, installErrorHandlers } from './errorHandler.js';
import { installJsonParser } from './jsonBody.js';
import { installAuthGuard } from './hooks/authGuard.js';
import { installSwagger } from './swagger.js';
import { pingRoutes } from './routes/ping.js';
import { acmeChallengeRoutes } from './routes/acmeChallenge.js';
import { aboutRoutes } from './routes/about.js';
import { loginRoutes } from './routes/login.js';
import { configRoutes } from './routes/v3/config.js';
import { logRoutes } from './routes/v3/log.js';
import { uiRoutes } from './routes/ui.js';
import { storageMount } from './routes/storageMount.js';
import { processRoutes } from './routes/v3/process.js';
import { metadataRoutes } from './routes/v3/metadata.js';
import { widgetRoutes } from './routes/v3/widget.js';
import { skillsRoutes } from './routes/v3/skills.js';
import { fsRoutes } from './routes/v3/fs.js';
import { sessionRoutes } from './routes/v3/session.js';
import { streamRoutes } from './routes/v3/streams.js';
import { profilingRoutes } from './routes/profiling.js';
import { metricsRoutes } from './routes/v3/metrics.js';
import { playoutRoutes } from './routes/v3/playout.js';
import { graphRoutes } from './routes/graph.js';
import { diskMount } from './routes/diskMount.js';
import { routerRoutes } from './routes/router.js';
import { installCors } from './hooks/cors.js';
import { installAccessList } from './hooks/accessList.js';
import { installReadOnly } from './hooks/readOnly.js';
import { installHttpSessions } from './hooks/httpSessions.js';
import compress from '@fastify/compress';

/**
 * FFmpeg sends `Expect: 100-continue` with its PUTs and only offers Basic credentials after a 401, so a write
 * must be refused before the body is sent. Node would answer "100 Continue" by itself; instead the request runs
 * through the hooks (auth) first, and "100 Continue" goes out only once it is about to read the body.
 */
function installExpectContinue(app: FastifyInstance): void {
  app.server.on('checkContinue', (request, response) => app.server.emit('request', request, response));
  app.addHook('preParsing', async (request, reply) => {
    if (request.headers.expect?.toLowerCase() === '100-continue' && !reply.raw.headersSent) reply.raw.writeContinue();
  });
}

/** `https` given: the same routes over TLS (the HTTPS listener). */
export async function buildHttpServer(deps: HttpDeps, https?: import('node:tls').TlsOptions): Promise<FastifyInstance> {
  const app = Fastify({
    ...(https ? { https } : {}),
    logger: false,
    bodyLimit: 16 * 1024 * 1024,
    // validateSchema off: the route schemas are the engine's own and fixed (tests cover them); checking them
    // against the JSON Schema meta-schema at every start costs tens of milliseconds.
    ajv: { customOptions: { removeAdditional: false, coerceTypes: 'array', useDefaults: true, allErrors: true, validateSchema: false } },
    return503OnClosing: true,
    forceCloseConnections: true,
    // Core has no limit on a path parameter's length (process IDs, metadata keys); Node's header limit bounds it.
    routerOptions: { maxParamLength: 16 * 1024 },
    frameworkErrors: frameworkErrorHandler,
    clientErrorHandler,
  });
  installErrorHandlers(app, deps.logger);
  installJsonParser(app);
  installExpectContinue(app);
  installCors(app, deps.corsOrigins);
  installAccessList(app, deps.access);
  if (deps.readOnly) installReadOnly(app);
  installAuthGuard(app, deps.auth);
  if (deps.httpSessions) installHttpSessions(app, deps.httpSessions);
  // Text answers (API JSON, playlists) are gzipped for clients that ask; media segments are not.
  await app.register(compress, {
    global: true,
    threshold: 1024,
    encodings: ['gzip'],
    customTypes: /^(text\/|application\/(json|x-mpegurl|vnd\.apple\.mpegurl|javascript|xml|dash\+xml))/i,
  });
  await installSwagger(app);
  await app.register(pingRoutes);
  await app.register(acmeChallengeRoutes(deps));
  await app.register(aboutRoutes(deps));
  await app.register(loginRoutes(deps));
  await app.register(configRoutes(deps));
  await app.register(logRoutes(deps));
  await app.register(processRoutes(deps));
  await app.register(metadataRoutes(deps));
  await app.register(playoutRoutes(deps));
  await app.register(graphRoutes);
  await app.register(widgetRoutes(deps));
  await app.register(skillsRoutes(deps));
  await app.register(fsRoutes(deps));
  await app.register(sessionRoutes(deps));
  await app.register(streamRoutes(deps));
  await app.register(profilingRoutes(deps));
  await app.register(metricsRoutes(deps));
  await app.register(uiRoutes(deps.uiDir));
  for (const mount of deps.mounts) await app.register(storageMount(mount));
  await app.register(routerRoutes({ routes: deps.routes, cwd: deps.cwd }));
  // Last: the catch-all "/*" of the disk filesystem.
  if (deps.disk) await app.register(diskMount(deps.disk));
  await app.ready();
  return app;
}
