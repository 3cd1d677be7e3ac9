// The built-in SRT server with real FFmpeg callers: one publisher fans out to two subscribers, handshake rejections,
// /api/v3/srt against the contract, sessions, the legacy stream id, and subscribers closed when the publisher leaves.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SrtServer } from '../../main/core/srt/index.js';
import { SessionCollector } from '../../main/core/session/index.js';
import { contractViolations } from '../helpers/contract.js';
import { recordingLogger } from '../helpers/silentLogger.js';
import { waitFor } from '../helpers/waitFor.js';
import { decodedFrames, killAll, publish, subscribe } from '../unit/srt/ffmpegClients.js';

const logger = recordingLogger();
const sessions = new SessionCollector('srt', { ipIgnoreList: [], maxSessions: 0, maxTxBitrateMbit: 0, idleTimeoutSec: 0 });
const server = new SrtServer({ address: '127.0.0.1:0', passphrase: '', token: '', logger, sessions, log: { enable: true, topics: ['conn'] } });
let port = 0;

beforeAll(async () => {
  await server.start();
  port = server.port;
});
afterEach(killAll);
afterAll(() => server.stop());

const channel = () => server.channels()[0]!;
const logged = (handler: string, status: string) => logger.entries.some((entry) => entry.fields?.handler === handler && entry.fields?.status === status);

describe('SRT server with FFmpeg', () => {
  it('fans one publisher out to two subscribers, with stats, sessions and rejections at handshake', async () => {
    const publisher = publish(port, 'live1,mode:publish', { seconds: 8 });
    await waitFor(() => channel().publisher['live1'], 10_000, 'the publisher');

    const first = subscribe(port, 'live1');
    const second = subscribe(port, 'live1,mode:request');
    const subscriberIds = await waitFor(() => (channel().subscriber['live1']?.length === 2 ? channel().subscriber['live1'] : undefined), 10_000, 'two subscribers');

    // A second publisher and a request for a resource nobody publishes are turned away during the handshake.
    const intruder = publish(port, 'live1,mode:publish', { seconds: 2 });
    const unknown = subscribe(port, 'nobody', { seconds: 1 });
    for (const run of [await intruder.done, await unknown.done]) {
      expect(run.code).not.toBe(0);
      expect(run.stderr).toMatch(/reject/i);
    }
    expect(logged('PUBLISH', 'CONFLICT')).toBe(true);
    expect(logged('SUBSCRIBE', 'NOTFOUND')).toBe(true);

    const publisherId = channel().publisher['live1']!;
    const body = await waitFor(
      () => {
        const snapshot = server.channels();
        const connections = snapshot[0]!.connections;
        const flowing = subscriberIds!.every((id) => (connections[String(id)]?.stats.sent_pkt ?? 0) > 0);
        return flowing && (connections[String(publisherId)]?.stats.recv_pkt ?? 0) > 0 ? snapshot : undefined;
      },
      10_000,
      'traffic in the statistics',
    );
    expect(contractViolations('GET', '/api/v3/srt', 200, body)).toEqual([]);
    const stats = body[0]!.connections[String(publisherId)]!.stats;
    expect(stats.recv_bytes).toBeGreaterThan(0);
    expect(stats.recv_unique_pkt).toBeGreaterThan(0);
    expect(stats.mss_bytes).toBeGreaterThan(0);
    expect(stats.timestamp_ms).toBeGreaterThan(0);
    expect(Object.keys(body[0]!.connections).sort()).toEqual([publisherId, ...subscriberIds!].map(String).sort());

    const active = sessions.active();
    const publisherSession = active.find((session) => session.local === 'publish:live1');
    expect(publisherSession).toMatchObject({ id: 'live1', reference: 'live1' });
    expect(publisherSession!.bytes_rx).toBeGreaterThan(0);
    const playing = active.filter((session) => session.local === 'play:live1');
    expect(playing).toHaveLength(2);
    for (const session of playing) {
      expect(session.remote).toMatch(/^127\.0\.0\.1:\d+$/);
      expect(session.bytes_tx).toBeGreaterThan(0);
    }

    for (const run of [await first.done, await second.done]) {
      expect(run.code, run.stderr.slice(-500)).toBe(0);
      expect(decodedFrames(run.stderr)).toBeGreaterThan(0);
    }

    // The libsrt log topic "conn" was switched on: its lines are in the answer.
    const logs = server.channels()[0]!;
    const lines = [...Object.values(logs.log), ...Object.values(logs.connections).flatMap((connection) => Object.values(connection.log))];
    expect(lines.flat().length).toBeGreaterThan(0);

    // A subscriber that would read for a long time is closed when the publisher leaves.
    const lingering = subscribe(port, 'live1', { seconds: 60 });
    await waitFor(() => channel().subscriber['live1']?.length === 1, 10_000, 'the lingering subscriber');
    const published = await publisher.done;
    expect(published.code, published.stderr).toBe(0);
    const leftAt = Date.now();
    const lingered = await lingering.done;
    expect(lingered.signal).toBeNull();
    expect(Date.now() - leftAt).toBeLessThan(8_000);
    expect(decodedFrames(lingered.stderr)).toBeGreaterThan(0);
    await waitFor(() => Object.keys(channel().publisher).length === 0, 5_000, 'the channel to close');
    expect(channel()).toEqual({ publisher: {}, subscriber: {}, connections: {}, log: expect.any(Object) });
    expect(logged('PUBLISH', 'STOP')).toBe(true);
    expect(sessions.active()).toEqual([]);
  }, 50_000);

  it('accepts the legacy stream id syntax', async () => {
    const publisher = publish(port, '#!:m=publish,r=legacy1', { seconds: 5 });
    await waitFor(() => channel().publisher['legacy1'], 10_000, 'the legacy publisher');
    // Percent-encoded, as a URL-minded client writes it.
    const viewer = subscribe(port, encodeURIComponent('#!::r=legacy1,m=request'), { seconds: 2 });
    const viewed = await viewer.done;
    expect(viewed.code, viewed.stderr.slice(-500)).toBe(0);
    expect(decodedFrames(viewed.stderr)).toBeGreaterThan(0);
    expect((await publisher.done).code).toBe(0);
  }, 30_000);
});
