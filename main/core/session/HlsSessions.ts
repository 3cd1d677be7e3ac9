// The HLS viewer and publisher logic of Core's session middleware (HLS.go), as plain calls for the HTTP layer.
import path from 'node:path';
import { shortUuid, SHORTUUID_PATTERN } from '../restream/shortuuid.js';
import { anonymizeIp } from './anonymizeIp.js';
import { inheritedQuery, isSegmentPath, oneVariantMaster, rewritePlaylist, segmentPaths } from './playlist.js';
import type { SessionCollector } from './SessionCollector.js';

/** The viewer's connection as the HTTP layer sees it. */
export interface HlsPeer {
  /** Server address the request arrived on. */
  local: string;
  /** Client address (the "real IP"). */
  remote: string;
  /** Referer header; its host is the session's "remote" in Core's summaries. */
  referrer?: string;
  userAgent?: string;
}

export interface HlsRequestOptions {
  /** The raw query string of the request; parameters other than "session" (tokens) are carried into the URIs. */
  query?: string;
  /** Size of the response (or request) headers, counted as traffic like Core does; see headerBytes(). */
  headerBytes?: number;
}

export type PlaylistResult =
  | {
      status: 200;
      body: string;
      /** The session the response was counted for; undefined when the viewer has none yet (or is not tracked). */
      sessionId: string | undefined;
      /** True when the body was rewritten: answer with Cache-Control: private, it is this viewer's copy. */
      rewritten: boolean;
    }
  | { status: 403 | 509; message: string };

export interface HlsSessionsOptions {
  /** Session id source (22-char shortuuid, as Core); injectable for tests. */
  newId?: () => string;
  /** How many uploaded segment sizes to remember until a playlist names them. */
  maxPendingSegments?: number;
}

// A typical Go response/request header block ("Content-Type: …\r\nContent-Length: …\r\nLast-Modified: …\r\n…").
export const DEFAULT_HEADER_BYTES = 128;

