// The operations of the contract (../shared/contract/swagger.json) as the fuzzer needs them: method, path,
// parameters and the body schema with its $refs inlined.
import { readFileSync } from 'node:fs';
import { contractFile } from '../../helpers/paths.js';

export type Schema = Record<string, unknown> & {
  type?: string;
  properties?: Record<string, Schema>;
  items?: Schema;
  required?: string[];
  enum?: unknown[];
  additionalProperties?: Schema | boolean;
  $ref?: string;
};

export interface ContractParam {
  name: string;
  in: 'path' | 'query' | 'body' | 'header' | 'formData';
  type?: string;
  required?: boolean;
  schema?: Schema;
}

export interface ContractOperation {
  method: string;
  /** The contract's path template, e.g. /api/v3/process/{id}. */
  path: string;
  params: ContractParam[];
  /** The body schema ($refs inlined), when the operation takes a body. */
  body?: Schema;
  consumes: string[];
  responses: Record<string, { schema?: Schema }>;
}

interface Swagger {
  paths: Record<string, Record<string, { parameters?: ContractParam[]; consumes?: string[]; responses: Record<string, { schema?: Schema }> }>>;
  definitions: Record<string, Schema>;
}

const swagger = JSON.parse(readFileSync(contractFile, 'utf8')) as Swagger;

/** Inlines "#/definitions/x" references (cycles stop at `depth`). */
export function resolveSchema(schema: Schema, depth = 0): Schema {
  if (depth > 12) return {};
  if (schema.$ref) return resolveSchema(swagger.definitions[schema.$ref.replace('#/definitions/', '')] ?? {}, depth + 1);
  const out: Schema = { ...schema };
  if (schema.properties) out.properties = Object.fromEntries(Object.entries(schema.properties).map(([key, value]) => [key, resolveSchema(value, depth + 1)]));
  if (schema.items) out.items = resolveSchema(schema.items, depth + 1);
  if (schema.additionalProperties && typeof schema.additionalProperties === 'object') out.additionalProperties = resolveSchema(schema.additionalProperties, depth + 1);
  return out;
}

export function contractOperations(): ContractOperation[] {
  const operations: ContractOperation[] = [];
  for (const [path, methods] of Object.entries(swagger.paths)) {
    for (const [method, operation] of Object.entries(methods)) {
      const params = operation.parameters ?? [];
      const body = params.find((param) => param.in === 'body')?.schema;
      operations.push({
        method: method.toUpperCase(),
        path,
        params,
        body: body ? resolveSchema(body) : undefined,
        consumes: operation.consumes ?? ['application/json'],
        responses: operation.responses,
      });
    }
  }
  return operations;
}

/** The contract's schema for an answer, with its $ref name when it is one (e.g. "api.Error"). */
export function responseSchemaName(operation: ContractOperation, status: number): string | undefined {
  return operation.responses[String(status)]?.schema?.$ref?.replace('#/definitions/', '');
}
