// /api/v3/process: list, create, read, update, delete, command, config, state, report, probe.
import type { FastifyPluginAsync } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import type { HttpDeps } from '../../deps.js';
import { errors, sendOk, OkString } from '../../schemas.js';
import { parseFilter } from '../../../restream/views.js';
import { AnyJson, CommandBody, FilterQuery, IdParams, ListQuery, ProcessConfigBody, ProcessConfigSchema } from './processSchemas.js';
import { translate } from './processErrors.js';

type Id = { Params: Static<typeof IdParams> };

export function processRoutes(deps: HttpDeps): FastifyPluginAsync {
  const registry = () => deps.restream();
  return async (app) => {
    app.get<{ Querystring: Static<typeof ListQuery> }>(
      '/api/v3/process',
      { schema: { summary: 'List all known processes', operationId: 'process-3-get-all', querystring: ListQuery, response: { 200: Type.Array(AnyJson) } } },
      async (request, reply) => {
        const { filter, reference, id, idpattern, refpattern } = request.query;
        const ids = id ? id.split(',').map((part) => part.trim()).filter(Boolean) : undefined;
        // Already JSON bytes: the registry serialises from per-process caches and reuses unchanged answers (UIs poll this).
        const body = registry().listBody({ ids, reference, idPattern: idpattern, refPattern: refpattern }, parseFilter(filter));
        return reply.type('application/json; charset=utf-8').send(body);
      },
    );

    app.post(
      '/api/v3/process',
      {
        schema: {
          summary: 'Add a new process',
          operationId: 'process-3-add',
          body: ProcessConfigBody,
          response: { 200: ProcessConfigSchema, ...errors(400) },
        },
      },
      async (request) => translate('create', () => registry().add(request.body)),
    );

    app.get<Id & { Querystring: Static<typeof FilterQuery> }>(
      '/api/v3/process/:id',
      { schema: { summary: 'List a process by its ID', operationId: 'process-3-get', params: IdParams, querystring: FilterQuery, response: { 200: AnyJson, ...errors(404) } } },
      async (request) => translate('other', () => registry().get(request.params.id, parseFilter(request.query.filter))),
    );

    app.put<Id>(
      '/api/v3/process/:id',
      {
        schema: {
          summary: 'Replace an existing process (partial bodies update the given fields)',
          operationId: 'process-3-update',
          params: IdParams,
          body: ProcessConfigBody,
          response: { 200: ProcessConfigSchema, ...errors(400, 404) },
        },
      },
      async (request) => translate('update', () => registry().update(request.params.id, request.body)),
    );

    app.delete<Id>(
      '/api/v3/process/:id',
      { schema: { summary: 'Delete a process (stops it first)', operationId: 'process-3-delete', params: IdParams, response: { 200: OkString, ...errors(404) } } },
      async (request, reply) => {
        await translate('other', () => registry().delete(request.params.id));
        return sendOk(reply);
      },
    );

    app.put<Id & { Body: Static<typeof CommandBody> }>(
      '/api/v3/process/:id/command',
      {
        schema: {
          summary: 'Issue a command to a process: start, stop, restart, reload',
          operationId: 'process-3-command',
          params: IdParams,
          body: CommandBody,
          response: { 200: OkString, ...errors(400, 404) },
        },
      },
      async (request, reply) => {
        await translate('command', () => registry().command(request.params.id, request.body.command));
        return sendOk(reply);
      },
    );

    app.get<Id>(
      '/api/v3/process/:id/config',
      { schema: { summary: 'Get the configuration of a process', operationId: 'process-3-get-config', params: IdParams, response: { 200: ProcessConfigSchema, ...errors(400, 404) } } },
      async (request) => translate('other', () => registry().config(request.params.id)),
    );

    app.get<Id>(
      '/api/v3/process/:id/state',
      { schema: { summary: 'Get the state and progress of a process', operationId: 'process-3-get-state', params: IdParams, response: { 200: AnyJson, ...errors(400, 404) } } },
      async (request) => translate('other', () => registry().state(request.params.id)),
    );

    app.get<Id>(
      '/api/v3/process/:id/report',
      { schema: { summary: 'Get the logs of a process', operationId: 'process-3-get-report', params: IdParams, response: { 200: AnyJson, ...errors(400, 404) } } },
      async (request) => translate('other', () => registry().report(request.params.id)),
    );

    app.get<Id>(
      '/api/v3/process/:id/probe',
      { schema: { summary: 'Probe the inputs of a process', operationId: 'process-3-probe', params: IdParams, response: { 200: AnyJson, ...errors(404) } } },
      async (request) => translate('other', () => registry().probe(request.params.id)),
    );
  };
}
