// GET /api/v3/widget/process/{id}: public viewer counts and uptime of a process (no auth, for websites).
import type { FastifyPluginAsync } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import type { HttpDeps } from '../../deps.js';
import { errors } from '../../schemas.js';
import { IdParams } from './processSchemas.js';
import { translate } from './processErrors.js';

const WidgetProcess = Type.Object({ current_sessions: Type.Integer(), total_sessions: Type.Integer(), uptime: Type.Integer() });

export function widgetRoutes(deps: HttpDeps): FastifyPluginAsync {
  return async (app) => {
    app.get<{ Params: Static<typeof IdParams> }>(
      '/api/v3/widget/process/:id',
      { schema: { summary: 'Fetch minimal statistics about a process', operationId: 'widget-3-get', params: IdParams, response: { 200: WidgetProcess, ...errors(404) } } },
      async (request) =>
        translate('other', () => {
          const state = deps.restream().state(request.params.id);
          const reference = deps.restream().get(request.params.id, new Set()).reference;
          const sessions = deps.sessions.forReference(reference);
          return {
            current_sessions: sessions.current,
            total_sessions: sessions.total,
            uptime: state.exec === 'running' ? state.runtime_seconds : 0,
          };
        }),
    );
  };
}
