// Playlist rewriting: session ids on every URI, master playlists, fMP4, query strings, one-variant master, speed.
import { describe, expect, it } from 'vitest';
import { inheritedQuery, oneVariantMaster, rewritePlaylist, segmentPaths } from '../../../main/core/session/playlist.js';
import { encodeQuery, parseQuery, queryEscape } from '../../../main/core/session/query.js';
import { sequentialIds } from './helpers.js';

const ID = 'oT5GV8eWBbRAh4aib5egoK';

const media = [
  '#EXTM3U',
  '#EXT-X-VERSION:6',
  '#EXT-X-TARGETDURATION:2',
  '#EXT-X-MEDIA-SEQUENCE:303',
  '#EXTINF:2.000000,',
  '#EXT-X-PROGRAM-DATE-TIME:2024-10-09T12:56:35.019+0200',
  'abc_output_0_0303.ts',
  '#EXTINF:2.000000,',
  'abc_output_0_0304.ts',
  '',
].join('\n');

function rewrite(body: string, sessionId = ID, query?: string, requestPath = '/memfs/abc_output_0.m3u8') {
  return rewritePlaylist(body, { sessionId, requestPath, inherited: inheritedQuery(query), newId: sequentialIds() });
}

describe('rewritePlaylist', () => {
  it('adds the session to every segment of a media playlist and leaves tags alone', () => {
    const result = rewrite(media);
    expect(result.master).toBe(false);
    expect(result.body).toBe(
      media.replace('abc_output_0_0303.ts', `abc_output_0_0303.ts?session=${ID}`).replace('abc_output_0_0304.ts', `abc_output_0_0304.ts?session=${ID}`),
    );
  });

  it('normalizes CRLF and ends the last line with a newline, like Go\'s line scanner', () => {
    expect(rewrite('#EXTM3U\r\n#EXTINF:2,\r\nseg.ts').body).toBe(`#EXTM3U\n#EXTINF:2,\nseg.ts?session=${ID}\n`);
    expect(rewrite('').body).toBe('');
  });

  it('gives every variant of a master playlist its own new session', () => {
    const master = [
      '#EXTM3U',
      '#EXT-X-VERSION:3',
      '#EXT-X-STREAM-INF:BANDWIDTH=4000000,RESOLUTION=1920x1080',
      'abc_output_0.m3u8',
      '#EXT-X-STREAM-INF:BANDWIDTH=2000000,RESOLUTION=1280x720',
      'abc_output_1.m3u8',
      '#EXT-X-STREAM-INF:BANDWIDTH=800000,RESOLUTION=640x360',
      'low/abc_output_2.m3u8?quality=low',
    ].join('\n');
    const ids = sequentialIds();
    const result = rewritePlaylist(master, { sessionId: '', requestPath: '/memfs/abc.m3u8', inherited: null, newId: ids });
    const expected = sequentialIds();
    expect(result.master).toBe(true);
    expect(result.body.split('\n').filter((line) => line && !line.startsWith('#'))).toEqual([
      `abc_output_0.m3u8?session=${expected()}`,
      `abc_output_1.m3u8?session=${expected()}`,
      `low/abc_output_2.m3u8?quality=low&session=${expected()}`,
    ]);
  });

  it('rewrites URI attributes: EXT-X-MAP (fMP4), EXT-X-KEY, EXT-X-MEDIA; leaves data: and skd: alone', () => {
    const fmp4 = [
      '#EXTM3U',
      '#EXT-X-VERSION:7',
      '#EXT-X-MAP:URI="0_init.mp4"',
      '#EXT-X-KEY:METHOD=AES-128,URI="enc.key",IV=0x1',
      '#EXT-X-SESSION-KEY:METHOD=SAMPLE-AES,URI="skd://key"',
      '#EXT-X-KEY:METHOD=AES-128,URI="data:text/plain;base64,AAAA"',
      '#EXTINF:2.000000,',
      '0_684789.m4s',
      '#EXTINF:2.000000,',
      '0_684790.aac',
    ].join('\n');
    const result = rewrite(fmp4);
    expect(result.master).toBe(false);
    expect(result.body.split('\n')).toEqual([
      '#EXTM3U',
      '#EXT-X-VERSION:7',
      `#EXT-X-MAP:URI="0_init.mp4?session=${ID}"`,
      `#EXT-X-KEY:METHOD=AES-128,URI="enc.key?session=${ID}",IV=0x1`,
      '#EXT-X-SESSION-KEY:METHOD=SAMPLE-AES,URI="skd://key"',
      '#EXT-X-KEY:METHOD=AES-128,URI="data:text/plain;base64,AAAA"',
      '#EXTINF:2.000000,',
      `0_684789.m4s?session=${ID}`,
      '#EXTINF:2.000000,',
      `0_684790.aac?session=${ID}`,
      '',
    ]);
    const withAudio = '#EXTM3U\n#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="aud",NAME="en",URI="audio.m3u8"\n#EXT-X-STREAM-INF:BANDWIDTH=1,AUDIO="aud"\nvideo.m3u8\n';
    const master = rewrite(withAudio, '');
    expect(master.master).toBe(true);
    const expected = sequentialIds();
    const [first, second] = [expected(), expected()];
    expect(master.body).toContain(`URI="audio.m3u8?session=${first}"`);
    expect(master.body).toContain(`video.m3u8?session=${second}`);
  });

  it('keeps existing query parameters and carries the request\'s ones, sorted like Go\'s Encode', () => {
    const body = '#EXTM3U\n#EXT-X-MAP:URI="0_init.mp4?foo=bar"\n#EXTINF:2,\n0_1.m4s?foo=bar\n#EXTINF:2,\nseg.ts?z=1&a=x%20y\n#EXTINF:2,\nplain.ts\n';
    expect(rewrite(body).body).toBe(
      `#EXTM3U\n#EXT-X-MAP:URI="0_init.mp4?foo=bar&session=${ID}"\n#EXTINF:2,\n0_1.m4s?foo=bar&session=${ID}\n#EXTINF:2,\nseg.ts?a=x+y&session=${ID}&z=1\n#EXTINF:2,\nplain.ts?session=${ID}\n`,
    );
    // The request's other parameters (a token) go into every URI; "session" in the request is the viewer's own.
    expect(rewrite(body, ID, `session=${ID}&token=foobar`).body).toBe(
      `#EXTM3U\n#EXT-X-MAP:URI="0_init.mp4?foo=bar&session=${ID}&token=foobar"\n#EXTINF:2,\n0_1.m4s?foo=bar&session=${ID}&token=foobar\n#EXTINF:2,\nseg.ts?a=x+y&session=${ID}&token=foobar&z=1\n#EXTINF:2,\nplain.ts?session=${ID}&token=foobar\n`,
    );
    // A URI's own value wins over the request's.
    expect(rewrite('seg.ts?token=mine\n', ID, 'token=theirs').body).toBe(`seg.ts?session=${ID}&token=mine\n`);
  });

  it('rewrites absolute URLs of segments and leaves other files alone', () => {
    expect(rewrite('http://cdn.example.com/live/seg.ts\nsubtitles.vtt\n').body).toBe(`http://cdn.example.com/live/seg.ts?session=${ID}\nsubtitles.vtt\n`);
  });

  it('turns a playlist that lists itself into a comment (players would loop)', () => {
    const result = rewrite('#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=1\nabc.m3u8\n#EXT-X-STREAM-INF:BANDWIDTH=1\n../memfs/abc.m3u8\n', '', undefined, '/memfs/abc.m3u8');
    const lines = result.body.split('\n');
    expect(lines[2]).toMatch(/^# m3u8 is referencing itself: abc\.m3u8\?session=\w{22}$/);
    expect(lines[4]).toMatch(/^# m3u8 is referencing itself: \.\.\/memfs\/abc\.m3u8\?session=\w{22}$/);
  });

  it('is fast: a 10-line playlist takes well under 50 µs on average', () => {
    const body = [
      '#EXTM3U',
      '#EXT-X-VERSION:3',
      '#EXT-X-TARGETDURATION:2',
      '#EXT-X-MEDIA-SEQUENCE:1200',
      '#EXTINF:2.000000,',
      'abc_output_0_1200.ts',
      '#EXTINF:2.000000,',
      'abc_output_0_1201.ts',
      '#EXTINF:2.000000,',
      'abc_output_0_1202.ts',
    ].join('\n');
    const options = { sessionId: ID, requestPath: '/memfs/abc_output_0.m3u8', inherited: null, newId: () => ID };
    for (let i = 0; i < 1000; i++) rewritePlaylist(body, options);
    const runs = 10_000;
    const start = process.hrtime.bigint();
    let length = 0;
    for (let i = 0; i < runs; i++) length += rewritePlaylist(body, options).body.length;
    const averageMicros = Number(process.hrtime.bigint() - start) / runs / 1000;
    expect(length).toBeGreaterThan(0);
    expect(averageMicros).toBeLessThan(50);
  });
});

describe('oneVariantMaster', () => {
  it('points a viewer without session back at the same playlist with a new one', () => {
    expect(oneVariantMaster('/memfs/abc_output_0.m3u8', ID, null)).toBe(
      `#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-STREAM-INF:BANDWIDTH=1024\nabc_output_0.m3u8?session=${ID}\n`,
    );
    expect(oneVariantMaster('/memfs/abc.m3u8', ID, inheritedQuery('token=t&session=old'))).toBe(
      `#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-STREAM-INF:BANDWIDTH=1024\nabc.m3u8?session=${ID}&token=t\n`,
    );
  });
});

describe('segmentPaths', () => {
  it('lists the local segments an uploaded playlist names, resolved against its directory', () => {
    const body = '#EXTM3U\n#EXT-X-MAP:URI="init.mp4"\n#EXTINF:2,\nseg_1.ts\n#EXTINF:2,\nsub/seg_2.m4s?x=1\n#EXTINF:2,\n/abs/seg_3.ts\n#EXTINF:2,\nhttp://cdn/seg_4.ts\n';
    expect(segmentPaths('/memfs/live/abc.m3u8', body)).toEqual([
      '/memfs/live/init.mp4',
      '/memfs/live/seg_1.ts',
      '/memfs/live/sub/seg_2.m4s',
      '/abs/seg_3.ts',
    ]);
  });
});

describe('Go query encoding', () => {
  it('escapes and sorts like net/url', () => {
    expect(queryEscape("a b!'()*~._-")).toBe('a+b%21%27%28%29%2A~._-');
    expect(encodeQuery(parseQuery('b=2&a=1&a=0&c'))).toBe('a=1&a=0&b=2&c=');
    expect([...parseQuery('x=%zz&y=1;2&ok=1').keys()]).toEqual(['ok']);
  });
});
