// Metadata: free JSON stored per process (/api/v3/process/{id}/metadata/{key}) and globally (/api/v3/metadata/{key}).
import type { FastifyPluginAsync } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import { ApiError } from '../../ApiError.js';
import type { HttpDeps } from '../../deps.js';
import { errors } from '../../schemas.js';
import { AnyJson, IdKeyParams, IdParams } from './processSchemas.js';
import { translate } from './processErrors.js';

const KeyParams = Type.Object({ key: Type.String() });

function found(value: unknown, key: string | undefined): unknown {
  if (value === undefined || (value === null && key)) throw new ApiError(404, 'Metadata not found', [key ? `unknown key: ${key}` : 'no metadata']);
  return value;
}

export function metadataRoutes(deps: HttpDeps): FastifyPluginAsync {
  const registry = () => deps.restream();
  return async (app) => {
    // Any JSON value is a valid metadata value, including strings and numbers.
    const anyBody = { body: AnyJson };

    app.get<{ Params: Static<typeof IdKeyParams> }>(
      '/api/v3/process/:id/metadata/:key',
      { schema: { summary: 'Retrieve JSON metadata of a process', operationId: 'process-3-get-process-metadata', params: IdKeyParams, response: { 200: AnyJson, ...errors(400, 404) } } },
      async (request) => translate('other', () => found(registry().metadata(request.params.id, request.params.key), request.params.key)),
    );
    app.get<{ Params: Static<typeof IdParams> }>(
      '/api/v3/process/:id/metadata',
      { schema: { summary: 'Retrieve all JSON metadata of a process', params: IdParams, response: { 200: AnyJson, ...errors(404) } } },
      async (request) => translate('other', () => registry().metadata(request.params.id) ?? {}),
    );
    app.put<{ Params: Static<typeof IdKeyParams> }>(
      '/api/v3/process/:id/metadata/:key',
      { schema: { summary: 'Add JSON metadata to a process under the given key', operationId: 'process-3-set-process-metadata', params: IdKeyParams, ...anyBody, response: { 200: AnyJson, ...errors(400, 404) } } },
      async (request) => {
        if (request.params.key === '') throw new ApiError(400, 'Invalid key', ['the key must not be empty']);
        return translate('other', () => registry().setMetadata(request.params.id, request.params.key, request.body));
      },
    );

    app.get<{ Params: Static<typeof KeyParams> }>(
      '/api/v3/metadata/:key',
      { schema: { summary: 'Retrieve JSON metadata from a key', operationId: 'metadata-3-get', params: KeyParams, response: { 200: AnyJson, ...errors(400, 404) } } },
      async (request) => found(registry().systemMetadataValue(request.params.key), request.params.key),
    );
    app.get('/api/v3/metadata', { schema: { summary: 'Retrieve all global JSON metadata', response: { 200: AnyJson } } }, async () => registry().systemMetadataValue() ?? {});
    app.put<{ Params: Static<typeof KeyParams> }>(
      '/api/v3/metadata/:key',
      { schema: { summary: 'Add JSON metadata under the given key', operationId: 'metadata-3-set', params: KeyParams, ...anyBody, response: { 200: AnyJson, ...errors(400) } } },
      async (request) => {
        if (request.params.key === '') throw new ApiError(400, 'Invalid key', ['the key must not be empty']);
        // A failed save is 507 (as for process metadata), not a bare 500.
        return translate('other', () => registry().setSystemMetadata(request.params.key, request.body));
      },
    );
  };
}
