// Serves a filesystem over HTTP at its mountpoint (/memfs, S3 mounts): GET/HEAD open, writes behind Basic auth.
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { ApiError } from '../ApiError.js';
import { cleanPath, type Filesystem } from '../../fs/Filesystem.js';
import { fsWriteError } from '../fsWriteError.js';
import { encodePath } from '../requestPath.js';
import type { MimeTypes } from '../../fs/MimeTypes.js';
import { setTimeout as sleep } from 'node:timers/promises';
import { credentialsMatch } from '../../auth/passwords.js';
import type { LoginThrottle } from '../../auth/LoginThrottle.js';
import type { HlsSessions } from '../../session/index.js';
import { countIngress, countSegment, isPlaylistPath, sendPlaylist } from '../hlsTracking.js';

export interface MountAuth {
  enable: boolean;
  username: string;
  password: string;
}

export interface StorageMountOptions {
  filesystem: Filesystem;
  /** e.g. "/memfs" */
  mountpoint: string;
  auth: MountAuth;
  mimeTypes: MimeTypes;
  /** Largest accepted upload in bytes. */
  bodyLimit: number;
  /** Viewer/publisher sessions; absent = untracked. */
  hls?: HlsSessions;
  /** Slows down guessing of the write password. */
  throttle?: LoginThrottle;
}

async function text(data: Buffer | NodeJS.ReadableStream): Promise<string> {
  if (Buffer.isBuffer(data)) return data.toString('utf8');
  const chunks: Buffer[] = [];
  for await (const chunk of data) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));
  return Buffer.concat(chunks).toString('utf8');
}

function basicCredentials(header: string | undefined): { username: string; password: string } | null {
  const match = /^Basic\s+(\S+)$/i.exec(header ?? '');
  if (!match) return null;
  const decoded = Buffer.from(match[1]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon < 0 ? null : { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

export function storageMount(options: StorageMountOptions): FastifyPluginAsync {
  const { filesystem, mountpoint, auth, mimeTypes } = options;
  const prefix = mountpoint === '/' ? '' : mountpoint.replace(/\/$/, '');

  function filePath(request: FastifyRequest): string {
    const raw = (request.params as { '*': string })['*'] ?? '';
    const clean = cleanPath(raw);
    if (clean === null || clean === '/') throw new ApiError(400, 'Invalid path', [`'${raw}' is not a valid file path`]);
    return clean;
  }

  async function requireWriteAuth(request: FastifyRequest, reply: FastifyReply): Promise<void> {
    if (!auth.enable) return;
    const given = basicCredentials(request.headers.authorization);
    if (given && credentialsMatch(given, auth)) return;
    // A missing header is the normal first step of FFmpeg's negotiation; wrong credentials are slowed down.
    if (given && options.throttle) await sleep(options.throttle.fail(request.socket.remoteAddress ?? ''));
    reply.header('www-authenticate', `Basic realm="${prefix || '/'}"`);
    throw new ApiError(401, 'Unauthorized', ['valid Basic credentials are required to write here']);
  }

  return async (app) => {
    // Checked before the body is read, so clients that wait for "100 Continue" learn about the 401 first.
    app.addHook('onRequest', async (request, reply) => {
      if (request.method !== 'GET' && request.method !== 'HEAD') await requireWriteAuth(request, reply);
    });
    // Uploads are raw bytes of any type (FFmpeg sends chunked PUTs without a useful Content-Type).
    app.removeAllContentTypeParsers();
    app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: options.bodyLimit }, (_request, body, done) => done(null, body));

    const read = async (request: FastifyRequest, reply: FastifyReply) => {
      const path = filePath(request);
      const info = await filesystem.stat(path);
      if (!info) throw new ApiError(404, 'File not found', [path]);
      reply.header('content-type', mimeTypes.lookup(path)).header('last-modified', new Date(info.lastModified).toUTCString());
      const data = await filesystem.read(path);
      if (data === null) throw new ApiError(404, 'File not found', [path]);
      const hls = options.hls;
      if (hls && request.method === 'GET') {
        if (isPlaylistPath(path)) return sendPlaylist(hls, request, reply, prefix + path, await text(data));
        countSegment(hls, request, reply, prefix + path, info.size);
      }
      return reply.send(data);
    };

    const write = async (request: FastifyRequest, reply: FastifyReply) => {
      const path = filePath(request);
      const body = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
      const result = await filesystem.write(path, body).catch((error: unknown) => {
        throw fsWriteError(error, prefix + path);
      });
      if (options.hls) countIngress(options.hls, prefix + path, body);
      reply.header('content-location', prefix + encodePath(path)).type('text/plain; charset=utf-8');
      return result.created ? reply.status(201).send(prefix + path) : reply.status(204).send();
    };

    const remove = async (request: FastifyRequest, reply: FastifyReply) => {
      const path = filePath(request);
      const freed = await filesystem.remove(path);
      if (freed === null) throw new ApiError(404, 'File not found', [path]);
      return reply.type('text/plain; charset=utf-8').send(`Deleted: ${path}`);
    };

    const url = `${prefix}/*`;
    // Fastify answers HEAD through this GET route (exposeHeadRoutes), without the body.
    app.get(url, { schema: { hide: true } }, read);
    app.put(url, { schema: { hide: true } }, write);
    app.post(url, { schema: { hide: true } }, write);
    app.delete(url, { schema: { hide: true } }, remove);
  };
}
