// Stream id parsing: Core's table (srt/srt_test.go) plus the legacy "#!:" and "#!::" forms.
import { describe, expect, it } from 'vitest';
import { parseLegacyStreamId, parseStreamId } from '../../../main/core/srt/streamId.js';

describe('parseStreamId', () => {
  const cases: Array<[string, { resource: string; mode: string; token: string }]> = [
    ['bla', { resource: 'bla', mode: 'request', token: '' }],
    ['bla,mode:publish', { resource: 'bla', mode: 'publish', token: '' }],
    ['123456789', { resource: '123456789', mode: 'request', token: '' }],
    ['bla,token:foobar', { resource: 'bla', mode: 'request', token: 'foobar' }],
    ['bla,token:foo,bar', { resource: 'bla', mode: 'request', token: 'foo,bar' }],
    ['123456789,mode:publish,token:foobar', { resource: '123456789', mode: 'publish', token: 'foobar' }],
    ['123456789,token:foobar,mode:publish', { resource: '123456789', mode: 'publish', token: 'foobar' }],
    ['mode:publish', { resource: 'mode:publish', mode: 'request', token: '' }],
    ['live1,mode:request', { resource: 'live1', mode: 'request', token: '' }],
    ['a,b,mode:publish', { resource: 'a,b', mode: 'publish', token: '' }],
    ['bla,mode:play', { resource: 'bla', mode: 'play', token: '' }],
    ['bla,token:', { resource: 'bla,token:', mode: 'request', token: '' }],
    ['', { resource: '', mode: 'request', token: '' }],
    [',mode:publish', { resource: '', mode: 'publish', token: '' }],
    // FFmpeg 5 sends the stream id as written in the URL, escapes included.
    ['live1%2Cmode%3Apublish', { resource: 'live1', mode: 'publish', token: '' }],
    ['%23!%3Am%3Dpublish%2Cr%3Dlegacy1', { resource: 'legacy1', mode: 'publish', token: '' }],
    ['a+b,token:x+y', { resource: 'a+b', mode: 'request', token: 'x+y' }],
    ['100%,token:abc', { resource: '100%', mode: 'request', token: 'abc' }],
    ['bad%ZZ%2C', { resource: 'bad%ZZ%2C', mode: 'request', token: '' }],
    ['utf%E2%82', { resource: 'utf%E2%82', mode: 'request', token: '' }],
  ];
  for (const [streamId, expected] of cases) {
    it(`parses ${JSON.stringify(streamId)}`, () => {
      expect(parseStreamId(streamId)).toEqual(expected);
    });
  }
});

describe('legacy stream ids', () => {
  const cases: Array<[string, { resource: string; mode: string; token: string }]> = [
    ['#!:', { resource: '', mode: 'request', token: '' }],
    ['#!:key=value', { resource: '', mode: 'request', token: '' }],
    ['#!:m=publish', { resource: '', mode: 'publish', token: '' }],
    ['#!:r=123456789', { resource: '123456789', mode: 'request', token: '' }],
    ['#!:token=foobar', { resource: '', mode: 'request', token: 'foobar' }],
    ['#!:token=foo,bar', { resource: '', mode: 'request', token: 'foo' }],
    ['#!:m=publish,r=123456789,token=foobar', { resource: '123456789', mode: 'publish', token: 'foobar' }],
    ['#!::r=live1,m=publish', { resource: 'live1', mode: 'publish', token: '' }],
    ['#!::u=admin,r=live1,m=request,token=a=b', { resource: 'live1', mode: 'request', token: 'a=b' }],
    ['#!:r=a,noequals,m=publish', { resource: 'a', mode: 'publish', token: '' }],
  ];
  for (const [streamId, expected] of cases) {
    it(`parses ${JSON.stringify(streamId)}`, () => {
      expect(parseStreamId(streamId)).toEqual(expected);
      expect(parseLegacyStreamId(streamId)).toEqual(expected);
      expect(parseStreamId(encodeURIComponent(streamId))).toEqual(expected);
    });
  }
});
