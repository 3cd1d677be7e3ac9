// Hostile clients against a live RTMP server: 200 connections with random bytes, truncated handshakes and garbage
// after a valid handshake, while a real FFmpeg publisher and player keep working.
import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { RtmpServer } from '../../main/core/rtmp/index.js';
import { recordingLogger } from '../helpers/silentLogger.js';
import { sleep, waitFor } from '../helpers/waitFor.js';
import { decodedFrames, killAllFfmpeg, play, publish } from '../unit/rtmp/helpers.js';
import { chunkMessage, connectCommand, RawClient, streamCommand, TYPE } from '../unit/rtmp/rawClient.js';

const servers: RtmpServer[] = [];
const sockets = new Set<net.Socket>();

afterEach(async () => {
  for (const socket of sockets) socket.destroy();
  sockets.clear();
  await killAllFfmpeg();
  await Promise.all(servers.splice(0).map((server) => server.stop()));
});

// Deterministic randomness (mulberry32) so a failure can be replayed.
function random(seed: number): { next(): number; bytes(count: number): Buffer; int(max: number): number } {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (max) => Math.floor(next() * max),
    bytes: (count) => Buffer.from(Array.from({ length: count }, () => Math.floor(next() * 256))),
  };
}

type Rng = ReturnType<typeof random>;

async function withRaw(port: number, fn: (raw: RawClient) => Promise<void>): Promise<void> {
  const raw = await RawClient.connect(port);
  sockets.add(raw.socket);
  try {
    await fn(raw);
    await raw.closedWithin(150);
  } catch {
    // The server may close first: that is the point.
  } finally {
    raw.destroy();
    sockets.delete(raw.socket);
  }
}

const attacks: Array<(port: number, rng: Rng) => Promise<void>> = [
  // Random bytes, then the client hangs up.
  (port, rng) =>
    withRaw(port, async (raw) => {
      raw.write(rng.bytes(1 + rng.int(8192)));
      raw.socket.end();
    }),
  // A truncated C0C1.
  (port, rng) =>
    withRaw(port, async (raw) => {
      raw.write(Buffer.concat([Buffer.from([3]), rng.bytes(1 + rng.int(1534))]));
    }),
  // A valid handshake, then garbage chunks.
  (port, rng) =>
    withRaw(port, async (raw) => {
      await raw.handshake();
      for (let i = 0; i < 4; i++) raw.write(rng.bytes(1 + rng.int(4096)));
    }),
  // connect, then malformed control messages and a huge declared message.
  (port, rng) =>
    withRaw(port, async (raw) => {
      await raw.handshake();
      raw.write(connectCommand('live', port));
      const pick = rng.int(3);
      if (pick === 0) raw.write(chunkMessage(2, TYPE.setChunkSize, 0, Buffer.alloc(4)));
      else if (pick === 1) raw.write(chunkMessage(3, TYPE.command, 0, rng.bytes(100), { length: 0xffffff }));
      else raw.write(chunkMessage(3, TYPE.command, 0, rng.bytes(300)));
    }),
  // A second publisher of the live stream that then sends garbage media.
  (port, rng) =>
    withRaw(port, async (raw) => {
      await raw.open('live', port);
      raw.write(streamCommand('publish', 3, 1, null, 'stream', 'live'));
      raw.write(chunkMessage(5, TYPE.video, 1, rng.bytes(2000)));
      raw.write(rng.bytes(500));
    }),
  // A player of the live stream that then sends garbage.
  (port, rng) =>
    withRaw(port, async (raw) => {
      await raw.open('live', port);
      raw.write(streamCommand('play', 3, 1, null, 'stream'));
      await sleep(rng.int(100));
      raw.write(rng.bytes(1 + rng.int(3000)));
    }),
];

describe('RtmpServer under hostile input', () => {
  it('keeps serving a publisher and players while 200 malformed connections come and go', async () => {
    const logger = recordingLogger();
    const server = new RtmpServer({ address: '127.0.0.1:0', app: '/live', token: '', logger });
    servers.push(server);
    await server.start();
    const base = `rtmp://127.0.0.1:${server.port}/live/stream`;

    const publisher = publish(base, 40);
    await waitFor(() => server.channels().length === 1, 10_000, 'the stream to be listed');
    const during = play(base, 10);

    const rng = random(0x5eed);
    const started = Date.now();
    const total = 200;
    const batch = 20;
    for (let first = 0; first < total; first += batch) {
      await Promise.all(Array.from({ length: batch }, (_, i) => attacks[(first + i) % attacks.length]!(server.port, rng)));
    }
    expect(Date.now() - started).toBeLessThan(30_000);
    // Most of them were cut off by the protocol guards rather than by their own hang-up.
    expect(logger.entries.filter((entry) => entry.message === 'Closing a connection after a protocol error').length).toBeGreaterThan(50);

    expect(server.channels()).toEqual([{ name: '/live/stream' }]);
    expect(publisher.child.exitCode).toBeNull();

    const afterwards = await play(base, 2).done;
    expect(afterwards.code, afterwards.stderr.slice(-2000)).toBe(0);
    expect(decodedFrames(afterwards.stderr)).toBeGreaterThan(0);

    const throughout = await during.done;
    expect(throughout.code, throughout.stderr.slice(-2000)).toBe(0);
    expect(decodedFrames(throughout.stderr)).toBeGreaterThan(100);

    // Nothing of the above reached the error level; refusals of the fake publishers are warnings.
    expect(logger.entries.filter((entry) => entry.level === 'error')).toEqual([]);
  }, 60_000);
});
