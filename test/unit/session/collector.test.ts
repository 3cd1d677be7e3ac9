// SessionCollector: lifecycle and timeouts, ignore list, bitrates, history, limits and the widget counts.
import { describe, expect, it } from 'vitest';
import { BITRATE_EXCEEDED, SESSIONS_EXCEEDED, SessionCollector } from '../../../main/core/session/SessionCollector.js';
import { DEFAULT_IP_IGNORELIST } from '../../../main/core/session/IpIgnoreList.js';
import { anonymizeIp } from '../../../main/core/session/anonymizeIp.js';
import { collectorSettings, fakeClock } from './helpers.js';

const info = (reference = 'ref') => ({ reference, local: '10.0.0.1', remote: '10.0.0.2' });

function collector(overrides: Parameters<typeof collectorSettings>[0] = {}) {
  const clock = fakeClock();
  return { clock, c: new SessionCollector('hls', collectorSettings(overrides), { now: clock.now }) };
}

describe('SessionCollector lifecycle', () => {
  it('keeps a registered session pending until activated, then lists it', () => {
    const { c } = collector();
    expect(c.register('a', info())).toBe(true);
    expect(c.known('a')).toBe(true);
    expect(c.active()).toEqual([]);
    expect(c.activeSessions()).toBe(0);
    expect(c.activate('a')).toBe(true);
    expect(c.activate('a')).toBe(false);
    expect(c.active().map((s) => s.id)).toEqual(['a']);
    expect(c.activeSessions()).toBe(1);
  });

  it('drops a pending session without traffic after 5 s (inactive timeout), without history', () => {
    const { c, clock } = collector();
    c.register('a', info());
    clock.advance(4999);
    expect(c.known('a')).toBe(true);
    clock.advance(1);
    expect(c.known('a')).toBe(false);
    expect(c.activate('a')).toBe(false);
    expect(c.summary().summary.sessions).toBe(0);
  });

  it('extends a pending session with traffic to the session timeout, as Core resets its timer', () => {
    const { c, clock } = collector({ idleTimeoutSec: 30 });
    c.register('a', info());
    clock.advance(4000);
    c.egress('a', 100);
    clock.advance(20_000);
    expect(c.known('a')).toBe(true);
    expect(c.activate('a')).toBe(true);
  });

  it('closes an idle active session after session_timeout_sec; traffic extends it', () => {
    const { c, clock } = collector({ idleTimeoutSec: 30 });
    c.registerAndActivate('a', info());
    clock.advance(29_000);
    c.ingress('a', 10);
    clock.advance(29_000);
    c.egress('a', 10);
    clock.advance(29_999);
    expect(c.known('a')).toBe(true);
    clock.advance(1);
    expect(c.known('a')).toBe(false);
    expect(c.summary().summary.sessions).toBe(1);
  });

  it('tick() closes expired sessions into the history', () => {
    const { c, clock } = collector({ idleTimeoutSec: 10 });
    c.registerAndActivate('a', info());
    c.egress('a', 2048);
    clock.advance(11_000);
    c.tick();
    expect(c.stats().active).toBe(0);
    expect(c.exportHistory().sessions['10.0.0.1:10.0.0.2:ref']).toMatchObject({ total_sessions: 1, total_txbytes: 2048 });
  });

  it('never closes active sessions of collectors without idle timeout (rtmp, srt, ffmpeg); unregister does', () => {
    const { c, clock } = collector({ idleTimeoutSec: 0 });
    c.registerAndActivate('a', info());
    clock.advance(3_600_000);
    c.tick();
    expect(c.known('a')).toBe(true);
    expect(c.unregister('a')).toBe(true);
    expect(c.known('a')).toBe(false);
    expect(c.summary().summary.sessions).toBe(1);
  });

  it('forgets an unregistered pending session (only active ones make history)', () => {
    const { c } = collector();
    c.register('a', info());
    c.unregister('a');
    expect(c.exportHistory()).toEqual({ sessions: {} });
  });

  it('reports empty ends as "unknown" and ignores empty ids', () => {
    const { c } = collector();
    expect(c.register('', info())).toBe(false);
    c.registerAndActivate('a', { reference: 'r', local: '', remote: '' });
    expect(c.active()[0]).toMatchObject({ local: 'unknown', remote: 'unknown' });
  });

  it('accepts nothing and shows nothing while disabled', () => {
    const { c } = collector();
    c.registerAndActivate('a', info());
    c.enabled = false;
    expect(c.register('b', info())).toBe(false);
    expect(c.known('a')).toBe(false);
    expect(c.active()).toEqual([]);
    expect(c.summary().active.sessions).toBe(0);
    expect(c.checkLimits()).toBeNull();
  });
});

