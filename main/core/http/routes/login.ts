// POST /api/login and GET /api/login/refresh: Core's local JWT login.
import type { FastifyPluginAsync } from 'fastify';
import { setTimeout as sleep } from 'node:timers/promises';
import { Type, type Static } from '@sinclair/typebox';
import { ApiError } from '../ApiError.js';
import { errors } from '../schemas.js';
import type { HttpDeps } from '../deps.js';
import { bearerToken } from '../../auth/ApiAuth.js';
import { InvalidTokenError } from '../../auth/JwtIssuer.js';
import { credentialsMatch } from '../../auth/passwords.js';

// Both fields are optional in the schema: an Auth0 login sends no body at all (see the handler).
const Login = Type.Object(
  { username: Type.Optional(Type.String({ maxLength: 1024 })), password: Type.Optional(Type.String({ maxLength: 1024 })) },
  { additionalProperties: true },
);
const Jwt = Type.Object({ access_token: Type.String(), refresh_token: Type.String() });
const JwtRefresh = Type.Object({ access_token: Type.String() });

export function loginRoutes(deps: HttpDeps): FastifyPluginAsync {
  const { auth } = deps;
  return async (app) => {
    app.post<{ Body: Static<typeof Login> }>(
      '/api/login',
      {
        schema: {
          summary: 'Retrieve an access and a refresh token (username/password, or an Auth0 bearer token)',
          operationId: 'jwt-login',
          body: Login,
          response: { 200: Jwt, ...errors(400, 401, 403) },
        },
        // No body at all (the Auth0 way) validates as an empty object.
        preValidation: async (request) => {
          if (request.body === undefined || request.body === null) request.body = {};
        },
      },
      async (request) => {
        if (!auth.settings.enable) throw new ApiError(403, 'Forbidden', ['authentication is not enabled']);
        const address = request.socket.remoteAddress ?? 'unknown';
        const { username, password } = request.body;
        if (username === undefined && password === undefined) {
          const bearer = bearerToken(request.headers.authorization);
          if (!bearer) throw new ApiError(400, 'Bad Request', ['username and password are required']);
          if (!auth.auth0) throw new ApiError(400, 'Bad Request', ['Auth0 login is not enabled']);
          try {
            const user = await auth.auth0.verify(bearer);
            auth.throttle.succeed(address);
            return auth.jwt.issuePair(user);
          } catch (error) {
            await sleep(auth.throttle.fail(address));
            deps.logger.warn('Auth0 login failed', { client: address, reason: (error as Error).message });
            throw new ApiError(401, 'Invalid Auth0 token', [(error as Error).message]);
          }
        }
        if (username === undefined || password === undefined) {
          throw new ApiError(400, 'Bad Request', [`${username === undefined ? 'username' : 'password'} is required`]);
        }
        if (!credentialsMatch({ username, password }, auth.settings)) {
          await sleep(auth.throttle.fail(address));
          deps.logger.warn('login failed', { user: username, client: address });
          throw new ApiError(401, 'Invalid username or password', []);
        }
        auth.throttle.succeed(address);
        return auth.jwt.issuePair(username);
      },
    );

    app.get(
      '/api/login/refresh',
      {
        schema: {
          summary: 'Retrieve a new access token',
          operationId: 'jwt-refresh',
          response: { 200: JwtRefresh, ...errors(400, 401, 403) },
        },
      },
      async (request) => {
        if (!auth.settings.enable) throw new ApiError(403, 'Forbidden', ['authentication is not enabled']);
        const token = bearerToken(request.headers.authorization);
        if (!token) throw new ApiError(401, 'Missing or invalid JWT token', ['a refresh token is required']);
        try {
          const claims = await auth.jwt.verify(token, 'refresh');
          return { access_token: await auth.jwt.issue(claims.sub, 'access') };
        } catch (error) {
          if (error instanceof InvalidTokenError) throw new ApiError(401, 'Missing or invalid JWT token', [error.message]);
          throw error;
        }
      },
    );
  };
}
