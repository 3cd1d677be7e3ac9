// Serves storage.disk.dir read-only at "/" with mime types and Core's LRU cache; writes go through the fs API only.
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { open, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { ApiError } from '../ApiError.js';
import { LruCache } from '../cache/LruCache.js';
import type { DiskFilesystem } from '../../fs/DiskFilesystem.js';
import { cleanPath } from '../../fs/Filesystem.js';
import type { MimeTypes } from '../../fs/MimeTypes.js';
import type { HlsSessions } from '../../session/index.js';
import { countSegment, isPlaylistPath, sendPlaylist } from '../hlsTracking.js';
import { sizedStream } from '../fileBody.js';

export interface DiskCacheSettings {
  enable: boolean;
  maxBytes: number;
  ttlSeconds: number;
  maxFileBytes: number;
  /** Extensions to cache (empty = all). */
  allow: string[];
  /** Extensions never cached (live playlists). */
  block: string[];
}

export interface DiskMountOptions {
  disk: DiskFilesystem;
  mimeTypes: MimeTypes;
  cache: DiskCacheSettings;
  /** Paths under these prefixes are never files (router.blocked_prefixes, e.g. /api). */
  blockedPrefixes: string[];
  hls?: HlsSessions;
}

interface CachedFile {
  data: Buffer;
  lastModified: number;
}

export function diskMount(options: DiskMountOptions): FastifyPluginAsync {
  const { disk, mimeTypes, cache: settings, blockedPrefixes } = options;
  const cache = new LruCache<CachedFile>({ maxBytes: settings.maxBytes, ttlMs: settings.ttlSeconds * 1000 });
  const cacheable = (file: string, size: number): boolean => {
    if (!settings.enable || (settings.maxFileBytes > 0 && size > settings.maxFileBytes)) return false;
    const extension = path.extname(file).toLowerCase();
    if (settings.block.includes(extension)) return false;
    return settings.allow.length === 0 || settings.allow.includes(extension);
  };
  const blocked = (urlPath: string) => blockedPrefixes.some((prefix) => urlPath === prefix || urlPath.startsWith(prefix.endsWith('/') ? prefix : prefix + '/'));

  const serve = async (request: FastifyRequest, reply: FastifyReply) => {
    const urlPath = request.url.split('?')[0]!;
    // Judged by the decoded, normalised path: "/%61pi/x" and "//api/x" are files under /api too.
    if (blocked(urlPath) || blocked(cleanPath(urlPath) ?? urlPath)) throw new ApiError(404, 'Not Found', [`no route for ${request.method} ${urlPath}`]);
    const hls = options.hls;
    const hit = cache.get(urlPath);
    if (hit) {
      if (hls) countSegment(hls, request, reply, urlPath, hit.data.length);
      return reply.type(mimeTypes.lookup(urlPath)).header('last-modified', new Date(hit.lastModified).toUTCString()).send(hit.data);
    }
    let full = await disk.locate(urlPath);
    let info = full ? await stat(full).catch(() => null) : null;
    if (full && info?.isDirectory()) {
      full = path.join(full, 'index.html');
      info = await stat(full).catch(() => null);
    }
    if (!full || !info?.isFile()) throw new ApiError(404, 'File not found', [urlPath]);
    reply.type(mimeTypes.lookup(full)).header('last-modified', info.mtime.toUTCString());
    if (hls && request.method === 'GET') {
      if (isPlaylistPath(urlPath)) {
        const playlist = await readFile(full, 'utf8').catch(() => null);
        if (playlist === null) throw new ApiError(404, 'File not found', [urlPath]);
        return sendPlaylist(hls, request, reply, urlPath, playlist);
      }
      countSegment(hls, request, reply, urlPath, info.size);
    }
    if (request.method === 'HEAD') return reply.header('content-length', info.size).send();
    // Opened once and measured from the handle: a file deleted since the stat is a 404, a replaced or growing one
    // still matches its Content-Length.
    const handle = await open(full, 'r').catch(() => null);
    if (!handle) throw new ApiError(404, 'File not found', [urlPath]);
    if (cacheable(full, info.size)) {
      const data = await handle.readFile().finally(() => handle.close());
      cache.set(urlPath, { data, lastModified: info.mtimeMs }, data.length);
      return reply.send(data);
    }
    const { size, stream } = await sizedStream(handle);
    return reply.header('content-length', size).send(stream);
  };

  return async (app) => {
    app.get('/*', { schema: { hide: true } }, serve);
  };
}