describe('ignore list', () => {
  it('ignores localhost with the default list, IPv4-mapped IPv6 included', () => {
    const { c } = collector({ ipIgnoreList: DEFAULT_IP_IGNORELIST });
    expect(c.register('a', { reference: 'r', local: '10.0.0.1', remote: '127.0.0.1' })).toBe(false);
    expect(c.register('b', { reference: 'r', local: '::1', remote: '10.0.0.2' })).toBe(false);
    expect(c.register('c', { reference: 'r', local: '10.0.0.1', remote: '::ffff:127.0.0.1' })).toBe(false);
    expect(c.register('d', info())).toBe(true);
    expect(c.isCollectable('::ffff:7f00:1')).toBe(false);
    expect(c.isCollectable('192.168.1.5')).toBe(true);
  });

  it('counts 127.0.0.1 with an empty list', () => {
    const { c } = collector({ ipIgnoreList: [] });
    expect(c.register('a', { reference: 'r', local: '127.0.0.1', remote: '127.0.0.1' })).toBe(true);
  });

  it('matches whole ranges and checks separate connection addresses when given', () => {
    const { c } = collector({ ipIgnoreList: ['192.168.0.0/16', 'fd00::/8'] });
    expect(c.isCollectable('192.168.44.1')).toBe(false);
    expect(c.isCollectable('fd12::1')).toBe(false);
    expect(c.isCollectable('fe80::1%eth0')).toBe(true);
    // The session's ends are a path and a referrer (HLS); the connection's addresses decide.
    expect(c.register('a', { reference: 'r', local: '/memfs/a.m3u8', remote: 'example.com' }, { local: '10.1.1.1', remote: '192.168.1.1' })).toBe(false);
    expect(c.register('b', { reference: 'r', local: '/memfs/a.m3u8', remote: 'example.com' }, { local: '10.1.1.1', remote: '10.2.2.2' })).toBe(true);
  });

  it('rejects entries that are not CIDR ranges', () => {
    expect(() => collector({ ipIgnoreList: ['127.0.0.1'] })).toThrow(/ip_ignorelist/);
  });

  it('anonymizes viewer addresses like Core (/24, /64)', () => {
    expect(anonymizeIp('203.0.113.77')).toBe('203.0.113.0');
    expect(anonymizeIp('::ffff:203.0.113.77')).toBe('203.0.113.0');
    expect(anonymizeIp('2001:db8:1:2:3:4:5:6')).toBe('2001:db8:1:2::');
    expect(anonymizeIp('not-an-ip')).toBe('not-an-ip');
  });
});

describe('bitrates', () => {
  it('reports kbit/s over a 10 s sliding window, per session and per collector', () => {
    const { c, clock } = collector();
    c.registerAndActivate('a', info());
    // 10 s of 128 KiB/s egress = 1024 kbit/s; 16 KiB/s ingress = 128 kbit/s.
    for (let i = 0; i < 10; i++) {
      c.egress('a', 128 * 1024);
      c.ingress('a', 16 * 1024);
      clock.advance(1000);
    }
    clock.advance(-1);
    const [session] = c.active();
    expect(session!.bandwidth_tx_kbit).toBe(1024);
    expect(session!.bandwidth_rx_kbit).toBe(128);
    const summary = c.summary();
    expect(summary.active.bandwidth_tx_mbit).toBe(1);
    expect(summary.active.bandwidth_rx_mbit).toBe(0.125);
    // The window slides: 5 s later half of it is silent.
    clock.advance(5000);
    expect(c.active()[0]!.bandwidth_tx_kbit).toBe(512);
    clock.advance(5000);
    expect(c.active()[0]!.bandwidth_tx_kbit).toBe(0);
    expect(c.active()[0]!.bytes_tx).toBe(10 * 128 * 1024);
    expect(c.active()[0]!.bytes_rx).toBe(10 * 16 * 1024);
  });

  it('keeps a decaying top egress bitrate per active session', () => {
    const { c, clock } = collector({ idleTimeoutSec: 0 });
    c.registerAndActivate('a', info());
    c.egress('a', 1_000_000);
    const top = c.topEgressBitrate();
    expect(top).toBe(800_000);
    clock.advance(10_000);
    expect(c.topEgressBitrate()).toBeCloseTo(800_000 * 0.95 ** 10, 3);
  });
});

describe('history', () => {
  it('sums closed sessions by location:peer:reference and keeps totals after close', () => {
    const { c } = collector();
    for (const id of ['a', 'b']) {
      c.registerAndActivate(id, { reference: 'abc_output_0', local: '/memfs/abc_output_0.m3u8', remote: 'example.com' });
      c.egress(id, 3 * 1024 * 1024);
      c.ingress(id, 1024 * 1024);
      c.unregister(id);
    }
    c.registerAndActivate('c', { reference: 'xyz', local: '/memfs/xyz.m3u8', remote: 'example.com' });
    c.egress('c', 512 * 1024);
    c.unregister('c');
    const { summary } = c.summary();
    expect(summary.sessions).toBe(3);
    expect(summary.traffic_tx_mb).toBe(6);
    expect(summary.traffic_rx_mb).toBe(2);
    expect(summary.reference).toEqual({
      abc_output_0: { sessions: 2, traffic_rx_mb: 2, traffic_tx_mb: 6 },
      xyz: { sessions: 1, traffic_rx_mb: 0, traffic_tx_mb: 0 },
    });
    expect(summary.local['/memfs/abc_output_0.m3u8']).toEqual({ sessions: 2, traffic_rx_mb: 2, traffic_tx_mb: 6 });
    expect(summary.remote['example.com']).toEqual({
      sessions: 3,
      traffic_rx_mb: 2,
      traffic_tx_mb: 6,
      local: {
        '/memfs/abc_output_0.m3u8': { sessions: 2, traffic_rx_mb: 2, traffic_tx_mb: 6 },
        '/memfs/xyz.m3u8': { sessions: 1, traffic_rx_mb: 0, traffic_tx_mb: 0 },
      },
    });
    expect(c.stats()).toMatchObject({ active: 0, total: 3, txBytes: 6 * 1024 * 1024 + 512 * 1024 });
  });

  it('merges imported totals with the same key', () => {
    const { c } = collector();
    c.registerAndActivate('a', info());
    c.egress('a', 100);
    c.unregister('a');
    c.importHistory({ sessions: { '10.0.0.1:10.0.0.2:ref': { location: '10.0.0.1', peer: '10.0.0.2', reference: 'ref', total_sessions: 4, total_rxbytes: 1, total_txbytes: 900 } } });
    expect(c.exportHistory().sessions['10.0.0.1:10.0.0.2:ref']).toMatchObject({ total_sessions: 5, total_txbytes: 1000 });
  });
});

