// api.access.http|https.allow|block: which client addresses may use the API, per listener (plain or TLS).
import type { FastifyInstance } from 'fastify';
import { ApiError } from '../ApiError.js';
import { CidrList } from '../../net/CidrList.js';
import { requestPaths } from '../requestPath.js';

export interface AccessRules {
  allow: string[];
  block: string[];
}

export interface ApiAccess {
  http: AccessRules;
  https: AccessRules;
}

interface CompiledRules {
  allow: CidrList | null;
  block: CidrList | null;
}

function compile(rules: AccessRules, key: string): CompiledRules {
  return {
    allow: rules.allow.length > 0 ? new CidrList(rules.allow, `${key}.allow`) : null,
    block: rules.block.length > 0 ? new CidrList(rules.block, `${key}.block`) : null,
  };
}

/** Throws (naming the key) on an invalid CIDR: Core refuses to start then. */
export function installAccessList(app: FastifyInstance, access: ApiAccess): void {
  const http = compile(access.http, 'api.access.http');
  const https = compile(access.https, 'api.access.https');
  if (!http.allow && !http.block && !https.allow && !https.block) return;
  app.addHook('onRequest', async (request) => {
    if (!requestPaths(request).some((path) => path.startsWith('/api'))) return;
    const rules = (request.socket as { encrypted?: boolean }).encrypted ? https : http;
    const ip = request.socket.remoteAddress ?? '';
    if (rules.block?.contains(ip) || (rules.allow && !rules.allow.contains(ip))) {
      throw new ApiError(403, 'Forbidden', [`access from ${ip} is not allowed`]);
    }
  });
}
