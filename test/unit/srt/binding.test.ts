// Finding the binding from source and from the bundled engine, and what the loaded binding offers.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { bindingCandidates, loadSrtBinding } from '../../../main/core/srt/binding.js';
import { repoRoot } from '../../helpers/paths.js';

const built = path.join(repoRoot, 'main/core/srt/native/build/Release/srt.node');

describe('bindingCandidates', () => {
  it('looks next to the module and under every ancestor', () => {
    expect(bindingCandidates(path.join(repoRoot, 'main/core/srt'))[0]).toBe(built);
    expect(bindingCandidates(path.join(repoRoot, 'dist/main'))).toContain(built);
    expect(bindingCandidates(path.join(repoRoot, 'dist/main/chunks'))).toContain(built);
  });
});

describe('loadSrtBinding', () => {
  it('loads the built binding (run scripts/build-srt.mjs first)', () => {
    const binding = loadSrtBinding();
    if (binding instanceof Error) throw binding;
    expect(binding.version).toMatch(/^1\.\d+\.\d+$/);
    expect(typeof binding.Server).toBe('function');
    expect(typeof binding.setLogHandler).toBe('function');
    expect(loadSrtBinding()).toBe(binding);
  });

  it('rejects bad arguments and a bad passphrase without crashing', () => {
    const binding = loadSrtBinding();
    if (binding instanceof Error) throw binding;
    const noop = () => 0;
    expect(() => new binding.Server({ host: '127.0.0.1', port: 70000 }, noop, noop)).toThrow(/port/);
    expect(() => new binding.Server({ host: '127.0.0.1', port: 0, passphrase: 'short' }, noop, noop)).toThrow(/passphrase/);
    expect(() => new binding.Server({ host: 'no.such.host.invalid', port: 0 }, noop, noop)).toThrow(/address/);
    // @ts-expect-error: the binding checks its arguments itself
    expect(() => new binding.Server({ port: 0 })).toThrow(TypeError);
  });

  it('binds port 0 to a free port, refuses a taken one, and closes idempotently', () => {
    const binding = loadSrtBinding();
    if (binding instanceof Error) throw binding;
    const noop = () => 0;
    const first = new binding.Server({ host: '127.0.0.1', port: 0 }, noop, noop);
    try {
      const port = first.port();
      expect(port).toBeGreaterThan(0);
      // libsrt shares one UDP socket between its sockets on a port, so the second listener fails at listen().
      expect(() => new binding.Server({ host: '127.0.0.1', port }, noop, noop)).toThrow(/already listening|bind/);
      expect(first.send([12345], Buffer.alloc(10), [10])).toEqual([-1]);
      expect(first.stats(12345)).toBeNull();
      expect(first.closeSocket(first.listenerId())).toBe(false);
    } finally {
      first.close();
      first.close();
    }
    expect(() => first.port()).toThrow(/closed/);
  });
});
