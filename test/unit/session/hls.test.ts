// HlsSessions: the viewer flow (limiter, 403, one-variant master, rewriting, activation) and publisher attribution.
import { describe, expect, it } from 'vitest';
import { DEFAULT_HEADER_BYTES, HlsSessions, headerBytes, playlistReference } from '../../../main/core/session/HlsSessions.js';
import { SessionRegistry } from '../../../main/core/session/SessionRegistry.js';
import { fakeClock, sequentialIds, sessionSettings } from './helpers.js';

const viewer = { local: '10.0.0.1', remote: '203.0.113.7', referrer: 'https://example.com/player.html', userAgent: 'hls.js' };
const media = '#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:2\n#EXTINF:2.0,\nabc_output_0_0001.ts\n#EXTINF:2.0,\nabc_output_0_0002.ts\n';
const PATH = '/memfs/abc_output_0.m3u8';

function setup(overrides: Parameters<typeof sessionSettings>[0] = {}) {
  const clock = fakeClock();
  const registry = new SessionRegistry({ settings: sessionSettings(overrides), dbDir: '/nonexistent', now: clock.now, timers: false });
  const ids = sequentialIds();
  const hls = new HlsSessions({ egress: registry.collector('hls'), ingress: registry.collector('hlsingress') }, { newId: ids });
  return { clock, registry, hls, egress: registry.collector('hls'), ingress: registry.collector('hlsingress') };
}

function ok(result: ReturnType<HlsSessions['playlist']>) {
  if (result.status !== 200) throw new Error(`expected 200, got ${result.status} ${result.message}`);
  return result;
}

describe('HLS viewers', () => {
  it('answers a media playlist without session with a one-variant master, then tracks the session it hands out', () => {
    const { hls, egress } = setup();
    const first = ok(hls.playlist(PATH, undefined, media, viewer));
    expect(first.sessionId).toBeUndefined();
    expect(first.rewritten).toBe(true);
    const id = sequentialIds()();
    expect(first.body).toBe(`#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-STREAM-INF:BANDWIDTH=1024\nabc_output_0.m3u8?session=${id}\n`);
    // As in Core, the id becomes a session when the viewer follows it.
    expect(egress.known(id)).toBe(false);

    const second = ok(hls.playlist(PATH, id, media, viewer));
    expect(second.sessionId).toBe(id);
    expect(second.body).toContain(`abc_output_0_0001.ts?session=${id}\n`);
    expect(egress.known(id)).toBe(true);
    expect(egress.active()).toEqual([]);

    expect(hls.segment('/memfs/abc_output_0_0001.ts', id, 100_000, viewer)).toBe(true);
    const [session] = egress.active();
    expect(session).toMatchObject({
      id,
      reference: 'abc_output_0',
      local: PATH,
      remote: 'example.com',
      extra: '[203.0.113.0] hls.js',
      bytes_tx: Buffer.byteLength(second.body) + DEFAULT_HEADER_BYTES + 100_000 + DEFAULT_HEADER_BYTES,
    });
  });

  it('gives each variant of a master playlist its own session', () => {
    const { hls } = setup();
    const master = '#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=1\nabc_output_0.m3u8\n#EXT-X-STREAM-INF:BANDWIDTH=2\nabc_output_1.m3u8\n';
    const result = ok(hls.playlist('/memfs/abc.m3u8', undefined, master, viewer));
    const ids = [...result.body.matchAll(/session=(\w+)/g)].map((m) => m[1]);
    expect(ids).toHaveLength(2);
    expect(new Set(ids).size).toBe(2);
  });

  it('answers 403 for a session id that is not a 22-char shortuuid', () => {
    const { hls, egress } = setup();
    expect(hls.playlist(PATH, 'not-a-session', media, viewer)).toEqual({ status: 403, message: 'Forbidden' });
    expect(hls.playlist(PATH, 'oT5GV8eWBbRAh4aib5ego0', media, viewer)).toMatchObject({ status: 403 }); // "0" is not in the alphabet
    expect(egress.known('not-a-session')).toBe(false);
  });

  it('answers 509 "Number of sessions exceeded" for new viewers at max_sessions; known sessions go on', () => {
    const { hls } = setup({ max_sessions: 1 });
    const id = 'oT5GV8eWBbRAh4aib5egoK';
    ok(hls.playlist(PATH, id, media, viewer));
    hls.segment('/memfs/abc_output_0_0001.ts', id, 1000, viewer);
    expect(hls.playlist(PATH, undefined, media, viewer)).toEqual({ status: 509, message: 'Number of sessions exceeded' });
    expect(hls.playlist(PATH, 'xT5GV8eWBbRAh4aib5egoK', media, viewer)).toEqual({ status: 509, message: 'Number of sessions exceeded' });
    expect(hls.playlist(PATH, id, media, viewer).status).toBe(200);
  });

  it('answers 509 "Bitrate limit exceeded" when the stream\'s ingress ×2 plus current egress reaches the limit', () => {
    const { hls } = setup({ max_bitrate_mbit: 1 });
    // The publisher uploads ~75 KB/s: its top ingress is ~600 kbit/s, ×2 = 1.2 Mbit/s ≥ 1 Mibit/s.
    hls.ingressWrite('/memfs/abc_output_0_0001.ts', 750_000);
    hls.ingressPlaylist(PATH, media);
    expect(hls.playlist(PATH, undefined, media, viewer)).toEqual({ status: 509, message: 'Bitrate limit exceeded' });
    // Another stream without ingress is still admitted.
    expect(hls.playlist('/memfs/other.m3u8', undefined, media, viewer).status).toBe(200);
  });

  it('does not track viewers from ignored addresses: the playlist passes unchanged', () => {
    const { hls, egress } = setup({ ip_ignorelist: ['127.0.0.1/32', '::1/128'] });
    const local = { local: '127.0.0.1', remote: '::ffff:127.0.0.1' };
    expect(hls.playlist(PATH, undefined, media, local)).toEqual({ status: 200, body: media, sessionId: undefined, rewritten: false });
    expect(hls.playlist(PATH, 'garbage', media, local).status).toBe(200);
    expect(egress.known('garbage')).toBe(false);
  });

  it('passes everything through while sessions are disabled', () => {
    const { hls } = setup({ enable: false, max_sessions: 1 });
    expect(hls.playlist(PATH, undefined, media, viewer)).toEqual({ status: 200, body: media, sessionId: undefined, rewritten: false });
    expect(hls.segment('/memfs/x.ts', 'oT5GV8eWBbRAh4aib5egoK', 10, viewer)).toBe(false);
  });

  it('expires a viewer that stops pulling after session_timeout_sec, and one that never pulls a segment after 5 s', () => {
    const { hls, egress, clock } = setup({ session_timeout_sec: 10 });
    const active = 'oT5GV8eWBbRAh4aib5egoK';
    ok(hls.playlist(PATH, active, media, viewer));
    hls.segment('/memfs/abc_output_0_0001.ts', active, 1000, viewer);
    egress.register('pendingXXXXXXXXXXXXXXX', { reference: 'abc_output_0', local: PATH, remote: '' });
    clock.advance(5000);
    expect(egress.known('pendingXXXXXXXXXXXXXXX')).toBe(false);
    expect(egress.known(active)).toBe(true);
    clock.advance(5000);
    expect(egress.known(active)).toBe(false);
    expect(egress.referenceCounts('abc')).toEqual({ current: 0, total: 1 });
  });

  it('ignores segments without a (known) session and non-segment files', () => {
    const { hls } = setup();
    expect(hls.segment('/memfs/a.ts', undefined, 10, viewer)).toBe(false);
    expect(hls.segment('/memfs/a.ts', 'oT5GV8eWBbRAh4aib5egoK', 10, viewer)).toBe(false);
    expect(hls.segment('/memfs/a.jpg', 'oT5GV8eWBbRAh4aib5egoK', 10, viewer)).toBe(false);
  });
});

