// HLS playlist text for session tracking: Core's sessionRewriter (add ?session=<id> to every URI), the one-variant
// master for a viewer without a session, and the segment list of an uploaded playlist (ingress attribution).
import path from 'node:path';
import { encodeQuery, parseQuery, queryEscape, type QueryValues } from './query.js';

/**
 * Files a viewer pulls as media segments: MPEG-TS, fMP4 init and fragments, packed audio. endsWith chains beat
 * slicing the extension out: this runs for every URI of every playlist request.
 */
export function isSegmentPath(file: string): boolean {
  return file.endsWith('.ts') || file.endsWith('.m4s') || file.endsWith('.mp4') || file.endsWith('.aac');
}

export function isPlaylistPath(file: string): boolean {
  return file.endsWith('.m3u8');
}

export interface RewriteOptions {
  /** The viewer's session id; '' when the request carried none. */
  sessionId: string;
  /** URL path of the requested playlist ("/memfs/abc.m3u8"), to catch a playlist that lists itself. */
  requestPath: string;
  /** The request's other query parameters (tokens), carried into every rewritten URI; null = none. */
  inherited: QueryValues | null;
  /** Mints a fresh session id for each variant of a master playlist. */
  newId: () => string;
}

export interface RewriteResult {
  body: string;
  /** Whether the playlist referenced other playlists (variants or renditions). */
  master: boolean;
}

const SCHEME = /^[A-Za-z][A-Za-z0-9+.-]*:/;

/** The request's query parameters except "session", as Core merges them into the rewritten URIs; null when none. */
export function inheritedQuery(rawQuery: string | undefined): QueryValues | null {
  if (!rawQuery) return null;
  const values = parseQuery(rawQuery.startsWith('?') ? rawQuery.slice(1) : rawQuery);
  values.delete('session');
  return values.size === 0 ? null : values;
}

/** Index where a URI's path ends (at "?" or "#"), or its length. */
function pathEnd(uri: string): number {
  const query = uri.indexOf('?');
  const hash = uri.indexOf('#');
  if (query < 0) return hash < 0 ? uri.length : hash;
  return hash < 0 || query < hash ? query : hash;
}

/** Sets session=<id> in a URI's query; other parameters are kept and sorted like Go's url.Values.Encode. */
function withSession(uri: string, sessionId: string, inherited: QueryValues | null): string {
  const cut = pathEnd(uri);
  if (cut === uri.length && inherited === null) return uri + '?session=' + queryEscape(sessionId);
  const hash = uri.indexOf('#', cut);
  const queryEnd = hash < 0 ? uri.length : hash;
  const values: QueryValues = inherited ? new Map(inherited) : new Map();
  if (uri.charCodeAt(cut) === 63 /* ? */) {
    for (const [key, list] of parseQuery(uri.slice(cut + 1, queryEnd))) values.set(key, list);
  }
  values.set('session', [sessionId]);
  return uri.slice(0, cut) + '?' + encodeQuery(values) + uri.slice(queryEnd);
}

/** The path part of a URI (the part after scheme and authority for absolute URLs). */
function uriPath(pathPart: string): string {
  const scheme = SCHEME.exec(pathPart);
  if (!scheme) return pathPart;
  const rest = pathPart.slice(scheme[0].length);
  if (!rest.startsWith('//')) return rest;
  const slash = rest.indexOf('/', 2);
  return slash < 0 ? '' : rest.slice(slash);
}

function refersTo(pathPart: string, requestPath: string): boolean {
  const file = uriPath(pathPart);
  const resolved = file.startsWith('/') ? file : path.posix.join(path.posix.dirname(requestPath), file);
  return resolved === requestPath;
}

/**
 * Rewrites a playlist in one pass over its lines: segment URIs (.ts .m4s .mp4 .aac) get the viewer's session,
 * playlist URIs (variants, renditions) a fresh session each, and URI="…" attributes (EXT-X-MAP, EXT-X-KEY,
 * EXT-X-MEDIA, …) the same unless their scheme is not http(s) (data:, skd:). Lines end in "\n" like Core's output.
 */