/** Size of a header block as Go's http.Header.Write renders it ("Key: value\r\n" per value), which Core counts. */
export function headerBytes(headers: Record<string, string | number | readonly string[] | undefined>): number {
  let size = 0;
  for (const [key, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    const values = Array.isArray(value) ? value : [String(value)];
    for (const item of values) size += key.length + 2 + String(item).length + 2;
  }
  return size;
}

/** Core's reference for an HLS session: the playlist's file name without extension ("/memfs/abc_0.m3u8" → "abc_0"). */
export function playlistReference(file: string): string {
  const base = path.posix.basename(file);
  const dot = base.lastIndexOf('.');
  return dot < 0 ? base : base.slice(0, dot);
}

function referrerHost(referrer: string | undefined): string {
  if (!referrer) return '';
  try {
    return new URL(referrer).host;
  } catch {
    return '';
  }
}

const FORBIDDEN = 'Forbidden';

export class HlsSessions {
  private readonly egress: SessionCollector;
  private readonly ingress: SessionCollector;
  private readonly newId: () => string;
  private readonly maxPendingSegments: number;
  // Uploaded segment sizes until the playlist that lists them arrives (path → bytes incl. headers).
  private readonly pendingSegments = new Map<string, number>();

  constructor(collectors: { egress: SessionCollector; ingress: SessionCollector }, options: HlsSessionsOptions = {}) {
    this.egress = collectors.egress;
    this.ingress = collectors.ingress;
    this.newId = options.newId ?? (() => shortUuid());
    this.maxPendingSegments = options.maxPendingSegments ?? 4096;
  }

  /**
   * GET of a playlist (`path` is the URL path, `body` the file's text). Untracked viewers (sessions disabled,
   * address in the ignore list) get the body unchanged. Otherwise, for a session id that is not known: the limiter
   * (509), then a non-empty id must be a 22-char shortuuid (else 403) and becomes a new pending session, as in Core
   * (the ids handed out in master playlists are registered when the viewer follows them). The body is rewritten; a
   * media playlist requested without a session becomes a one-variant master pointing at itself with a new id.
   */
  playlist(path: string, sessionId: string | undefined, body: string, peer: HlsPeer, options: HlsRequestOptions = {}): PlaylistResult {
    const egress = this.egress;
    if (!egress.enabled || !egress.isCollectable(peer.remote) || !egress.isCollectable(peer.local)) {
      return { status: 200, body, sessionId: undefined, rewritten: false };
    }
    const id = sessionId ?? '';
    if (!egress.known(id)) {
      // Twice the stream's top ingress covers the initial burst of a new viewer.
      const streamBitrate = this.ingress.sessionTopIngressBitrate(path) * 2;
      const exceeded = egress.checkLimits(streamBitrate);
      if (exceeded) return exceeded;
      if (id !== '') {
        if (!SHORTUUID_PATTERN.test(id)) return { status: 403, message: FORBIDDEN };
        const extra = `[${anonymizeIp(peer.remote)}] ${peer.userAgent ?? ''}`;
        egress.register(id, { reference: playlistReference(path), local: path, remote: referrerHost(peer.referrer), extra }, peer);
        egress.setSessionTopEgressBitrate(id, streamBitrate);
      }
    }
    const inherited = inheritedQuery(options.query);
    const rewritten = rewritePlaylist(body, { sessionId: id, requestPath: path, inherited, newId: this.newId });
    const out = !rewritten.master && id === '' ? oneVariantMaster(path, this.newId(), inherited) : rewritten.body;
    if (id !== '') egress.egress(id, (options.headerBytes ?? DEFAULT_HEADER_BYTES) + Buffer.byteLength(out));
    return { status: 200, body: out, sessionId: id === '' ? undefined : id, rewritten: true };
  }

  /**
   * GET of a segment: counts its bytes (plus headers) for the session and activates it on the first one. Returns
   * whether it was counted (false: not a segment file, no/unknown session, or an untracked viewer).
   */
  segment(path: string, sessionId: string | undefined, bytes: number, peer: HlsPeer, options: HlsRequestOptions = {}): boolean {
    const egress = this.egress;
    if (!sessionId || !isSegmentPath(path) || !egress.known(sessionId)) return false;
    if (!egress.isCollectable(peer.remote) || !egress.isCollectable(peer.local)) return false;
    egress.egress(sessionId, (options.headerBytes ?? DEFAULT_HEADER_BYTES) + bytes);
    egress.activate(sessionId);
    return true;
  }

  /** PUT/POST of a file: a segment's size is remembered until a playlist upload names it. */
  ingressWrite(path: string, bytes: number, options: HlsRequestOptions = {}): void {
    if (bytes <= 0 || !this.ingress.enabled || !isSegmentPath(path)) return;
    this.pendingSegments.delete(path);
    this.pendingSegments.set(path, bytes + (options.headerBytes ?? DEFAULT_HEADER_BYTES));
    // Segments that no playlist ever names (deleted, or a crashed publisher) must not pile up.
    if (this.pendingSegments.size > this.maxPendingSegments) {
      this.pendingSegments.delete(this.pendingSegments.keys().next().value!);
    }
  }

  /**
   * PUT/POST of a playlist: the publisher's session (id = the playlist path) is registered on the first upload,
   * then gets the playlist's bytes and those of every remembered segment it lists.
   */
  ingressPlaylist(path: string, body: string, options: HlsRequestOptions = {}): void {
    const ingress = this.ingress;
    if (body.length === 0 || !ingress.enabled) return;
    if (!ingress.known(path)) ingress.registerAndActivate(path, { reference: playlistReference(path), local: path, remote: '' });
    ingress.ingress(path, (options.headerBytes ?? DEFAULT_HEADER_BYTES) + Buffer.byteLength(body));
    for (const segment of segmentPaths(path, body)) {
      const size = this.pendingSegments.get(segment);
      if (size === undefined) continue;
      ingress.ingress(path, size);
      this.pendingSegments.delete(segment);
    }
  }
}
