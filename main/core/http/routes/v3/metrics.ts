// GET/POST /api/v3/metrics (describe, query) and GET /metrics (Prometheus, when enabled).
import type { FastifyPluginAsync } from 'fastify';
import { Type } from '@sinclair/typebox';
import { ApiError } from '../../ApiError.js';
import type { HttpDeps } from '../../deps.js';
import { errors } from '../../schemas.js';
import { MetricsQueryError } from '../../../metrics/index.js';
import { AnyJson } from './processSchemas.js';

const Description = Type.Object({ name: Type.String(), description: Type.String(), labels: Type.Array(Type.String()) });

export function metricsRoutes(deps: HttpDeps): FastifyPluginAsync {
  return async (app) => {
    const metrics = deps.metrics;
    if (!metrics) return;
    app.get(
      '/api/v3/metrics',
      { schema: { summary: 'List all known metrics with their description and labels', operationId: 'metrics-3-describe', response: { 200: Type.Array(Description) } } },
      async () => metrics.collector.describe(),
    );
    app.post(
      '/api/v3/metrics',
      {
        schema: {
          summary: 'Query the collected metrics (latest value, or a series with timerange_sec and interval_sec)',
          operationId: 'metrics-3-metrics',
          body: Type.Object({}, { additionalProperties: true }),
          // Values are [unix seconds, value] pairs on the wire (as Core sends them), so no object schema here.
          response: { 200: AnyJson, ...errors(400) },
        },
      },
      async (request) => {
        try {
          return await metrics.collector.query(request.body);
        } catch (error) {
          if (error instanceof MetricsQueryError) throw new ApiError(400, error.message, error.details);
          throw error;
        }
      },
    );
    const prometheus = metrics.prometheus;
    if (prometheus) {
      app.get('/metrics', { schema: { summary: 'Prometheus metrics', operationId: 'metrics' } }, async (_request, reply) =>
        reply.type(prometheus.contentType).send(await prometheus.render()),
      );
    }
  };
}
