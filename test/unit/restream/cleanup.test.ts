import { describe, expect, it } from 'vitest';
import { cleanupRules, parseCleanupPattern, type CleanupRule } from '../../../main/core/restream/cleanup/pattern.js';
import { planCleanup, planPurge, type FileEntry } from '../../../main/core/restream/cleanup/plan.js';
import { globToRegExp, matchGlob } from '../../../main/core/glob/glob.js';
import { storedConfig } from './helpers.js';

describe('glob (gobwas semantics)', () => {
  const table: [string, string, boolean][] = [
    ['/abc*', '/abc_1.ts', true],
    ['/abc*', '/abc/1.ts', false],
    ['/abc**', '/abc/1.ts', true],
    ['/abc**', '/abc_data/foobar/42.txt', true],
    ['/abc/*/*.ts', '/abc/p/1.ts', true],
    ['/abc/*/*.ts', '/abc/p/q/1.ts', false],
    ['/x_?.ts', '/x_1.ts', true],
    ['/x_?.ts', '/x_12.ts', false],
    ['/x_[0-9].ts', '/x_7.ts', true],
    ['/x_[!0-9].ts', '/x_7.ts', false],
    ['/x.{m3u8,ts}', '/x.ts', true],
    ['/x.{m3u8,ts}', '/x.mp4', false],
    ['/p*.(m3u8|ts)', '/p1.(m3u8|ts)', true],
    ['/a\\*b', '/a*b', true],
    ['/a\\*b', '/axb', false],
    ['/[unclosed', '/[unclosed', false],
  ];
  for (const [pattern, name, expected] of table) {
    it(`${pattern} ${expected ? 'matches' : 'does not match'} ${name}`, () => {
      expect(matchGlob(pattern, '/')(name)).toBe(expected);
    });
  }

  it('uses ":" as separator for placeholder names', () => {
    expect(matchGlob('fs:*', ':')('fs:disk')).toBe(true);
    expect(matchGlob('fs:*', ':')('fs:a:b')).toBe(false);
    expect(matchGlob('fs:*', ':')('diskfs')).toBe(false);
  });

  it('throws on syntax errors when compiled directly', () => {
    expect(() => globToRegExp('{a,b', '/')).toThrow();
  });
});

describe('cleanup patterns', () => {
  it('maps legacy and named filesystems', () => {
    expect(parseCleanupPattern('memfs:/x*.ts')).toEqual({ filesystem: 'mem', glob: '/x*.ts' });
    expect(parseCleanupPattern('mem:/x')).toEqual({ filesystem: 'mem', glob: '/x' });
    expect(parseCleanupPattern('diskfs:/{processid}.m3u8')).toEqual({ filesystem: 'disk', glob: '/{processid}.m3u8' });
    expect(parseCleanupPattern('disk:/a/**')).toEqual({ filesystem: 'disk', glob: '/a/**' });
    expect(parseCleanupPattern('aws:/a')).toEqual({ filesystem: 'aws', glob: '/a' });
    expect(parseCleanupPattern('/no/prefix')).toBeNull();
  });

  it('collects the rules of all outputs, skipping unknown filesystems', () => {
    const rule = (pattern: string, max_files = 0) => ({ pattern, max_files, max_file_age_seconds: 0, purge_on_delete: true });
    const config = storedConfig({
      id: 'p',
      output: [
        { id: 'a', address: '-', options: [], cleanup: [rule('memfs:/p_a_*', 3), rule('nope:/x')] },
        { id: 'b', address: '-', options: [], cleanup: [rule('diskfs:/p_b_*')] },
      ],
    });
    expect(cleanupRules(config, new Set(['mem', 'disk'])).map((r) => `${r.filesystem}:${r.glob}:${r.maxFiles}`)).toEqual([
      'mem:/p_a_*:3',
      'disk:/p_b_*:0',
    ]);
  });
});

describe('cleanup planning', () => {
  const now = Date.parse('2024-01-01T00:01:00Z');
  const file = (name: string, ageSeconds: number): FileEntry => ({ name, size: 100, lastModified: now - ageSeconds * 1000 });
  const rule = (glob: string, over: Partial<CleanupRule> = {}): CleanupRule => ({
    filesystem: 'mem',
    glob,
    maxFiles: 0,
    maxFileAgeSeconds: 0,
    purgeOnDelete: false,
    ...over,
  });
  const segments = [file('/ch_output_0_0001.ts', 50), file('/ch_output_0_0002.ts', 40), file('/ch_output_0_0003.ts', 30), file('/ch_output_0_0004.ts', 2)];
  const files = {
    mem: [...segments, file('/ch_output_0.m3u8', 1), file('/ch.m3u8', 30), file('/other.ts', 500), { ...file('/ch_dir', 900), isDir: true }],
    disk: [file('/ch_output_0_0001.ts', 999)],
  };

  it('deletes the oldest beyond max_files', () => {
    expect(planCleanup([rule('/ch_output_0_**.ts', { maxFiles: 2 })], files, now)).toEqual([
      { filesystem: 'mem', name: '/ch_output_0_0001.ts', reason: 'max_files' },
      { filesystem: 'mem', name: '/ch_output_0_0002.ts', reason: 'max_files' },
    ]);
  });

  it('deletes files older than max_file_age_seconds', () => {
    expect(planCleanup([rule('/ch*.m3u8', { maxFileAgeSeconds: 24 })], files, now)).toEqual([
      { filesystem: 'mem', name: '/ch.m3u8', reason: 'max_file_age' },
    ]);
  });

  it('combines both limits, lists each file once, never touches directories or other filesystems', () => {
    const plan = planCleanup([rule('/ch**', { maxFiles: 4, maxFileAgeSeconds: 35 }), rule('/ch_output_0_**.ts', { maxFiles: 1 })], files, now);
    expect(plan.map((d) => `${d.name}:${d.reason}`)).toEqual([
      '/ch_output_0_0001.ts:max_files',
      '/ch_output_0_0002.ts:max_files',
      '/ch_output_0_0003.ts:max_files',
    ]);
  });

  it('does nothing without limits', () => {
    expect(planCleanup([rule('/ch**')], files, now)).toEqual([]);
  });

  it('purges every match of purging rules, deepest paths first', () => {
    const plan = planPurge([rule('/ch**', { purgeOnDelete: true }), rule('/other.ts')], files);
    expect(plan.map((d) => d.name)).toEqual([
      '/ch_output_0_0001.ts', '/ch_output_0_0002.ts', '/ch_output_0_0003.ts', '/ch_output_0_0004.ts',
      '/ch_output_0.m3u8', '/ch.m3u8', '/ch_dir',
    ].sort((a, b) => b.length - a.length));
    expect(plan.every((d) => d.filesystem === 'mem' && d.reason === 'purge')).toBe(true);
  });

  it('accepts another glob matcher', () => {
    const calls: string[] = [];
    const glob = (pattern: string) => {
      calls.push(pattern);
      return (name: string) => name === '/other.ts';
    };
    expect(planCleanup([rule('custom', { maxFiles: 0, maxFileAgeSeconds: 1 })], files, now, glob)).toEqual([
      { filesystem: 'mem', name: '/other.ts', reason: 'max_file_age' },
    ]);
    expect(calls).toEqual(['custom']);
  });
});
