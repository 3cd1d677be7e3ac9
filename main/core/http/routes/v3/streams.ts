// GET /api/v3/rtmp and /api/v3/srt: what the built-in servers carry now; 404 while a server is disabled (as Core).
import type { FastifyPluginAsync } from 'fastify';
import { Type } from '@sinclair/typebox';
import { ApiError } from '../../ApiError.js';
import type { HttpDeps } from '../../deps.js';
import { errors } from '../../schemas.js';
import { AnyJson } from './processSchemas.js';

const RtmpChannel = Type.Object({ name: Type.String() });

export function streamRoutes(deps: HttpDeps): FastifyPluginAsync {
  return async (app) => {
    app.get(
      '/api/v3/rtmp',
      { schema: { summary: 'List all publishing RTMP streams', operationId: 'rtmp-3-list-channels', response: { 200: Type.Array(RtmpChannel), ...errors(404) } } },
      async () => {
        const rtmp = deps.rtmp();
        if (!rtmp) throw new ApiError(404, 'RTMP server not enabled', ['set rtmp.enable to true']);
        return rtmp.channels();
      },
    );
    app.get(
      '/api/v3/srt',
      { schema: { summary: 'List all publishing SRT streams with connection statistics', operationId: 'srt-3-list-channels', response: { 200: AnyJson, ...errors(404) } } },
      async () => {
        const srt = deps.srt();
        if (!srt) throw new ApiError(404, 'SRT server not enabled', ['set srt.enable to true']);
        return srt.channels();
      },
    );
  };
}
