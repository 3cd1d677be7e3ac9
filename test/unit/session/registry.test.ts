// SessionRegistry: the API views against the contract, collector selection, enable flag, persistence, reload.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { SessionRegistry, DEFAULT_COLLECTORS } from '../../../main/core/session/SessionRegistry.js';
import { contractViolations } from '../../helpers/contract.js';
import { recordingLogger } from '../../helpers/silentLogger.js';
import { fakeClock, sessionSettings } from './helpers.js';

const dirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'sessions-'));
  dirs.push(dir);
  return dir;
};
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});
afterEach(() => {
  vi.useRealTimers();
});

function registry(overrides: Parameters<typeof sessionSettings>[0] = {}, dbDir = '/nonexistent') {
  const clock = fakeClock();
  return { clock, r: new SessionRegistry({ settings: sessionSettings(overrides), dbDir, now: clock.now, timers: false }) };
}

const summaryViolations = (body: unknown) => contractViolations('GET', '/api/v3/session', 200, body);
const activeViolations = (body: unknown) => contractViolations('GET', '/api/v3/session/active', 200, body);

describe('API views', () => {
  it('match the contract in Core\'s handler test setup (collector "foo", session "foobar")', () => {
    const { r } = registry();
    r.collector('foo').registerAndActivate('foobar', { reference: '', local: 'any', remote: 'any' });
    const summary = r.summary(['foo']);
    expect(summaryViolations(summary)).toEqual([]);
    expect(summary.foo!.active.list.map((s) => s.id)).toEqual(['foobar']);
    const active = r.active(['foo']);
    expect(activeViolations(active)).toEqual([]);
    expect(Object.keys(active)).toEqual(['foo']);
  });

  it('match the contract with history, bandwidths and several collectors', () => {
    const { r, clock } = registry({ max_sessions: 10, max_bitrate_mbit: 250 });
    const hls = r.collector('hls');
    hls.registerAndActivate('a', { reference: 'abc_output_0', local: '/memfs/abc_output_0.m3u8', remote: 'example.com', extra: '[1.2.3.0] ua' });
    hls.egress('a', 3_000_000);
    hls.registerAndActivate('b', { reference: 'abc_output_0', local: '/memfs/abc_output_0.m3u8', remote: 'example.com' });
    hls.egress('b', 123_456);
    clock.advance(1500);
    hls.unregister('b');
    r.collector('rtmp').registerAndActivate('r', { reference: 'abc', local: '10.0.0.1', remote: '10.0.0.2' });
    r.collector('rtmp').ingress('r', 10_000);
    const summary = r.summary(['hls', 'rtmp']);
    expect(summaryViolations(summary)).toEqual([]);
    expect(summary.hls!.active).toMatchObject({ sessions: 1, max_sessions: 10, max_bandwidth_tx_mbit: 250, max_bandwidth_rx_mbit: 0 });
    expect(summary.hls!.summary.sessions).toBe(1);
    expect(activeViolations(r.active(['hls', 'rtmp']))).toEqual([]);
    expect(r.active(['hls']).hls![0]).toMatchObject({ id: 'a', bytes_tx: 3_000_000, created_at: Math.floor(1_700_000_000_000 / 1000) });
  });

  it('answers unknown collectors with empty structures and all collectors when none are named', () => {
    const { r } = registry();
    const summary = r.summary(['hls', 'nope', 'hls']);
    expect(Object.keys(summary)).toEqual(['hls', 'nope']);
    expect(summary.nope).toEqual(summary.hls);
    expect(r.active(['nope'])).toEqual({ nope: [] });
    expect(Object.keys(r.summary())).toEqual([...DEFAULT_COLLECTORS]);
    expect(Object.keys(r.active([]))).toEqual([...DEFAULT_COLLECTORS]);
    expect(Object.keys(r.active(['']))).toEqual([...DEFAULT_COLLECTORS]);
    expect(summaryViolations(r.summary())).toEqual([]);
  });

  it('gives the UI what it polls: sessions per channel by reference prefix', () => {
    const { r } = registry();
    r.collector('hls').registerAndActivate('v1', { reference: 'chan1_output_0', local: '/memfs/chan1_output_0.m3u8', remote: '' });
    r.collector('hls').egress('v1', 12_800);
    r.collector('rtmp').registerAndActivate('p1', { reference: 'chan1', local: '10.0.0.1', remote: '10.0.0.9' });
    r.collector('hls').registerAndActivate('v2', { reference: 'chan2_output_0', local: '/memfs/chan2_output_0.m3u8', remote: '' });
    const active = r.active(['ffmpeg', 'hls', 'rtmp', 'srt']);
    expect(Object.keys(active)).toEqual(['ffmpeg', 'hls', 'rtmp', 'srt']);
    const forChannel = Object.values(active)
      .flat()
      .filter((s) => s.reference.startsWith('chan1'));
    expect(forChannel).toHaveLength(2);
    expect(forChannel.every((s) => typeof s.bandwidth_tx_kbit === 'number')).toBe(true);
    expect(r.forReference('chan1')).toEqual({ current: 1, total: 0 });
  });

  it('rejects collector names that are not alphanumeric', () => {
    const { r } = registry();
    expect(() => r.collector('../x')).toThrow(/invalid collector name/);
    expect(r.summary(['../x'])['../x']!.active.sessions).toBe(0);
  });

  it('links hls, rtmp, srt and ffmpeg as companions for the bitrate limit', () => {
    const { r } = registry({ max_bitrate_mbit: 1 });
    r.collector('ffmpeg').registerAndActivate('out', { reference: 'abc', local: '10.0.0.1', remote: '10.0.0.2' });
    r.collector('ffmpeg').egress('out', 2_000_000);
    expect(r.collector('hls').checkLimits()).toEqual({ status: 509, message: 'Bitrate limit exceeded' });
    expect(r.collector('hlsingress').checkLimits()).toBeNull();
  });
});

