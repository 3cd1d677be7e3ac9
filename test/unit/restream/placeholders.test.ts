import { describe, expect, it } from 'vitest';
import { ffversionOnCreate } from '../../../main/core/restream/ffversion.js';
import { compileTemplate, replace, staticTemplate, type Template } from '../../../main/core/restream/replace/replace.js';
import { resolvePlaceholders } from '../../../main/core/restream/replace/resolve.js';
import type { StoredProcessConfig, StoredProcessConfigIO } from '../../../main/core/restream/types.js';
import { readFixture, storedConfig } from './helpers.js';

interface RegisteredTemplate {
  template: string;
  defaults: Record<string, string> | null;
}

const templatesOf = (registered: Record<string, RegisteredTemplate>) =>
  new Map(Object.entries(registered).map(([name, t]) => [name, staticTemplate(t.template, t.defaults ?? undefined)]));

describe('replace.json (restream/replace TestReplace*)', () => {
  const fixture = readFixture('placeholders', 'replace.json');
  for (const c of fixture.cases) {
    it(`${c.test}: ${c.template} (placeholder ${c.placeholder})`, () => {
      const out = replace(c.template, c.placeholder, c.value, {
        templates: templatesOf(c.registered_templates),
        vars: c.vars,
        section: c.section,
      });
      expect(out).toBe(c.expected);
    });
  }
});

describe('compile-template.json (compileTemplate)', () => {
  const fixture = readFixture('placeholders', 'compile-template.json');
  for (const c of fixture.cases) {
    it(`${c.test}: ${c.template} with "${c.params}"`, () => {
      expect(compileTemplate(c.template, c.params, c.vars, c.defaults)).toBe(c.expected);
    });
  }

  it('skips parameters with malformed escapes and keeps the template key', () => {
    expect(compileTemplate('Hello {who}!', 'who=%zz')).toBe('Hello {who}!');
    expect(compileTemplate('Hello {who}!', 'who=a+b%2Cc')).toBe('Hello a b,c!');
  });
});

describe('restream-replacer.json (TestReplacer: full expansion of a process)', () => {
  const fixture = readFixture('placeholders', 'restream-replacer.json');
  const t = fixture.templates;
  const templates = new Map<string, Template>(
    ['diskfs', 'fs:disk', 'memfs', 'fs:mem', 'rtmp'].map((name) => [name, staticTemplate(t[name].template)]),
  );
  templates.set('srt', {
    fn: (section) =>
      section === 'output'
        ? t.srt.template_by_section.output
        : t.srt.template_by_section['input (any section other than output)'],
    defaults: t.srt.defaults,
  });

  const io = (x: any): StoredProcessConfigIO => ({
    id: x.id,
    address: x.address,
    options: x.options ?? [],
    cleanup: x.cleanup ?? [],
  });
  const p = fixture.process;
  const stored: StoredProcessConfig = storedConfig({
    ...p,
    ffversion: ffversionOnCreate('4.0.2'),
    input: p.input.map(io),
    output: p.output.map(io),
  });
  const resolved = resolvePlaceholders(stored, templates);

  for (const field of Object.keys(fixture.expected)) {
    it(`field ${field}`, () => {
      expect((resolved as any)[field]).toEqual(fixture.expected[field]);
    });
  }

  it('has exactly the expected fields', () => {
    expect(Object.keys(resolved).sort()).toEqual(Object.keys(fixture.expected).sort());
  });

  it('leaves the stored (unresolved) config untouched', () => {
    expect(stored.input[0].id).toBe('in_{processid}_{reference}');
    expect(stored.options).toEqual(p.options);
  });
});

describe('resolvePlaceholders allowance per field', () => {
  const templates = new Map<string, Template>([
    ['diskfs', staticTemplate('/disk')],
    ['memfs', staticTemplate('http://mem')],
    ['fs:mem', staticTemplate('http://mem')],
    ['fs:aws', staticTemplate('http://aws')],
    ['rtmp', staticTemplate('rtmp://r/{name}')],
  ]);
  const all = '{inputid}|{outputid}|{processid}|{reference}|{diskfs}|{memfs}|{fs:aws}|{rtmp,name=x}';
  const resolved = resolvePlaceholders(
    storedConfig({
      id: 'p',
      reference: 'r',
      options: [all],
      input: [{ id: 'i', address: all, options: [all], cleanup: [] }],
      output: [
        {
          id: 'o',
          address: all,
          options: [all],
          cleanup: [{ pattern: all, max_files: 0, max_file_age_seconds: 0, purge_on_delete: false }],
        },
      ],
    }),
    templates,
  );

  it('global options: only {diskfs} and {fs:*}', () => {
    expect(resolved.options[0]).toBe('{inputid}|{outputid}|{processid}|{reference}|/disk|{memfs}|http://aws|{rtmp,name=x}');
  });
  it('input address: everything but {outputid}', () => {
    expect(resolved.input[0].address).toBe('i|{outputid}|p|r|/disk|http://mem|http://aws|rtmp://r/x');
  });
  it('input options: no {rtmp}/{srt}', () => {
    expect(resolved.input[0].options[0]).toBe('i|{outputid}|p|r|/disk|http://mem|http://aws|{rtmp,name=x}');
  });
  it('output address and options', () => {
    expect(resolved.output[0].address).toBe('{inputid}|o|p|r|/disk|http://mem|http://aws|rtmp://r/x');
    expect(resolved.output[0].options[0]).toBe('{inputid}|o|p|r|/disk|http://mem|http://aws|{rtmp,name=x}');
  });
  it('cleanup patterns: only {outputid}, {processid}, {reference}', () => {
    expect(resolved.output[0].cleanup[0].pattern).toBe('{inputid}|o|p|r|{diskfs}|{memfs}|{fs:aws}|{rtmp,name=x}');
  });

  it('an empty reference expands to nothing, unregistered templates to nothing, unknown names stay', () => {
    const out = resolvePlaceholders(
      storedConfig({ id: 'p', output: [{ id: 'o', address: 'a{reference}b{srt,name=x}c{foo}', options: [], cleanup: [] }] }),
      new Map(),
    );
    expect(out.output[0].address).toBe('abc{foo}');
  });

  it('escapes values for tee muxer options with ^', () => {
    const out = resolvePlaceholders(
      storedConfig({ id: 'a:b', output: [{ id: 'o', address: '[f=hls:x={processid^:}]{memfs^:}', options: [], cleanup: [] }] }),
      new Map([['memfs', staticTemplate('http://u:p@h:1/memfs')]]),
    );
    expect(out.output[0].address).toBe('[f=hls:x=a\\\\:b]http\\\\://u\\\\:p@h\\\\:1/memfs');
  });
});
