// Validates API responses against the original Core's contract (../shared/contract/swagger.json).
import { readFileSync } from 'node:fs';
import { Ajv, type ValidateFunction } from 'ajv';
import { contractFile } from './paths.js';

interface Operation {
  responses: Record<string, { schema?: Record<string, unknown> }>;
}

interface Swagger {
  paths: Record<string, Record<string, Operation>>;
  definitions: Record<string, unknown>;
}

const swagger = JSON.parse(readFileSync(contractFile, 'utf8')) as Swagger;
const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
ajv.addSchema({ definitions: swagger.definitions }, 'swagger');
const cache = new Map<string, ValidateFunction>();

/** Rewrites swagger's "#/definitions/x" refs to the schema registered under "swagger". */
function rewriteRefs(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(rewriteRefs);
  if (schema && typeof schema === 'object') {
    return Object.fromEntries(
      Object.entries(schema).map(([key, value]) => [
        key,
        key === '$ref' && typeof value === 'string' ? value.replace('#/definitions/', 'swagger#/definitions/') : rewriteRefs(value),
      ]),
    );
  }
  return schema;
}

export function contractOperation(method: string, path: string): Operation {
  const operation = swagger.paths[path]?.[method.toLowerCase()];
  if (!operation) throw new Error(`the contract has no ${method} ${path}`);
  return operation;
}

/**
 * Checks a response body against the contract's schema for (method, contract path, status).
 * Returns the list of schema violations (empty = conforms). Throws when the contract does not list that status.
 */
export function contractViolations(method: string, path: string, status: number, body: unknown): string[] {
  const key = `${method} ${path} ${status}`;
  let validate = cache.get(key);
  if (!validate) {
    const response = contractOperation(method, path).responses[String(status)];
    if (!response) throw new Error(`the contract does not list status ${status} for ${method} ${path}`);
    validate = ajv.compile(rewriteRefs(response.schema ?? {}) as object);
    cache.set(key, validate);
  }
  if (validate(body)) return [];
  return (validate.errors ?? []).map((error) => `${error.instancePath || '/'} ${error.message ?? ''}`);
}
