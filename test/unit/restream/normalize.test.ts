import { describe, expect, it } from 'vitest';
import { compileAccessList } from '../../../main/core/restream/address.js';
import { fromStoredConfig, toStoredConfig } from '../../../main/core/restream/convert.js';
import { ProcessBodyError, ProcessConfigError } from '../../../main/core/restream/errors.js';
import { ffversionOnCreate, ffversionOnLoad } from '../../../main/core/restream/ffversion.js';
import { mergeProcessConfig, normalizeProcessConfig } from '../../../main/core/restream/normalize.js';
import { prepareProcess, type PrepareContext } from '../../../main/core/restream/prepare.js';
import { createDefaultTemplates } from '../../../main/core/restream/replace/templates.js';
import { encodeShortUuid, shortUuid, SHORTUUID_PATTERN } from '../../../main/core/restream/shortuuid.js';
import type { ProcessConfig } from '../../../main/core/restream/types.js';
import { counterIds, readFixture, storedConfig } from './helpers.js';

const minimal = { input: [{ address: 'input' }], output: [{ address: 'output' }] };

describe('normalizeProcessConfig: Core defaults', () => {
  it('fills everything like Core for the manual minimal body', () => {
    expect(normalizeProcessConfig(minimal, { newId: counterIds() })).toEqual({
      id: 'gen1',
      type: 'ffmpeg',
      reference: '',
      input: [{ id: 'gen2', address: 'input', options: [] }],
      output: [{ id: 'gen3', address: 'output', options: [] }],
      options: [],
      reconnect: false,
      reconnect_delay_seconds: 0,
      autostart: true,
      stale_timeout_seconds: 0,
      limits: { cpu_usage: 0, memory_mbytes: 0, waitfor_seconds: 0 },
    });
  });

  it('renders keys in Core order', () => {
    const config = normalizeProcessConfig(minimal);
    expect(Object.keys(config)).toEqual([
      'id', 'type', 'reference', 'input', 'output', 'options', 'reconnect', 'reconnect_delay_seconds', 'autostart',
      'stale_timeout_seconds', 'limits',
    ]);
  });

  it('generates 22-character base57 shortuuids by default', () => {
    const config = normalizeProcessConfig(minimal);
    for (const id of [config.id, config.input[0].id, config.output[0].id]) expect(id).toMatch(SHORTUUID_PATTERN);
    expect(shortUuid()).not.toBe(shortUuid());
    // lithammer/shortuuid encodes least significant digit first and pads with '2'
    expect(encodeShortUuid('00000000-0000-0000-0000-000000000000')).toBe('2'.repeat(22));
    expect(encodeShortUuid('00000000-0000-0000-0000-000000000039')).toBe('23' + '2'.repeat(20)); // 57 = digits 0, 1
  });

  it('keeps given io ids and never generates a duplicate', () => {
    const ids = ['process-id', 'a', 'a']; // like Core, the process id is generated before the body is read
    const config = normalizeProcessConfig(
      { id: 'x', input: [{ id: 'b', address: 'i' }, { address: 'j' }], output: [{ address: 'o' }] },
      { newId: () => ids.shift()! },
    );
    expect(config.input.map((io) => io.id)).toEqual(['b', 'a']);
    expect(config.output[0].id).toBe('a'); // ids are unique per list, not across inputs and outputs
  });

  it('keeps explicit autostart=false, drops input cleanup, keeps output cleanup', () => {
    const config = normalizeProcessConfig({
      id: 'x',
      autostart: false,
      input: [{ id: 'i', address: 'a', cleanup: [{ pattern: 'memfs:/x' }] }],
      output: [{ id: 'o', address: 'b', cleanup: [{ pattern: 'memfs:/x', max_files: 3 }] }],
    });
    expect(config.autostart).toBe(false);
    expect(config.input[0]).toEqual({ id: 'i', address: 'a', options: [] });
    expect(config.output[0].cleanup).toEqual([{ pattern: 'memfs:/x', max_files: 3, max_file_age_seconds: 0, purge_on_delete: false }]);
  });

  it('matches JSON keys case-insensitively and ignores unknown keys, like encoding/json', () => {
    const config = normalizeProcessConfig({ ID: 'x', Reconnect: true, foo: 1, input: [{ Address: 'a' }], output: [{ address: 'b' }] });
    expect(config.id).toBe('x');
    expect(config.reconnect).toBe(true);
    expect(config.input[0].address).toBe('a');
  });
});

