// Core's stream path, token and app rules (rtmp/rtmp.go, rtmp/url/url.go and its TestToken table).
import { describe, expect, it } from 'vitest';
import { normalizeApp, resolveStream, type StreamDecision } from '../../../main/core/rtmp/index.js';
import { nameInApp, splitRequest } from '../../../main/core/rtmp/resolveStream.js';
import { videoFrameKind } from '../../../main/core/rtmp/RtmpConnection.js';

function allowed(decision: StreamDecision): { path: string; name: string; reference: string } {
  if (!decision.allowed) throw new Error(`refused: ${decision.reason} (${decision.path})`);
  return { path: decision.path, name: decision.name, reference: decision.reference };
}

describe('resolveStream', () => {
  it('joins app and name like joy4, the query on either part', () => {
    expect(splitRequest('live', 'stream?token=abc')).toMatchObject({ segments: ['live', 'stream'] });
    expect(splitRequest('live', 'stream?token=abc').query.get('token')).toBe('abc');
    expect(splitRequest('live?token=x', 'stream').query.get('token')).toBe('x');
    // FFmpeg sends rtmp://host/live/stream/key as app "live/stream" and name "key".
    expect(splitRequest('live/stream', 'key').segments).toEqual(['live', 'stream', 'key']);
    // ... and rtmp://host/main as app "main" with an empty name.
    expect(splitRequest('main', '').segments).toEqual(['main']);
    expect(splitRequest('//a//', '/b/').segments).toEqual(['a', 'b']);
  });

  it('takes the token from the query or the last path element (Core TestToken)', () => {
    const options = { app: '/', token: 'abc' };
    expect(allowed(resolveStream('foo', 'bar?token=abc', options)).path).toBe('/foo/bar');
    expect(allowed(resolveStream('foo/bar', 'abc', options)).path).toBe('/foo/bar');
    expect(allowed(resolveStream('foo/bar', "&!'", { app: '/', token: "&!'" })).path).toBe('/foo/bar');
    expect(allowed(resolveStream('foo/bar', '%26%21%27', { app: '/', token: "&!'" })).path).toBe('/foo/bar');
    // {"/foo/bar", "/foo", "bar"}: without a query token the last element is the key.
    expect(resolveStream('foo', 'bar', options)).toEqual({ allowed: false, path: '/foo', reason: 'invalid streamkey' });
    // An empty query token does not count; the path is checked instead.
    expect(allowed(resolveStream('foo/bar', 'abc?token=', options)).path).toBe('/foo/bar');
  });

  it('refuses a missing or wrong token and names the stream without the token', () => {
    const options = { app: '/live', token: 'secret' };
    expect(resolveStream('live', 'stream', options)).toEqual({ allowed: false, path: '/live/stream', reason: 'no streamkey provided' });
    expect(resolveStream('live', 'stream?token=nope', options)).toEqual({ allowed: false, path: '/live/stream', reason: 'invalid streamkey' });
    expect(resolveStream('live/stream', 'nope', options)).toEqual({ allowed: false, path: '/live/stream', reason: 'invalid streamkey' });
    expect(resolveStream('main', '', { app: '/', token: 'secret' })).toEqual({ allowed: false, path: '/main', reason: 'no streamkey provided' });
    expect(resolveStream('live', 'stream?token=secretX', options).allowed).toBe(false);
    expect(resolveStream('live', 'stream?token=secre', options).allowed).toBe(false);
  });

  it('needs no token when none is configured and keeps the path whole', () => {
    const options = { app: '/live', token: '' };
    expect(allowed(resolveStream('live', '12345.stream', options))).toEqual({ path: '/live/12345.stream', name: '12345.stream', reference: '12345' });
    expect(allowed(resolveStream('live/a', 'b?token=ignored', options))).toEqual({ path: '/live/a/b', name: 'a/b', reference: 'a/b' });
  });

  it('requires the app prefix on whole path segments and a name inside it', () => {
    const options = { app: '/live', token: '' };
    expect(resolveStream('other', 'stream', options)).toEqual({ allowed: false, path: '/other/stream', reason: 'invalid app' });
    expect(resolveStream('livestream', 'x', options)).toEqual({ allowed: false, path: '/livestream/x', reason: 'invalid app' });
    expect(resolveStream('live', '', options)).toEqual({ allowed: false, path: '/live', reason: 'invalid app' });
    expect(resolveStream('', '', { app: '/', token: '' })).toEqual({ allowed: false, path: '/', reason: 'invalid app' });
    expect(allowed(resolveStream('main', '', { app: '/', token: '' }))).toEqual({ path: '/main', name: 'main', reference: 'main' });
  });

  it('normalizes the configured app', () => {
    expect(normalizeApp('')).toBe('/');
    expect(normalizeApp('/')).toBe('/');
    expect(normalizeApp('live')).toBe('/live');
    expect(normalizeApp('/live/')).toBe('/live');
    expect(nameInApp('/live/x', '/live')).toBe('x');
    expect(nameInApp('/x', '/')).toBe('x');
    expect(nameInApp('/live', '/live')).toBeUndefined();
  });
});

describe('videoFrameKind', () => {
  const framed = (payload: number[], extendedTimestamp = false) => {
    const header = [0x05, ...(extendedTimestamp ? [0xff, 0xff, 0xff] : [0, 0, 0x28]), 0, 0, payload.length, 9, 0, 0, 0, 0];
    return Buffer.from([...header, ...(extendedTimestamp ? [1, 0, 0, 0] : []), ...payload]);
  };

  it('tells key frames, inter frames and headers apart', () => {
    expect(videoFrameKind(framed([0x17, 0x01, 0, 0, 0]))).toBe('key');
    expect(videoFrameKind(framed([0x27, 0x01, 0, 0, 0]))).toBe('inter');
    expect(videoFrameKind(framed([0x17, 0x00, 0, 0, 0]))).toBe('other');
    expect(videoFrameKind(framed([0x17, 0x01, 0, 0, 0], true))).toBe('key');
    // Enhanced RTMP: HEVC coded frames (packet type 1), sequence start (0).
    expect(videoFrameKind(framed([0x91, 0x68, 0x76, 0x63, 0x31]))).toBe('key');
    expect(videoFrameKind(framed([0xa3, 0x68, 0x76, 0x63, 0x31]))).toBe('inter');
    expect(videoFrameKind(framed([0x90, 0x68, 0x76, 0x63, 0x31]))).toBe('other');
    // Audio (chunk stream 4) is never held back.
    expect(videoFrameKind(Buffer.from([0x04, 0, 0, 0, 0, 0, 2, 8, 0, 0, 0, 0, 0xaf, 0x01]))).toBe('other');
  });
});
