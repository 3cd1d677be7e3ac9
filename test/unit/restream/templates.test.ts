import { describe, expect, it } from 'vitest';
import { replace } from '../../../main/core/restream/replace/replace.js';
import { templateSettingsFromConfig } from '../../../main/core/restream/replace/settings.js';
import { createDefaultTemplates, type TemplateSettings } from '../../../main/core/restream/replace/templates.js';

const base: TemplateSettings = { diskDir: '/core/data', httpAddress: ':8080' };
const expand = (settings: TemplateSettings, str: string, placeholder: string, section: 'input' | 'output' | 'global' = 'output') =>
  replace(str, placeholder, '', { templates: createDefaultTemplates(settings), section });

describe('createDefaultTemplates (Core app/api wiring)', () => {
  it('{diskfs} and {fs:disk} are the disk dir', () => {
    expect(expand(base, '{diskfs}/a|{fs:disk}/b', 'diskfs')).toBe('/core/data/a|{fs:disk}/b');
    expect(expand(base, '{fs:disk}/b', 'fs:*')).toBe('/core/data/b');
  });

  it('{memfs}: localhost when the listen host is empty, credentials when memfs auth is on', () => {
    expect(expand(base, '{memfs}/x.m3u8', 'memfs')).toBe('http://localhost:8080/memfs/x.m3u8');
    expect(expand({ ...base, memfsAuth: { username: 'admin', password: 'irIVvk4miq3JhKGZnY' } }, '{memfs}/sub.m3u8', 'memfs')).toBe(
      'http://admin:irIVvk4miq3JhKGZnY@localhost:8080/memfs/sub.m3u8',
    );
    expect(expand({ ...base, httpAddress: '127.0.0.1:8080' }, '{fs:mem}', 'fs:*')).toBe('http://127.0.0.1:8080/memfs');
    expect(expand({ ...base, memfsAuth: { username: 'a@b', password: 'p:/?#&' } }, '{memfs}', 'memfs')).toBe(
      'http://a%40b:p%3A%2F%3F%23&@localhost:8080/memfs',
    );
  });

  it('{fs:<s3 name>} is the mount on the HTTP server', () => {
    const settings = { ...base, s3: [{ name: 'aws', mountpoint: '/awsfs', auth: { username: 'foo', password: 'bar' } }] };
    expect(expand(settings, '{fs:aws}/foobar.m3u8', 'fs:*')).toBe('http://foo:bar@localhost:8080/awsfs/foobar.m3u8');
  });

  it('{rtmp,name=...}: no app prefix for "/", token as query', () => {
    expect(expand({ ...base, rtmp: { address: ':1935', app: '/', token: '' } }, '{rtmp,name=main}', 'rtmp')).toBe('rtmp://localhost:1935/main');
    expect(expand({ ...base, rtmp: { address: '127.0.0.1:1935', app: '/live', token: 'abc' } }, '{rtmp,name=foobar.stream}', 'rtmp')).toBe(
      'rtmp://127.0.0.1:1935/live/foobar.stream?token=abc',
    );
  });

  it('{srt,...}: publish for outputs, request elsewhere, latency default 20000, token and escaped passphrase', () => {
    const srt = { ...base, srt: { address: ':6000', token: 'abc', passphrase: 'se cret&1' } };
    expect(expand(srt, '{srt,name=foobar,mode=publish}', 'srt', 'output')).toBe(
      'srt://localhost:6000?mode=caller&transtype=live&latency=20000&streamid=foobar,mode:publish,token:abc&passphrase=se+cret%261',
    );
    expect(expand(srt, '{srt,name=foobar,mode=request,latency=42}', 'srt', 'input')).toBe(
      'srt://localhost:6000?mode=caller&transtype=live&latency=42&streamid=foobar,mode:request,token:abc&passphrase=se+cret%261',
    );
    expect(expand({ ...base, srt: { address: ':6000', token: '', passphrase: '' } }, '{srt,name=x}', 'srt', 'input')).toBe(
      'srt://localhost:6000?mode=caller&transtype=live&latency=20000&streamid=x,mode:request',
    );
  });

  it('leaves {rtmp}/{srt} unregistered when not configured (they expand to nothing, as in Core)', () => {
    expect(createDefaultTemplates(base).has('rtmp')).toBe(false);
    expect(expand(base, 'a{rtmp,name=x}b', 'rtmp')).toBe('ab');
  });

  it('reads the settings from a Core v3 config', () => {
    const config = {
      address: ':8080',
      storage: {
        disk: { dir: './data' },
        memory: { auth: { enable: true, username: 'admin', password: 'pw' } },
        s3: [{ name: 'aws', mountpoint: '/aws', auth: { enable: false, username: '', password: '' } }],
      },
      rtmp: { address: ':1935', app: '/', token: '' },
      srt: { address: ':6000', token: '', passphrase: '' },
    } as any;
    expect(templateSettingsFromConfig(config, '/core')).toEqual({
      diskDir: '/core/data',
      httpAddress: ':8080',
      memfsAuth: { username: 'admin', password: 'pw' },
      s3: [{ name: 'aws', mountpoint: '/aws', auth: null }],
      rtmp: { address: ':1935', app: '/', token: '' },
      srt: { address: ':6000', token: '', passphrase: '' },
    });
  });
});