describe('HLS publishers (hlsingress)', () => {
  it('registers the playlist path as session and attributes the listed segments\' sizes', () => {
    const { hls, ingress } = setup({ ip_ignorelist: ['127.0.0.1/32'] });
    hls.ingressWrite('/memfs/abc_output_0_0001.ts', 10_000, { headerBytes: 100 });
    hls.ingressWrite('/memfs/abc_output_0_0002.ts', 20_000, { headerBytes: 100 });
    hls.ingressWrite('/memfs/unrelated_0001.ts', 99_999, { headerBytes: 100 });
    hls.ingressPlaylist(PATH, media, { headerBytes: 50 });
    const [session] = ingress.active();
    expect(session).toMatchObject({ id: PATH, reference: 'abc_output_0', local: PATH, remote: 'unknown' });
    expect(session!.bytes_rx).toBe(10_100 + 20_100 + 50 + media.length);
    // Segments are attributed once; the next playlist upload only adds itself.
    hls.ingressPlaylist(PATH, media, { headerBytes: 50 });
    expect(ingress.active()[0]!.bytes_rx).toBe(10_100 + 20_100 + 2 * (50 + media.length));
  });

  it('forgets the oldest remembered segment sizes beyond the cap', () => {
    const { registry } = setup();
    const hls = new HlsSessions({ egress: registry.collector('hls'), ingress: registry.collector('hlsingress') }, { maxPendingSegments: 1 });
    hls.ingressWrite('/memfs/abc_output_0_0001.ts', 10_000, { headerBytes: 0 });
    hls.ingressWrite('/memfs/abc_output_0_0002.ts', 20_000, { headerBytes: 0 });
    hls.ingressPlaylist(PATH, media, { headerBytes: 0 });
    expect(registry.collector('hlsingress').active()[0]!.bytes_rx).toBe(20_000 + media.length);
  });
});

describe('helpers', () => {
  it('derives the reference from the playlist file name', () => {
    expect(playlistReference('/memfs/abc_output_0.m3u8')).toBe('abc_output_0');
    expect(playlistReference('/memfs/a/b/c.d.m3u8')).toBe('c.d');
  });

  it('sizes headers like Go\'s Header.Write', () => {
    expect(headerBytes({ 'Content-Type': 'video/mp2t', 'Content-Length': 1234 })).toBe('Content-Type: video/mp2t\r\nContent-Length: 1234\r\n'.length);
    expect(headerBytes({ 'Set-Cookie': ['a=1', 'b=2'], skipped: undefined })).toBe('Set-Cookie: a=1\r\nSet-Cookie: b=2\r\n'.length);
  });
});
