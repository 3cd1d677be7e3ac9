// What every fuzz answer must satisfy: no 5xx unless the contract documents it for a legitimate condition, and
// every error carries Core's body {code, message, details} (or the body the contract documents for it instead).
import { bodyText, type RawResponse } from './client.js';
import { responseSchemaName } from './contractOps.js';
import type { FuzzRequest } from './requests.js';
import { contractViolations } from '../../helpers/contract.js';

/** The 5xx answers the contract documents for a legitimate condition, and why the fuzz may meet them. */
export const DOCUMENTED_5XX = [
  {
    method: 'PUT',
    path: '/api/v3/fs/{storage}/{filepath}',
    status: 507,
    why: 'the storage is full: the fuzz uploads multi-MB files into an 8 MB memfs and a 64 MB disk',
  },
] as const;
// Not listed, on purpose: the 500s the contract names for login, refresh and the playout calls (an internal
// failure such as an unreachable playout demuxer, which no input here has), and 503 while the engine reloads
// (the fuzz never sends GET /api/v3/config/reload with valid credentials).

/** Core's error body for that status: {code: status, message, details: [strings]}. */
export function isErrorBody(body: unknown, status: number): boolean {
  if (!body || typeof body !== 'object') return false;
  const { code, message, details } = body as Record<string, unknown>;
  return code === status && typeof message === 'string' && Array.isArray(details) && details.every((detail) => typeof detail === 'string');
}

export function answerProblems(request: FuzzRequest, response: RawResponse): string[] {
  const problems: string[] = [];
  const status = response.status;
  // The contract speaks about its own method only; a swapped method is judged by the generic rules.
  const operation = request.operation && request.method === request.operation.method ? request.operation : undefined;
  if (status >= 500 && !DOCUMENTED_5XX.some((allowed) => allowed.method === operation?.method && allowed.path === operation.path && allowed.status === status)) {
    problems.push(`answered ${status}`);
  }
  if (status >= 400 && request.method !== 'HEAD') {
    const text = bodyText(response);
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      return [...problems, `error answer ${status} is not JSON: ${text.slice(0, 200)}`];
    }
    const documented = operation && responseSchemaName(operation, status);
    if (documented && documented !== 'api.Error') {
      const violations = contractViolations(operation.method, operation.path, status, body);
      if (violations.length > 0) problems.push(`error answer ${status} violates ${documented}: ${violations.join('; ')}`);
    } else if (!isErrorBody(body, status)) {
      problems.push(`error answer ${status} is not {code, message, details}: ${text.slice(0, 200)}`);
    }
  }
  return problems;
}