describe('http fixtures (http/handler/api/fixtures)', () => {
  const expected = readFixture('http', 'expected-status.json');
  const bodyStatus = new Map<string, number>();
  for (const t of expected.process_tests) {
    for (const step of t.steps) {
      if (step.route === 'POST /api/v3/process' && /^[A-Za-z]+\.json$/u.test(step.body)) bodyStatus.set(step.body, step.status);
    }
  }
  for (const [file, status] of bodyStatus) {
    it(`${file} → ${status}`, () => {
      const body = readFixture('http', file);
      let rejected = false;
      try {
        const config = normalizeProcessConfig(body);
        prepareProcess(toStoredConfig(config, '^5.1.0'), context);
      } catch (err) {
        rejected = err instanceof ProcessBodyError || err instanceof ProcessConfigError;
      }
      expect(rejected ? 400 : 200).toBe(status);
    });
  }
});

const context: PrepareContext = {
  templates: createDefaultTemplates({ diskDir: '/core/data', httpAddress: ':8080' }),
  rules: { diskDir: '/core/data', cwd: '/core/data', output: compileAccessList([], ['^udp://']) },
  lookup: () => undefined,
};

/** Runs a create body through the whole pipeline; returns the rejection as "message: details". */
function rejection(body: unknown): string {
  try {
    prepareProcess(toStoredConfig(normalizeProcessConfig(body), ffversionOnCreate('5.1.0')), context);
  } catch (err) {
    if (err instanceof ProcessBodyError) return [err.message, ...err.details].join(': ');
    if (err instanceof ProcessConfigError) return `Invalid process config: ${err.message}`;
    throw err;
  }
  return 'accepted';
}

