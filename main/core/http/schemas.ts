// TypeBox schemas shared by several route plugins (Core's api.* DTOs).
import type { FastifyReply } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';

export const ErrorSchema = Type.Object(
  { code: Type.Integer(), message: Type.String(), details: Type.Array(Type.String()) },
  { $id: 'api.Error', description: 'Error body of every failed request' },
);

export const OkString = Type.String({ description: 'The literal "OK"' });

export type ErrorBodyType = Static<typeof ErrorSchema>;

/** Standard error responses to merge into a route's response map. */
export function errors(...codes: number[]): Record<number, typeof ErrorSchema> {
  return Object.fromEntries(codes.map((code) => [code, ErrorSchema]));
}

/** Core answers many writes with the JSON string "OK"; Fastify would send a bare string as text/plain. */
export function sendOk(reply: FastifyReply): FastifyReply {
  return reply.type('application/json; charset=utf-8').send('"OK"');
}
