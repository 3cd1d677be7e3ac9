// Viewer and publisher tracking on the filesystem mounts: playlists rewritten per session, segments counted.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ApiError } from './ApiError.js';
import { isPlaylistPath, isSegmentPath, type HlsPeer, type HlsSessions } from '../session/index.js';

export function peerOf(request: FastifyRequest): HlsPeer {
  return {
    local: request.socket.localAddress ?? '',
    remote: request.socket.remoteAddress ?? '',
    referrer: request.headers.referer,
    userAgent: request.headers['user-agent'],
  };
}

function queryOf(request: FastifyRequest): { raw: string; session: string | undefined } {
  const index = request.url.indexOf('?');
  const raw = index < 0 ? '' : request.url.slice(index + 1);
  return { raw, session: (request.query as { session?: string } | undefined)?.session };
}

/** Sends a playlist through the session tracker (rewrite, one-variant master, 403/509 limits). */
export function sendPlaylist(hls: HlsSessions, request: FastifyRequest, reply: FastifyReply, mountPath: string, text: string): FastifyReply {
  const query = queryOf(request);
  const result = hls.playlist(mountPath, query.session, text, peerOf(request), { query: query.raw });
  if (result.status !== 200) throw new ApiError(result.status, result.message, []);
  if (result.rewritten) reply.header('cache-control', 'private');
  return reply.send(result.body);
}

/** Counts a served segment for its viewer's session (after the answer is sent, so its headers are known). */
export function countSegment(hls: HlsSessions, request: FastifyRequest, reply: FastifyReply, mountPath: string, bytes: number): void {
  const session = queryOf(request).session;
  if (!session || !isSegmentPath(mountPath)) return;
  const peer = peerOf(request);
  reply.raw.once('finish', () => hls.segment(mountPath, session, bytes, peer));
}

/** A publisher (FFmpeg) uploaded a file into a mount. */
export function countIngress(hls: HlsSessions, mountPath: string, body: Buffer): void {
  if (isPlaylistPath(mountPath)) hls.ingressPlaylist(mountPath, body.toString('utf8'));
  else hls.ingressWrite(mountPath, body.length);
}

export { isPlaylistPath };
