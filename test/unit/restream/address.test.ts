import { describe, expect, it } from 'vitest';
import {
  compileAccessList,
  parseReference,
  resolveAddress,
  resolveAddresses,
  validateInputAddress,
  validateOutputAddress,
  type AddressRules,
} from '../../../main/core/restream/address.js';
import { ProcessConfigError } from '../../../main/core/restream/errors.js';
import { hasScheme, urlError } from '../../../main/core/restream/url.js';
import { readFixture, storedConfig } from './helpers.js';

describe('output-address.json (TestOutputAddressValidation)', () => {
  const fixture = readFixture('placeholders', 'output-address.json');
  for (const c of fixture.cases) {
    it(`${c.address} → ${c.expected}${c.error ? ' (error)' : ''}`, () => {
      const result = validateOutputAddress(c.address, { diskDir: c.basedir });
      expect(result.address).toBe(c.expected);
      expect(result.error !== undefined).toBe(c.error);
    });
  }
});

describe('validateOutputAddress table', () => {
  const rules: AddressRules = { diskDir: '/core/data', cwd: '/core/data' };
  const table: [string, string, boolean, string | undefined][] = [
    // address, returned address, isFile, error
    ['/dev/video0', 'file:/dev/video0', false, undefined],
    ['file:/dev/null', 'file:/dev/null', false, undefined],
    ['relative/out.mp4', 'file:/core/data/relative/out.mp4', true, undefined],
    ['/core/data', 'file:/core/data', true, undefined],
    ['/core/database/x.ts', '/core/database/x.ts', false, '/core/database/x.ts is not inside of /core/data'],
    ['../x.ts', '/core/x.ts', false, '/core/x.ts is not inside of /core/data'],
    ['/core/data/..hidden.ts', 'file:/core/data/..hidden.ts', true, undefined],
    ['file:///core/data/a.ts', 'file:/core/data/a.ts', true, undefined],
    ['rtmp://h:1935/live/x', 'rtmp://h:1935/live/x', false, undefined],
    ['srt://h:6000?mode=caller&streamid=x,mode:publish', 'srt://h:6000?mode=caller&streamid=x,mode:publish', false, undefined],
    ['http://u:p@localhost:8080/memfs/x.m3u8', 'http://u:p@localhost:8080/memfs/x.m3u8', false, undefined],
    ['http://h:port/x', 'http://h:port/x', false, 'parse "//h:port": invalid port ":port" after host'],
    ['http://a b/x', 'http://a b/x', false, 'parse "//a b": invalid character " " in host name'],
    ['[f=null]-', '[f=null]pipe:', false, undefined],
    ['[f=hls]/core/data/x.m3u8|[f=flv]rtmp://h/x', '[f=hls]file:/core/data/x.m3u8|[f=flv]rtmp://h/x', true, undefined],
    ['[f=flv]rtmp://h/x|[f=mpegts]/etc/x', '[f=flv]rtmp://h/x|[f=mpegts]/etc/x', false, '/etc/x is not inside of /core/data'],
    ['[select=v:f=null]/dev/null', '[select=v:f=null]file:/dev/null', false, undefined],
    // Wrapping protocols write to what they wrap: it gets the same rules (Core passes these as URLs).
    ['md5:/core/data/out.md5', 'md5:file:/core/data/out.md5', true, undefined],
    ['md5:', 'md5:', false, undefined],
    ['md5:/etc/x.md5', '/etc/x.md5', false, '/etc/x.md5 is not inside of /core/data'],
    ['crypto:../x.ts', '/core/x.ts', false, '/core/x.ts is not inside of /core/data'],
    ['crypto:rtmp://h/x', 'crypto:rtmp://h/x', false, undefined],
  ];
  for (const [address, expected, isFile, error] of table) {
    it(`${address}`, () => {
      expect(validateOutputAddress(address, rules)).toEqual(error === undefined ? { address: expected, isFile } : { address: expected, isFile, error });
    });
  }

  it('applies the output access lists (file paths as file:/abs)', () => {
    const output = compileAccessList(['^rtmp://', '^file:/core/data/allowed/'], ['^rtmp://blocked']);
    const r = { ...rules, output };
    expect(validateOutputAddress('rtmp://ok/x', r).error).toBeUndefined();
    expect(validateOutputAddress('rtmp://blocked/x', r).error).toBe('address is not allowed');
    expect(validateOutputAddress('http://h/x', r).error).toBe('address is not allowed');
    expect(validateOutputAddress('/core/data/allowed/x.ts', r).error).toBeUndefined();
    expect(validateOutputAddress('/core/data/other.ts', r).error).toBe('address is not allowed');
    expect(validateOutputAddress('/dev/null', r).error).toBe('address is not allowed');
  });

  it('reports an invalid access pattern by its text', () => {
    expect(() => compileAccessList(['(unclosed'], [])).toThrow("invalid address pattern '(unclosed'");
  });
});

