// The API's JSON body parser: Fastify's own (prototype-poisoning safe), behind a nesting-depth limit.
import type { FastifyInstance } from 'fastify';
import { ApiError } from './ApiError.js';

/**
 * Deepest accepted nesting of arrays and objects. Parsing deeper JSON is cheap, but storing and answering it is
 * not: db.json's encoder and JSON.stringify recurse and overflow the stack at a few thousand levels, which would
 * fail every later save. Real clients nest under 10 levels (Go's decoder, Core's, stops at 10,000).
 */
export const MAX_JSON_DEPTH = 100;

/** True when JSON text nests arrays/objects deeper than `limit`; brackets inside strings do not count. */
export function jsonNestsDeeperThan(text: string, limit: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) {
      inString = true;
    } else if (c === 0x5b || c === 0x7b) {
      if (++depth > limit) return true;
    } else if (c === 0x5d || c === 0x7d) {
      depth--;
    }
  }
  return false;
}

/** Replaces the application/json parser of `app` (and the plugins registered after this call). */
export function installJsonParser(app: FastifyInstance): void {
  const parse = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    if (jsonNestsDeeperThan(body as string, MAX_JSON_DEPTH)) {
      done(new ApiError(400, 'Invalid JSON', [`the body nests arrays or objects deeper than ${MAX_JSON_DEPTH} levels`]), undefined);
      return;
    }
    parse(request, body as string, done);
  });
}