describe('sessions.enable = false', () => {
  it('captures nothing but still answers with (contract-conform) empty structures', () => {
    const { r } = registry({ enable: false });
    expect(r.enabled).toBe(false);
    expect(r.collector('hls').register('a', { reference: 'r', local: '10.0.0.1', remote: '10.0.0.2' })).toBe(false);
    const summary = r.summary(['hls']);
    expect(summary.hls!.active.list).toEqual([]);
    expect(summaryViolations(summary)).toEqual([]);
    expect(r.active(['hls', 'rtmp'])).toEqual({ hls: [], rtmp: [] });
    expect(r.forReference('r')).toEqual({ current: 0, total: 0 });
  });
});

describe('reconfigure (config reload)', () => {
  it('keeps sessions and history, applies new limits and timeouts', () => {
    const { r, clock } = registry({ session_timeout_sec: 30 });
    const hls = r.collector('hls');
    hls.registerAndActivate('a', { reference: 'x', local: '10.0.0.1', remote: '10.0.0.2' });
    hls.registerAndActivate('b', { reference: 'x', local: '10.0.0.1', remote: '10.0.0.2' });
    hls.unregister('b');
    r.reconfigure(sessionSettings({ session_timeout_sec: 10, max_sessions: 1 }));
    expect(r.collector('hls')).toBe(hls);
    expect(hls.known('a')).toBe(true);
    expect(hls.summary().summary.sessions).toBe(1);
    expect(hls.checkLimits()).toEqual({ status: 509, message: 'Number of sessions exceeded' });
    hls.egress('a', 1);
    clock.advance(10_000);
    expect(hls.known('a')).toBe(false);
  });

  it('refuses an invalid ignore list without changing anything', () => {
    const { r } = registry({ ip_ignorelist: [] });
    expect(() => r.reconfigure(sessionSettings({ ip_ignorelist: ['127.0.0.1/33'], max_sessions: 5 }))).toThrow(/ip_ignorelist/);
    expect(r.summary(['hls']).hls!.active.max_sessions).toBe(0);
    expect(r.collector('hls').isCollectable('127.0.0.1')).toBe(true);
  });

  it('hides sessions while disabled and shows them again when re-enabled', () => {
    const { r } = registry();
    r.collector('rtmp').registerAndActivate('p', { reference: 'x', local: '10.0.0.1', remote: '10.0.0.2' });
    r.reconfigure(sessionSettings({ enable: false }));
    expect(r.active(['rtmp'])).toEqual({ rtmp: [] });
    r.reconfigure(sessionSettings({ enable: true }));
    expect(r.active(['rtmp']).rtmp!.map((s) => s.id)).toEqual(['p']);
  });
});