describe('invalid bodies (create)', () => {
  const io = (id: string, address: string) => ({ id, address });
  const table: [string, unknown, string][] = [
    ['not an object', [1], 'Invalid JSON: json: cannot unmarshal array into Go value of type api.ProcessConfig'],
    ['a string body', 'x', 'Invalid JSON: json: cannot unmarshal string into Go value of type api.ProcessConfig'],
    ['null body', null, "Invalid JSON: Key: 'ProcessConfig.Input' Error:Field validation for 'Input' failed on the 'required' tag: Key: 'ProcessConfig.Output' Error:Field validation for 'Output' failed on the 'required' tag"],
    ['unknown type', { ...minimal, type: 'foobar' }, "Invalid JSON: Key: 'ProcessConfig.Type' Error:Field validation for 'Type' failed on the 'oneof' tag"],
    ['empty type', { ...minimal, type: '' }, 'Unsupported process type: Supported process types are: ffmpeg'],
    ['type not a string', { ...minimal, type: 1 }, 'Invalid JSON: json: cannot unmarshal number into Go struct field ProcessConfig.type of type string'],
    ['no input', { output: minimal.output }, "Invalid JSON: Key: 'ProcessConfig.Input' Error:Field validation for 'Input' failed on the 'required' tag"],
    ['no output', { input: minimal.input }, "Invalid JSON: Key: 'ProcessConfig.Output' Error:Field validation for 'Output' failed on the 'required' tag"],
    ['empty input list', { input: [], output: minimal.output }, 'At least one input and one output need to be defined'],
    ['empty output list', { input: minimal.input, output: [] }, 'At least one input and one output need to be defined'],
    ['input not a list', { input: {}, output: minimal.output }, 'Invalid JSON: json: cannot unmarshal object into Go struct field ProcessConfig.input of type []api.ProcessConfigIO'],
    ['address not a string', { input: [{ address: 5 }], output: minimal.output }, 'Invalid JSON: json: cannot unmarshal number into Go struct field ProcessConfigIO.input.address of type string'],
    ['options not strings', { ...minimal, options: ['-y', 1] }, 'Invalid JSON: json: cannot unmarshal number into Go struct field ProcessConfig.options of type string'],
    ['reconnect not a bool', { ...minimal, reconnect: 'yes' }, 'Invalid JSON: json: cannot unmarshal string into Go struct field ProcessConfig.reconnect of type bool'],
    ['negative delay', { ...minimal, reconnect_delay_seconds: -1 }, 'Invalid JSON: json: cannot unmarshal number -1 into Go struct field ProcessConfig.reconnect_delay_seconds of type uint64'],
    ['fractional stale timeout', { ...minimal, stale_timeout_seconds: 1.5 }, 'Invalid JSON: json: cannot unmarshal number 1.5 into Go struct field ProcessConfig.stale_timeout_seconds of type uint64'],
    ['limits not an object', { ...minimal, limits: [] }, 'Invalid JSON: json: cannot unmarshal array into Go struct field ProcessConfig.limits of type api.ProcessConfigLimits'],
    ['cpu limit a string', { ...minimal, limits: { cpu_usage: '10' } }, 'Invalid JSON: json: cannot unmarshal string into Go struct field ProcessConfigLimits.limits.cpu_usage of type float64'],
    ['max_files a string (the manual example)', { input: minimal.input, output: [{ address: 'o', cleanup: [{ pattern: 'memfs:/x', max_files: '23' }] }] }, 'Invalid JSON: json: cannot unmarshal string into Go struct field ProcessConfigIOCleanup.output.cleanup.max_files of type uint'],
    ['empty process id', { ...minimal, id: '  ' }, 'Invalid process config: an empty ID is not allowed'],
    ['duplicate input ids', { id: 'p', input: [io('a', 'x'), io('a', 'y')], output: minimal.output }, "Invalid process config: the input ID 'a' is already in use for the process `p`"],
    ['duplicate output ids', { id: 'p', input: minimal.input, output: [io('o', '-'), io('o', '-')] }, "Invalid process config: the output ID 'o' is already in use for the process `p`"],
    ['ids equal after placeholders', { id: 'p', input: minimal.input, output: [io('p', '-'), io('{processid}', '-')] }, "Invalid process config: the output ID 'p' is already in use for the process `p`"],
    ['blank input id', { id: 'p', input: [io(' ', 'x')], output: minimal.output }, "Invalid process config: empty input IDs are not allowed (process 'p')"],
    ['empty input address', { id: 'p', input: [io('i', '')], output: minimal.output }, "Invalid process config: reference error for '#p:i': empty address"],
    ['blank input address', { id: 'p', input: [io('i', '  ')], output: minimal.output }, "Invalid process config: the address for input '#p:i' must not be empty"],
    ['empty output address', { id: 'p', input: minimal.input, output: [io('o', '')] }, "Invalid process config: the address for output '#p:o' must not be empty"],
    ['output outside the disk dir', { id: 'p', input: minimal.input, output: [io('o', '/etc/passwd')] }, "Invalid process config: the address for output '#p:o' is invalid: /etc/passwd is not inside of /core/data"],
    ['blocked output', { id: 'p', input: minimal.input, output: [io('o', 'udp://10.0.0.1:1234')] }, "Invalid process config: the address for output '#p:o' is invalid: address is not allowed"],
    ['malformed input URL', { id: 'p', input: [io('i', 'rtsp://cam:x/')], output: minimal.output }, 'Invalid process config: the address for input \'#p:i\' (rtsp://cam:x/) is invalid: parse "//cam:x": invalid port ":x" after host'],
    ['unknown reference', { id: 'p', input: [io('i', '#q:output=o')], output: minimal.output }, "Invalid process config: reference error for '#p:i': unknown process 'q' (#q:output=o)"],
    ['self reference', { id: 'p', input: [io('i', '#p:output=o')], output: [io('o', '-')] }, "Invalid process config: reference error for '#p:i': self-reference not possible (#p:output=o)"],
  ];
  for (const [name, body, message] of table) {
    it(`${name}`, () => {
      expect(rejection(body)).toBe(message);
    });
  }

  it('accepts the valid variants', () => {
    expect(rejection({ ...minimal, type: 'ffmpeg' })).toBe('accepted');
    expect(rejection({ id: 'p', input: minimal.input, output: [io('o', '/dev/null'), io('o2', 'out.mp4')] })).toBe('accepted');
  });
});

