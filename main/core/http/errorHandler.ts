// Turns every failure (ours, Fastify's validation, body parsing, unknown routes) into Core's error body.
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Socket } from 'node:net';
import { ApiError, errorBody } from './ApiError.js';
import type { Logger } from '../log/Logger.js';

const STATUS_TEXT: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  406: 'Not Acceptable',
  408: 'Request Timeout',
  409: 'Conflict',
  413: 'Payload Too Large',
  414: 'URI Too Long',
  415: 'Unsupported Media Type',
  429: 'Too Many Requests',
  431: 'Request Header Fields Too Large',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
  507: 'Insufficient Storage',
};

function validationDetails(error: FastifyError): string[] {
  if (!error.validation) return [error.message];
  const where = error.validationContext ?? 'request';
  return error.validation.map((issue) => {
    const path = issue.instancePath ? issue.instancePath.replace(/^\//, '').replace(/\//g, '.') : where;
    const extra = issue.keyword === 'additionalProperties' ? ` '${String(issue.params.additionalProperty)}'` : '';
    return `${path}: ${issue.message ?? 'is invalid'}${extra}`;
  });
}

export function installErrorHandlers(app: FastifyInstance, logger: Logger): void {
  app.setErrorHandler((error: FastifyError | ApiError, request: FastifyRequest, reply: FastifyReply) => {
    if (error instanceof ApiError) {
      return reply.status(error.status).send(errorBody(error.status, error.message, error.details));
    }
    if (error.validation) {
      return reply.status(400).send(errorBody(400, 'Invalid request', validationDetails(error)));
    }
    if (error.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || error.code === 'FST_ERR_CTP_EMPTY_JSON_BODY') {
      return reply.status(400).send(errorBody(400, 'Invalid JSON', [error.message]));
    }
    const status = error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500;
    if (status === 500) {
      logger.error('request failed', { method: request.method, url: request.url, error: error.message });
      return reply.status(500).send(errorBody(500, STATUS_TEXT[500]!, []));
    }
    // Fastify's own client errors (bad JSON, wrong content type, body too large) keep their message as detail.
    return reply.status(status).send(errorBody(status, STATUS_TEXT[status] ?? 'Bad Request', [error.message]));
  });

  app.setNotFoundHandler((request, reply) => {
    reply.status(404).send(errorBody(404, 'Not Found', [`no route for ${request.method} ${request.url.split('?')[0]}`]));
  });
}

/**
 * Fastify's `frameworkErrors`: a URL with broken percent-encoding (and the like) fails before any route runs;
 * it still gets Core's error body instead of Fastify's own {error, statusCode}.
 */
export function frameworkErrorHandler(error: FastifyError, _request: FastifyRequest, reply: FastifyReply): void {
  const status = error.statusCode ?? 400;
  reply.status(status).send(errorBody(status, STATUS_TEXT[status] ?? 'Bad Request', [error.message]));
}

/**
 * Fastify's `clientErrorHandler`: requests Node's HTTP parser refuses (oversized headers, malformed framing,
 * header timeouts) are answered on the raw socket, with Core's error body, and the connection is closed.
 */
export function clientErrorHandler(error: NodeJS.ErrnoException, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const status = error.code === 'HPE_HEADER_OVERFLOW' ? 431 : error.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : 400;
  const body = JSON.stringify(errorBody(status, STATUS_TEXT[status]!, [error.code ?? error.message]));
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${status} ${STATUS_TEXT[status]}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy(error);
}