describe('persistence', () => {
  it('writes each collector\'s history to <db.dir>/sessions/<collector>.json and restores the totals', () => {
    const dir = tempDir();
    const first = registry({ persist: true }, dir).r;
    const hls = first.collector('hls');
    hls.registerAndActivate('a', { reference: 'abc_output_0', local: '/memfs/abc_output_0.m3u8', remote: 'example.com' });
    hls.egress('a', 5 * 1024 * 1024);
    hls.unregister('a');
    first.collector('rtmp').registerAndActivate('p', { reference: 'abc', local: '10.0.0.1', remote: '10.0.0.2' });
    first.collector('rtmp').ingress('p', 2 * 1024 * 1024);
    // close() ends the still-active RTMP session into the history before writing.
    first.close();

    const file = path.join(dir, 'sessions', 'hls.json');
    const saved = JSON.parse(readFileSync(file, 'utf8'));
    expect(saved).toEqual({
      sessions: {
        '/memfs/abc_output_0.m3u8:example.com:abc_output_0': {
          location: '/memfs/abc_output_0.m3u8',
          peer: 'example.com',
          reference: 'abc_output_0',
          total_sessions: 1,
          total_rxbytes: 0,
          total_txbytes: 5 * 1024 * 1024,
        },
      },
    });
    expect(readFileSync(file, 'utf8')).toContain('\n    "sessions": {');
    expect(readdirSync(path.join(dir, 'sessions')).filter((name) => name.endsWith('.tmp'))).toEqual([]);

    const second = registry({ persist: true }, dir).r;
    expect(second.summary(['hls']).hls!.summary).toMatchObject({ sessions: 1, traffic_tx_mb: 5 });
    expect(second.summary(['rtmp']).rtmp!.summary).toMatchObject({ sessions: 1, traffic_rx_mb: 2 });
    expect(second.forReference('abc')).toEqual({ current: 0, total: 1 });
    second.close();
  });

  it('neither reads nor writes files when persist is off', () => {
    const dir = tempDir();
    const r = registry({ persist: false }, dir).r;
    r.collector('hls').registerAndActivate('a', { reference: 'x', local: '10.0.0.1', remote: '10.0.0.2' });
    r.close();
    expect(existsSync(path.join(dir, 'sessions'))).toBe(false);
  });

  it('persists every persist_interval_sec on an unref\'d timer', () => {
    vi.useFakeTimers();
    const dir = tempDir();
    const r = new SessionRegistry({ settings: sessionSettings({ persist: true, persist_interval_sec: 5 }), dbDir: dir });
    r.collector('hls').registerAndActivate('a', { reference: 'x', local: '10.0.0.1', remote: '10.0.0.2' });
    r.collector('hls').unregister('a');
    vi.advanceTimersByTime(4999);
    expect(existsSync(path.join(dir, 'sessions', 'hls.json'))).toBe(false);
    vi.advanceTimersByTime(1);
    expect(existsSync(path.join(dir, 'sessions', 'hls.json'))).toBe(true);
    r.close();
    expect(vi.getTimerCount()).toBe(0);
  });

  it('expires sessions on its own 1 s timer', () => {
    vi.useFakeTimers();
    const r = new SessionRegistry({ settings: sessionSettings({ session_timeout_sec: 2 }), dbDir: '/nonexistent' });
    const hls = r.collector('hls');
    hls.registerAndActivate('a', { reference: 'x', local: '10.0.0.1', remote: '10.0.0.2' });
    vi.advanceTimersByTime(3000);
    // The timer moved it into the history without anyone reading the collector.
    expect(hls.exportHistory().sessions['10.0.0.1:10.0.0.2:x']!.total_sessions).toBe(1);
    r.close();
  });

  it('starts with an empty history (and a warning) when a file is unreadable', () => {
    const dir = tempDir();
    mkdirSync(path.join(dir, 'sessions'));
    writeFileSync(path.join(dir, 'sessions', 'hls.json'), '{not json');
    const logger = recordingLogger();
    const r = new SessionRegistry({ settings: sessionSettings({ persist: true }), dbDir: dir, timers: false, logger });
    expect(r.summary(['hls']).hls!.summary.sessions).toBe(0);
    expect(logger.entries.some((entry) => entry.level === 'warn' && entry.fields?.collector === 'hls')).toBe(true);
  });

  it('merges the file once when persistence is switched on by a reload', () => {
    const dir = tempDir();
    const seed = registry({ persist: true }, dir).r;
    seed.collector('hls').registerAndActivate('a', { reference: 'x', local: '10.0.0.1', remote: '10.0.0.2' });
    seed.close();
    const { r } = registry({ persist: false }, dir);
    r.collector('hls').registerAndActivate('b', { reference: 'x', local: '10.0.0.1', remote: '10.0.0.2' });
    r.collector('hls').unregister('b');
    r.reconfigure(sessionSettings({ persist: true }), dir);
    r.reconfigure(sessionSettings({ persist: true, max_sessions: 3 }), dir);
    expect(r.summary(['hls']).hls!.summary.sessions).toBe(2);
  });
});