describe('validateInputAddress', () => {
  const rules: AddressRules = {
    diskDir: '/core/data',
    input: compileAccessList([], ['^rtsp://10\\.']),
  };
  it('accepts lavfi sources, devices, URLs and paths (inputs are not sandboxed, as in Core)', () => {
    for (const a of ['testsrc=size=1280x720:rate=25', '/dev/video0', 'rtmp://h/live/x', '/etc/hosts', 'anullsrc=r=44100']) {
      expect(validateInputAddress(a, rules)).toEqual({ address: a, isFile: false });
    }
  });
  it('rejects blocked and malformed URLs', () => {
    expect(validateInputAddress('rtsp://10.0.0.1/x', rules).error).toBe('address is not allowed');
    expect(validateInputAddress('rtsp://cam:abc/x', rules).error).toBe('parse "//cam:abc": invalid port ":abc" after host');
  });
});

describe('Core URL rules (net/url)', () => {
  it('detects schemes like Core', () => {
    expect(hasScheme('http://localhost/foobar')).toBe(true);
    expect(hasScheme('iueriherfd://localhost/foobar')).toBe(true);
    expect(hasScheme('//localhost/foobar')).toBe(false);
    expect(hasScheme('testsrc=size=1280x720:rate=25')).toBe(false);
  });
  it('validates like Core', () => {
    for (const ok of ['http://localhost/foobar', 'foobar', 'http://localhost/foobar_%25v', 'http://localhost/foobar_%v', 'http://[::1]:80/x', 'http:///x']) {
      expect(urlError(ok)).toBeNull();
    }
    expect(urlError('http://[::1/x')).toBe('parse "//[::1": missing \']\' in host');
    expect(urlError('http://a%zz/x')).toBe('parse "//a%zz": invalid URL escape "%zz"');
    expect(urlError('http://us{er@h/x')).toBe('parse "//us{er@h": net/url: invalid userinfo');
  });
});

describe('process references', () => {
  const source = storedConfig({
    id: 'restreamer-ui:ingest:abc',
    output: [{ id: 'output_0', address: 'http://localhost:8080/memfs/abc.m3u8', options: [], cleanup: [] }],
  });
  const lookup = (id: string) => (id === source.id ? source : undefined);

  it('parses ids that contain colons', () => {
    expect(parseReference('#restreamer-ui:ingest:abc:output=output_0')).toEqual({ processId: 'restreamer-ui:ingest:abc', outputId: 'output_0' });
    expect(parseReference('#abc')).toBeNull();
    expect(parseReference('rtmp://x')).toBeNull();
  });

  it('resolves to the referenced output address', () => {
    expect(resolveAddress('other', '#restreamer-ui:ingest:abc:output=output_0', lookup)).toBe('http://localhost:8080/memfs/abc.m3u8');
    expect(resolveAddress('other', 'rtmp://x', lookup)).toBe('rtmp://x');
  });

  const errors: [string, string][] = [
    ['', 'empty address'],
    ['#nonsense', 'invalid format (#nonsense)'],
    ['#self:output=x', 'self-reference not possible (#self:output=x)'],
    ['#missing:output=output_0', "unknown process 'missing' (#missing:output=output_0)"],
    ['#restreamer-ui:ingest:abc:output=nope', "the process 'restreamer-ui:ingest:abc' has no outputs with the ID 'nope' (#restreamer-ui:ingest:abc:output=nope)"],
  ];
  for (const [address, message] of errors) {
    it(`rejects "${address}": ${message}`, () => {
      expect(() => resolveAddress('self', address, lookup)).toThrow(message);
    });
  }

  it('names the input when resolving a whole config', () => {
    const config = storedConfig({ id: 'p', input: [{ id: 'in', address: '#missing:output=o', options: [], cleanup: [] }] });
    expect(() => resolveAddresses(config, lookup)).toThrow(ProcessConfigError);
    expect(() => resolveAddresses(config, lookup)).toThrow("reference error for '#p:in': unknown process 'missing' (#missing:output=o)");
  });
});