export function rewritePlaylist(body: string, options: RewriteOptions): RewriteResult {
  const { sessionId, inherited, requestPath, newId } = options;
  let out = '';
  let master = false;
  let start = 0;
  const length = body.length;
  while (start < length) {
    let end = body.indexOf('\n', start);
    if (end < 0) end = length;
    const line = body.slice(start, end > start && body.charCodeAt(end - 1) === 13 ? end - 1 : end);
    start = end + 1;
    if (line.length === 0) {
      out += '\n';
      continue;
    }
    if (line.charCodeAt(0) === 35 /* # */) {
      const at = line.indexOf('URI="');
      if (at < 4 || !line.startsWith('#EXT')) {
        out += line + '\n';
        continue;
      }
      const before = line.charCodeAt(at - 1);
      const valueEnd = line.indexOf('"', at + 5);
      if ((before !== 58 /* : */ && before !== 44) /* , */ || valueEnd < 0) {
        out += line + '\n';
        continue;
      }
      const uri = line.slice(at + 5, valueEnd);
      const scheme = SCHEME.exec(uri);
      if (uri === '' || (scheme && !/^https?:$/i.test(scheme[0]))) {
        out += line + '\n';
        continue;
      }
      const pathPart = uri.slice(0, pathEnd(uri));
      let rewritten: string;
      if (isPlaylistPath(pathPart)) {
        master = true;
        rewritten = withSession(uri, newId(), inherited);
      } else {
        rewritten = withSession(uri, sessionId, inherited);
      }
      out += line.slice(0, at + 5) + rewritten + line.slice(valueEnd) + '\n';
      continue;
    }
    const cut = pathEnd(line);
    const pathPart = cut === line.length ? line : line.slice(0, cut);
    if (isSegmentPath(pathPart)) {
      out += withSession(line, sessionId, inherited) + '\n';
    } else if (isPlaylistPath(pathPart)) {
      master = true;
      const rewritten = withSession(line, newId(), inherited);
      // Core refuses to hand out a playlist that lists itself: players would loop on it.
      out += (refersTo(pathPart, requestPath) ? '# m3u8 is referencing itself: ' + rewritten : rewritten) + '\n';
    } else {
      out += line + '\n';
    }
  }
  return { body: out, master };
}

/** What a viewer without a session gets instead of a media playlist: a master pointing back with a new session. */
export function oneVariantMaster(requestPath: string, sessionId: string, inherited: QueryValues | null): string {
  const values: QueryValues = inherited ? new Map(inherited) : new Map();
  values.set('session', [sessionId]);
  return `#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-STREAM-INF:BANDWIDTH=1024\n${path.posix.basename(requestPath)}?${encodeQuery(values)}\n`;
}

/**
 * The segment files an uploaded playlist references, as absolute paths (relative URIs resolved against the
 * playlist's directory); absolute URLs are skipped, they are not files of this filesystem.
 */
export function segmentPaths(playlistPath: string, body: string): string[] {
  const dir = path.posix.dirname(playlistPath);
  const found: string[] = [];
  const add = (uri: string) => {
    const pathPart = uri.slice(0, pathEnd(uri));
    if (pathPart === '' || SCHEME.test(pathPart) || !isSegmentPath(pathPart)) return;
    found.push(pathPart.startsWith('/') ? path.posix.normalize(pathPart) : path.posix.join(dir, pathPart));
  };
  let start = 0;
  while (start < body.length) {
    let end = body.indexOf('\n', start);
    if (end < 0) end = body.length;
    const line = body.slice(start, end).trim();
    start = end + 1;
    if (line === '') continue;
    if (line.startsWith('#')) {
      // fMP4 ingest: the init segment is named only in EXT-X-MAP.
      if (line.startsWith('#EXT-X-MAP:')) {
        const at = line.indexOf('URI="');
        const valueEnd = at < 0 ? -1 : line.indexOf('"', at + 5);
        if (valueEnd > 0) add(line.slice(at + 5, valueEnd));
      }
      continue;
    }
    add(line);
  }
  return found;
}
