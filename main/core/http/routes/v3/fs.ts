// /api/v3/fs: list the filesystems, list files (glob, sort), and read, write, delete and link files by API.
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import { ApiError } from '../../ApiError.js';
import type { HttpDeps } from '../../deps.js';
import { errors, OkString } from '../../schemas.js';
import { cleanPath, type FileInfo, type Filesystem } from '../../../fs/Filesystem.js';
import { fsWriteError } from '../../fsWriteError.js';
import { encodePath } from '../../requestPath.js';
import { openedBody } from '../../fileBody.js';
import { MemFilesystem } from '../../../fs/MemFilesystem.js';

const FilesystemInfo = Type.Object({ name: Type.String(), type: Type.String(), mount: Type.String() });
const FileInfoSchema = Type.Object({ name: Type.String(), size_bytes: Type.Integer(), last_modified: Type.Integer() });
const StorageParams = Type.Object({ storage: Type.String() });
const FileParams = Type.Object({ storage: Type.String(), '*': Type.String() });
const ListQuery = Type.Object({
  glob: Type.Optional(Type.String()),
  pattern: Type.Optional(Type.String({ description: 'the manual’s name for glob' })),
  sort: Type.Optional(Type.Union([Type.Literal('none'), Type.Literal('name'), Type.Literal('size'), Type.Literal('lastmod')])),
  order: Type.Optional(Type.Union([Type.Literal('asc'), Type.Literal('desc')])),
});

const COMPARE: Record<'name' | 'size' | 'lastmod', (a: FileInfo, b: FileInfo) => number> = {
  name: (a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0),
  size: (a, b) => a.size - b.size,
  lastmod: (a, b) => a.lastModified - b.lastModified,
};

export function fsRoutes(deps: HttpDeps): FastifyPluginAsync {
  const find = (name: string): Filesystem => {
    const entry = deps.filesystems().find((fs) => fs.filesystem.name === name);
    if (!entry) throw new ApiError(404, 'Filesystem not found', [`unknown filesystem '${name}'`]);
    return entry.filesystem;
  };
  const pathOf = (request: FastifyRequest): string => {
    const raw = (request.params as { '*': string })['*'];
    const clean = cleanPath(raw);
    if (clean === null || clean === '/') throw new ApiError(400, 'Invalid path', [`'${raw}' is not a valid file path`]);
    return clean;
  };

  return async (app) => {
    // Uploads are raw bytes whatever their Content-Type (the UI sends application/data): the body is the file.
    app.removeAllContentTypeParsers();
    app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: 1024 * 1024 * 1024 }, (_request, body, done) => done(null, body));

    app.get(
      '/api/v3/fs',
      { schema: { summary: 'List all registered filesystems', operationId: 'filesystem-3-list', response: { 200: Type.Array(FilesystemInfo) } } },
      async () => deps.filesystems().map(({ filesystem, mountpoint }) => ({ name: filesystem.name, type: filesystem.type, mount: mountpoint })),
    );

    app.get<{ Params: Static<typeof StorageParams>; Querystring: Static<typeof ListQuery> }>(
      '/api/v3/fs/:storage',
      {
        schema: {
          summary: 'List files of a filesystem (glob with **, sort by name, size or lastmod)',
          operationId: 'filesystem-3-list-files',
          params: StorageParams,
          querystring: ListQuery,
          response: { 200: Type.Array(FileInfoSchema), ...errors(404) },
        },
      },
      async (request) => {
        const { glob, pattern, sort = 'lastmod', order = 'asc' } = request.query;
        const files = await find(request.params.storage).list(glob ?? pattern);
        if (sort !== 'none') {
          const compare = COMPARE[sort];
          files.sort(order === 'desc' ? (a, b) => compare(b, a) : compare);
        }
        return files.map((file) => ({ name: file.name, size_bytes: file.size, last_modified: Math.floor(file.lastModified / 1000) }));
      },
    );

    const read = async (request: FastifyRequest<{ Params: Static<typeof FileParams> }>, reply: FastifyReply) => {
      const filesystem = find(request.params.storage);
      const path = pathOf(request);
      const info = await filesystem.stat(path);
      if (!info) throw new ApiError(404, 'File not found', [path]);
      // Core sends API downloads as application/data whatever the file is.
      reply.type('application/data').header('last-modified', new Date(info.lastModified).toUTCString());
      if (request.method === 'HEAD') return reply.header('content-length', info.size).send();
      const data = await filesystem.read(path);
      const body = data && (await openedBody(data));
      if (!body) throw new ApiError(404, 'File not found', [path]);
      // No Content-Length from the stat: the file may have been replaced since, and a stream is sent chunked.
      return reply.send(body);
    };
    app.get<{ Params: Static<typeof FileParams> }>(
      '/api/v3/fs/:storage/*',
      { schema: { summary: 'Fetch a file from a filesystem', operationId: 'filesystem-3-get-file', params: FileParams, response: { 404: errors(404)[404]! } } },
      read,
    );

    app.put<{ Params: Static<typeof FileParams> }>(
      '/api/v3/fs/:storage/*',
      { schema: { summary: 'Write or overwrite a file on a filesystem', operationId: 'filesystem-3-put-file', params: FileParams, response: { 201: OkString, 204: Type.Null(), ...errors(400, 404, 507) } } },
      async (request, reply) => {
        const filesystem = find(request.params.storage);
        const path = pathOf(request);
        const body = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
        const result = await filesystem.write(path, body).catch((error: unknown) => {
          throw fsWriteError(error, path, deps.logger);
        });
        reply.header('content-location', `/api/v3/fs/${filesystem.name}${encodePath(path)}`).type('text/plain; charset=utf-8');
        return result.created ? reply.status(201).send(path) : reply.status(204).send();
      },
    );

    app.delete<{ Params: Static<typeof FileParams> }>(
      '/api/v3/fs/:storage/*',
      { schema: { summary: 'Remove a file from a filesystem', operationId: 'filesystem-3-delete-file', params: FileParams, response: { 200: OkString, ...errors(400, 404) } } },
      async (request, reply) => {
        const path = pathOf(request);
        const freed = await find(request.params.storage).remove(path);
        if (freed === null) throw new ApiError(404, 'File not found', [path]);
        return reply.type('text/plain; charset=utf-8').send(`Deleted: ${path}`);
      },
    );

    app.patch<{ Params: Static<typeof FileParams> }>(
      '/api/v3/fs/:storage/*',
      { schema: { summary: 'Create a link to a file (memfs only); the body is the target path', params: FileParams, response: { 201: OkString, ...errors(400, 404) } } },
      async (request, reply) => {
        const filesystem = find(request.params.storage);
        if (!(filesystem instanceof MemFilesystem)) throw new ApiError(400, 'Links are only supported on memfs', []);
        const path = pathOf(request);
        const target = cleanPath(Buffer.isBuffer(request.body) ? request.body.toString('utf8').trim() : String(request.body ?? ''));
        if (target === null || target === '/' || !filesystem.link(path, target)) throw new ApiError(400, 'Invalid link target', [`cannot link ${path} to '${String(target)}'`]);
        return reply.status(201).type('text/plain; charset=utf-8').send(path);
      },
    );
  };
}
