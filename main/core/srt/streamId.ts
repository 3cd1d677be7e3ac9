// Parses the SRT stream id as Core does: "resource[,mode:publish|request][,token:T]" (mode defaults to request)
// or the legacy access-control form "#!:m=publish,r=resource,token=T" (also "#!::r=resource,m=publish").
// Percent-escapes are decoded first, as later Core versions do: FFmpeg before 6.0 sends the stream id exactly as
// written in the URL ("live1%2Cmode%3Apublish"), FFmpeg 6+ decodes it itself.

export interface StreamInfo {
  resource: string;
  /** 'publish' or 'request' when valid; anything else is passed on so the caller can reject it. */
  mode: string;
  token: string;
}

export function parseStreamId(raw: string): StreamInfo {
  const streamId = unescapePercent(raw);
  if (streamId.startsWith('#!:')) return parseLegacyStreamId(streamId);

  // Core's scan: each ",token:" / ",mode:" ends the value before it, so a token may contain commas
  // ("r,token:foo,bar" → token "foo,bar") and a value runs to the next key or the end.
  const pattern = /,(token|mode):(.+)/;
  const values = new Map<string, string>();
  let resourceEnd = -1;
  let rest = streamId;
  let key = '';
  for (;;) {
    const match = pattern.exec(rest);
    if (!match) break;
    if (resourceEnd < 0) resourceEnd = match.index;
    if (key !== '') values.set(key, rest.slice(0, match.index));
    key = match[1]!;
    rest = match[2]!;
    values.set(key, rest);
  }
  return {
    resource: resourceEnd < 0 ? streamId : streamId.slice(0, resourceEnd),
    mode: values.get('mode') ?? 'request',
    token: values.get('token') ?? '',
  };
}

/**
 * The "#!:" key=value form. Unknown keys and pairs without "=" are ignored; a token ends at the next comma.
 * Unlike Core 16.16 (which rejects a legacy id without "m="), the mode defaults to request, as in the SRT
 * access-control convention and later Core versions.
 */
export function parseLegacyStreamId(streamId: string): StreamInfo {
  let body = streamId.slice('#!:'.length);
  if (body.startsWith(':')) body = body.slice(1);
  const info: StreamInfo = { resource: '', mode: 'request', token: '' };
  for (const pair of body.split(',')) {
    const split = pair.indexOf('=');
    if (split < 0) continue;
    const value = pair.slice(split + 1);
    switch (pair.slice(0, split)) {
      case 'm':
        info.mode = value;
        break;
      case 'r':
        info.resource = value;
        break;
      case 'token':
        info.token = value;
        break;
    }
  }
  return info;
}

/** "%2C" → ","; an id with a malformed escape stays as it is. "+" stays "+" (a token may contain it). */
export function unescapePercent(text: string): string {
  if (!text.includes('%') || /%(?![0-9a-fA-F]{2})/.test(text)) return text;
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
