// The built-in RTMP server with real FFmpeg publishers and players: publish/play, channel list, tokens,
// one publisher per stream, missing streams, and the `rtmp` sessions.
import { afterEach, describe, expect, it } from 'vitest';
import { RtmpServer, type RtmpServerOptions } from '../../main/core/rtmp/index.js';
import { SessionCollector } from '../../main/core/session/index.js';
import { recordingLogger, type RecordingLogger } from '../helpers/silentLogger.js';
import { sleep, waitFor } from '../helpers/waitFor.js';
import { decodedFrames, killAllFfmpeg, play, publish } from '../unit/rtmp/helpers.js';

const servers: RtmpServer[] = [];

async function startServer(options: Partial<RtmpServerOptions> = {}): Promise<{ server: RtmpServer; logger: RecordingLogger; base: string }> {
  const logger = recordingLogger();
  const server = new RtmpServer({ address: '127.0.0.1:0', app: '/live', token: '', logger, ...options });
  servers.push(server);
  await server.start();
  return { server, logger, base: `rtmp://127.0.0.1:${server.port}` };
}

afterEach(async () => {
  await killAllFfmpeg();
  await Promise.all(servers.splice(0).map((server) => server.stop()));
});

describe('RtmpServer with FFmpeg', () => {
  it('relays a published stream to a player and lists it only while it is published', async () => {
    const { server, base } = await startServer();
    const publisher = publish(`${base}/live/stream`, 20);
    await waitFor(() => server.channels().length === 1, 10_000, 'the stream to be listed');
    expect(server.channels()).toEqual([{ name: '/live/stream' }]);

    const player = play(`${base}/live/stream`, 2);
    const result = await player.done;
    expect(result.code, result.stderr.slice(-2000)).toBe(0);
    expect(decodedFrames(result.stderr)).toBeGreaterThan(0);

    publisher.child.kill('SIGKILL');
    const stoppedAt = Date.now();
    await waitFor(() => server.channels().length === 0, 1000, 'the stream to leave the list');
    expect(Date.now() - stoppedAt).toBeLessThan(1000);
  });

  it("names channels with the app, and app '/' takes the whole path", async () => {
    const { server, base } = await startServer({ app: '/' });
    publish(`${base}/main`, 20);
    await waitFor(() => server.channels().length === 1, 10_000, 'the stream to be listed');
    expect(server.channels()).toEqual([{ name: '/main' }]);
    const result = await play(`${base}/main`, 1).done;
    expect(result.code, result.stderr.slice(-2000)).toBe(0);
    expect(decodedFrames(result.stderr)).toBeGreaterThan(0);
  });

  it('requires the token for publish and play, in the query or as the last path element', async () => {
    const token = 'abc123';
    const { server, logger, base } = await startServer({ token });

    const wrong = await publish(`${base}/live/stream?token=nope`, 3).done;
    expect(wrong.code).not.toBe(0);
    const missing = await publish(`${base}/live/stream`, 3).done;
    expect(missing.code).not.toBe(0);
    expect(server.channels()).toEqual([]);
    const refusals = logger.entries.filter((entry) => entry.level === 'warn');
    expect(refusals.length).toBeGreaterThanOrEqual(2);
    for (const entry of refusals) {
      expect(entry.fields?.path).toBe('/live/stream');
      expect(entry.fields?.action).toBe('FORBIDDEN');
      expect(JSON.stringify(entry)).not.toContain(token);
    }

    publish(`${base}/live/stream?token=${token}`, 20);
    await waitFor(() => server.channels().length === 1, 10_000, 'the stream to be listed');
    expect(server.channels()).toEqual([{ name: '/live/stream' }]);

    const asPathElement = await play(`${base}/live/stream/${token}`, 1).done;
    expect(asPathElement.code, asPathElement.stderr.slice(-2000)).toBe(0);
    expect(decodedFrames(asPathElement.stderr)).toBeGreaterThan(0);

    const asQuery = await play(`${base}/live/stream?token=${token}`, 1).done;
    expect(asQuery.code, asQuery.stderr.slice(-2000)).toBe(0);
    expect(decodedFrames(asQuery.stderr)).toBeGreaterThan(0);

    const badPlayer = await play(`${base}/live/stream/wrong`, 1).done;
    expect(badPlayer.code).not.toBe(0);
    expect(decodedFrames(badPlayer.stderr)).toBe(0);
  });

  it('accepts the token as last path element for publishing too', async () => {
    const { server, base } = await startServer({ token: 'key' });
    publish(`${base}/live/cam1/key`, 20);
    await waitFor(() => server.channels().length === 1, 10_000, 'the stream to be listed');
    expect(server.channels()).toEqual([{ name: '/live/cam1' }]);
  });

  it('refuses a second publisher of a live stream and a path outside the app', async () => {
    const { server, logger, base } = await startServer();
    publish(`${base}/live/stream`, 20);
    await waitFor(() => server.channels().length === 1, 10_000, 'the stream to be listed');

    const second = await publish(`${base}/live/stream`, 5).done;
    expect(second.code).not.toBe(0);
    expect(logger.entries.some((entry) => entry.level === 'warn' && entry.fields?.action === 'CONFLICT' && entry.fields.path === '/live/stream')).toBe(true);

    const outside = await publish(`${base}/other/stream`, 5).done;
    expect(outside.code).not.toBe(0);
    expect(server.channels()).toEqual([{ name: '/live/stream' }]);

    // The first publisher is unaffected.
    const result = await play(`${base}/live/stream`, 1).done;
    expect(result.code, result.stderr.slice(-2000)).toBe(0);
    expect(decodedFrames(result.stderr)).toBeGreaterThan(0);
  });

  it('answers a player of a missing stream with an error after a short wait instead of hanging', async () => {
    const { base } = await startServer({ playWaitMs: 500 });
    const started = Date.now();
    const result = await play(`${base}/live/nothing`, 1).done;
    expect(result.code).not.toBe(0);
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('lets a player that races its publisher wait for the stream', async () => {
    const { base } = await startServer({ playWaitMs: 8000 });
    const player = play(`${base}/live/late`, 1);
    await sleep(200);
    publish(`${base}/live/late`, 20);
    const result = await player.done;
    expect(result.code, result.stderr.slice(-2000)).toBe(0);
    expect(decodedFrames(result.stderr)).toBeGreaterThan(0);
  });

  it('counts publishers and players as rtmp sessions', async () => {
    const sessions = new SessionCollector('rtmp', { ipIgnoreList: [], maxSessions: 0, maxTxBitrateMbit: 0, idleTimeoutSec: 0 });
    const { server, base } = await startServer({ sessions });
    publish(`${base}/live/cam.stream`, 20);
    await waitFor(() => server.channels().length === 1, 10_000, 'the stream to be listed');

    const player = play(`${base}/live/cam.stream`, 3);
    const both = await waitFor(() => {
      const active = sessions.active();
      const publisherSession = active.find((session) => session.local === 'publish:/live/cam.stream');
      const playerSession = active.find((session) => session.local === 'play:/live/cam.stream');
      return publisherSession && playerSession && publisherSession.bytes_rx > 0 && playerSession.bytes_tx > 0 ? { publisherSession, playerSession } : undefined;
    }, 10_000, 'publisher and player sessions with traffic');
    expect(both.publisherSession).toMatchObject({ id: '/live/cam.stream', reference: 'cam' });
    expect(both.publisherSession.remote).toMatch(/^127\.0\.0\.1:\d+$/);
    expect(both.playerSession.reference).toBe('cam');
    expect(both.playerSession.id).toBe(both.playerSession.remote);
    expect((await player.done).code).toBe(0);

    await waitFor(() => sessions.active().length === 1, 5000, 'the player session to close');
    await server.stop();
    expect(sessions.active()).toEqual([]);
    const summary = sessions.summary().summary;
    expect(summary.sessions).toBe(2);
    expect(summary.traffic_rx_mb).toBeGreaterThanOrEqual(0);
  });
});
