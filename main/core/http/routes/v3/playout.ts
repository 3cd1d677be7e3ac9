// /api/v3/process/{id}/playout/{inputid}/*: the control API of datarhei's commercial playout demuxer. This engine
// has no such demuxer, so no input ever has a playout port and every call answers as Core does then.
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import { ApiError } from '../../ApiError.js';
import type { HttpDeps } from '../../deps.js';
import { errors } from '../../schemas.js';

const Params = Type.Object({ id: Type.String(), inputid: Type.String() });
type Request = FastifyRequest<{ Params: Static<typeof Params> }>;

const BASE = '/api/v3/process/:id/playout/:inputid';

export function playoutRoutes(deps: HttpDeps): FastifyPluginAsync {
  // Core's restream.GetPlayout, which every playout handler calls first: unknown process, else no port for the input.
  const unknownPlayout = async (request: Request): Promise<never> => {
    const { id, inputid } = request.params;
    const detail = deps.restream().has(id) ? `no playout for input ID '${inputid}' and process '${id}'` : 'unknown process';
    throw new ApiError(404, 'Unknown process or input', [detail]);
  };
  const schema = (summary: string, operationId?: string) => ({
    schema: { summary, ...(operationId ? { operationId } : { hide: true }), params: Params, response: errors(404) },
  });

  return async (app) => {
    // Core looks the playout up before it reads the body, so any body of any type still gets that 404.
    app.removeAllContentTypeParsers();
    app.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));

    app.get(`${BASE}/status`, schema('Get the current playout status', 'process-3-playout-status'), unknownPlayout);
    app.get(`${BASE}/reopen`, schema('Close the current input stream', 'process-3-playout-reopen-input'), unknownPlayout);
    app.get(`${BASE}/keyframe/*`, schema('Get the last keyframe', 'process-3-playout-keyframe'), unknownPlayout);
    app.get(`${BASE}/errorframe/encode`, schema('Encode the errorframe', 'process-3-playout-errorframencode'), unknownPlayout);
    app.post(`${BASE}/errorframe/*`, schema('Upload an error frame', 'process-3-playout-errorframe'), unknownPlayout);
    // Core also takes the upload by PUT (not in its swagger).
    app.put(`${BASE}/errorframe/*`, schema('Upload an error frame'), unknownPlayout);
    app.put(`${BASE}/stream`, schema('Switch to a new stream', 'process-3-playout-stream'), unknownPlayout);
  };
}