describe('update (PUT) merges the body over the current config', () => {
  const current: ProcessConfig = normalizeProcessConfig({
    id: 'p',
    reference: 'ref',
    input: [{ id: 'in', address: 'rtmp://a', options: ['-re'] }],
    output: [
      { id: 'out', address: '-', options: ['-f', 'null'], cleanup: [{ pattern: 'memfs:/p*', max_files: 5 }] },
      { id: 'out2', address: '/dev/null', options: [] },
    ],
    options: ['-loglevel', 'info'],
    autostart: false,
    reconnect: true,
    reconnect_delay_seconds: 15,
    limits: { cpu_usage: 50, memory_mbytes: 100, waitfor_seconds: 5 },
  });

  it('keeps omitted top-level fields', () => {
    const merged = mergeProcessConfig(current, { reconnect_delay_seconds: 30 });
    expect(merged).toEqual({ ...current, reconnect_delay_seconds: 30 });
  });

  it('keeps omitted fields of limits and of io elements (arrays merge by index)', () => {
    const merged = mergeProcessConfig(current, { limits: { cpu_usage: 10 }, output: [{ address: 'x.mp4' }] });
    expect(merged.limits).toEqual({ cpu_usage: 10, memory_mbytes: 100, waitfor_seconds: 5 });
    expect(merged.output).toEqual([{ ...current.output[0], address: 'x.mp4' }]);
  });

  it('null clears lists but not scalars', () => {
    const merged = mergeProcessConfig(current, { options: null, reference: null }, counterIds());
    expect(merged.options).toEqual([]);
    expect(merged.reference).toBe('ref');
  });

  it('may rename the process and does not apply the create-only checks', () => {
    const merged = mergeProcessConfig(current, { id: 'p2', type: '', input: [] });
    expect(merged.id).toBe('p2');
    expect(merged.input).toEqual([]);
    expect(() => prepareProcess(toStoredConfig(merged, '^5.1.0'), context)).toThrow("at least one input must be defined for the process 'p2'");
  });

  it('still rejects an unknown type', () => {
    expect(() => mergeProcessConfig(current, { type: 'foobar' })).toThrow(ProcessBodyError);
  });
});

describe('API ↔ db.json conversion', () => {
  it('converts limits and keeps io order, round-trips', () => {
    const api = normalizeProcessConfig({
      id: 'p',
      input: [{ id: 'i', address: 'a', options: ['-re'] }],
      output: [{ id: 'o', address: 'b', cleanup: [{ pattern: 'diskfs:/x', max_file_age_seconds: 60 }] }, { id: 'o2', address: 'c' }],
      limits: { cpu_usage: 12.5, memory_mbytes: 50, waitfor_seconds: 5 },
    });
    const stored = toStoredConfig(api, ffversionOnCreate('6.1.1'));
    expect(stored).toEqual(
      storedConfig({
        id: 'p',
        ffversion: '^6.1.1',
        input: [{ id: 'i', address: 'a', options: ['-re'], cleanup: [] }],
        output: [
          { id: 'o', address: 'b', options: [], cleanup: [{ pattern: 'diskfs:/x', max_files: 0, max_file_age_seconds: 60, purge_on_delete: false }] },
          { id: 'o2', address: 'c', options: [], cleanup: [] },
        ],
        autostart: true,
        limit_cpu_usage: 12.5,
        limit_memory_bytes: 50 * 1024 * 1024,
        limit_waitfor_seconds: 5,
      }),
    );
    expect(fromStoredConfig(stored)).toEqual(api);
    expect('cleanup' in fromStoredConfig(stored).output[1]).toBe(false);
  });

  it('rounds bytes down to whole megabytes', () => {
    expect(fromStoredConfig(storedConfig({ id: 'x', limit_memory_bytes: 3 * 1024 * 1024 - 1 })).limits.memory_mbytes).toBe(2);
  });

  it('stamps ffversion like Core', () => {
    expect(ffversionOnCreate('4.0.2')).toBe('^4.0.2');
    expect(ffversionOnLoad('5.1.9')).toBe('^5.1.0');
    expect(ffversionOnLoad('6.1')).toBe('^6.1.0');
  });
});