describe('limits', () => {
  it('answers 509 "Number of sessions exceeded" at max_sessions active sessions', () => {
    const { c } = collector({ maxSessions: 2 });
    c.registerAndActivate('a', info());
    c.register('pending', info());
    expect(c.checkLimits()).toBeNull();
    c.registerAndActivate('b', info());
    expect(c.checkLimits()).toEqual({ status: 509, message: SESSIONS_EXCEEDED });
    expect(SESSIONS_EXCEEDED).toBe('Number of sessions exceeded');
  });

  it('answers 509 "Bitrate limit exceeded" when top egress × 1.15 + stream bitrate reaches max_bitrate_mbit', () => {
    const { c, clock } = collector({ maxTxBitrateMbit: 1, idleTimeoutSec: 0 });
    const limit = 1024 * 1024;
    expect(c.checkLimits(limit - 1)).toBeNull();
    expect(c.checkLimits(limit)).toEqual({ status: 509, message: BITRATE_EXCEEDED });
    c.registerAndActivate('a', info());
    // 100 000 bytes in the window = 80 000 bit/s average → × 1.15 = 92 000
    c.egress('a', 100_000);
    expect(c.checkLimits(limit - 92_001)).toBeNull();
    expect(c.checkLimits(limit - 92_000)).toEqual({ status: 509, message: BITRATE_EXCEEDED });
    expect(BITRATE_EXCEEDED).toBe('Bitrate limit exceeded');
    clock.advance(60_000);
    expect(c.checkLimits(limit - 92_000)).toBeNull();
  });

  it('weighs the companions\' egress too', () => {
    const clock = fakeClock();
    const hls = new SessionCollector('hls', collectorSettings({ maxTxBitrateMbit: 1 }), { now: clock.now });
    const rtmp = new SessionCollector('rtmp', collectorSettings({ maxTxBitrateMbit: 1, idleTimeoutSec: 0 }), { now: clock.now });
    hls.addCompanion(rtmp);
    rtmp.registerAndActivate('r', info());
    rtmp.egress('r', 1_200_000); // 960 000 bit/s top × 1.15 > 1 Mibit
    expect(hls.checkLimits()).toEqual({ status: 509, message: BITRATE_EXCEEDED });
  });

  it('means unlimited with 0', () => {
    const { c } = collector({ maxSessions: 0, maxTxBitrateMbit: 0 });
    for (let i = 0; i < 100; i++) c.registerAndActivate(`s${i}`, info());
    expect(c.checkLimits(1e12)).toBeNull();
  });
});

describe('widget counts', () => {
  it('counts active sessions and closed ones by reference prefix', () => {
    const { c } = collector();
    c.registerAndActivate('a', { reference: 'abc_output_0', local: 'l', remote: 'r' });
    c.registerAndActivate('b', { reference: 'abc_output_1', local: 'l', remote: 'r' });
    c.registerAndActivate('c', { reference: 'other', local: 'l', remote: 'r' });
    c.register('pending', { reference: 'abc', local: 'l', remote: 'r' });
    c.unregister('b');
    expect(c.referenceCounts('abc')).toEqual({ current: 1, total: 1 });
    expect(c.referenceCounts('abc_output_1')).toEqual({ current: 0, total: 1 });
    expect(c.referenceCounts('nope')).toEqual({ current: 0, total: 0 });
  });
});

describe('reconfigure', () => {
  it('switches the idle timeout of active sessions on and off', () => {
    const { c, clock } = collector({ idleTimeoutSec: 0 });
    c.registerAndActivate('a', info());
    c.reconfigure(collectorSettings({ idleTimeoutSec: 10 }));
    clock.advance(10_000);
    expect(c.known('a')).toBe(false);
    c.registerAndActivate('b', info());
    c.reconfigure(collectorSettings({ idleTimeoutSec: 0 }));
    clock.advance(3_600_000);
    expect(c.known('b')).toBe(true);
  });
});
