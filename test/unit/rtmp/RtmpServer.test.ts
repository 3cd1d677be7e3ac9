// RtmpServer at the protocol level with a hand-driven client: publish/play flow and GOP cache, refusals with
// error statuses, the guards against hostile input, timeouts, lifecycle and where NMS's log lines go.
import net from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { RtmpServer, type RtmpServerOptions } from '../../../main/core/rtmp/index.js';
import { recordingLogger, type RecordingLogger } from '../../helpers/silentLogger.js';
import { sleep, waitFor } from '../../helpers/waitFor.js';
import { amf0, chunkMessage, connectCommand, media, RawClient, streamCommand, TYPE } from './rawClient.js';

const servers: RtmpServer[] = [];
const clients: RawClient[] = [];

async function startServer(options: Partial<RtmpServerOptions> = {}): Promise<{ server: RtmpServer; logger: RecordingLogger; port: number }> {
  const logger = recordingLogger();
  const server = new RtmpServer({ address: '127.0.0.1:0', app: '/live', token: '', logger, ...options });
  servers.push(server);
  await server.start();
  return { server, logger, port: server.port };
}

async function client(port: number): Promise<RawClient> {
  const raw = await RawClient.connect(port);
  clients.push(raw);
  return raw;
}

async function publisher(port: number, name: string, app = 'live'): Promise<RawClient> {
  const raw = await client(port);
  await raw.open(app, port);
  raw.write(streamCommand('publish', 3, 1, null, name, 'live'));
  await raw.until(() => raw.sees('NetStream.Publish.Start') || raw.closed, 'publish answer');
  return raw;
}

async function player(port: number, name: string, app = 'live'): Promise<RawClient> {
  const raw = await client(port);
  await raw.open(app, port);
  raw.write(streamCommand('play', 3, 1, null, name));
  return raw;
}

function send(raw: RawClient, type: number, payload: Buffer, timestamp = 0): void {
  const cid = type === TYPE.audio ? 4 : type === TYPE.video ? 5 : 6;
  raw.write(chunkMessage(cid, type, 1, payload, { timestamp }));
}

afterEach(async () => {
  for (const raw of clients.splice(0)) raw.destroy();
  await Promise.all(servers.splice(0).map((server) => server.stop()));
  vi.restoreAllMocks();
});

describe('RtmpServer protocol', () => {
  it('relays metadata, sequence headers and the cached GOP to a late player, starting on the key frame', async () => {
    const { server, port } = await startServer();
    const source = await publisher(port, 'cam');
    expect(source.sees('NetStream.Publish.Start')).toBe(true);
    expect(server.channels()).toEqual([{ name: '/live/cam' }]);

    send(source, TYPE.data, media.metadata('META-1'));
    send(source, TYPE.video, media.avcSequenceHeader('AVCHDR'));
    send(source, TYPE.audio, media.aacSequenceHeader('AACHDR'));
    send(source, TYPE.video, media.interFrame('STALE-INTER'), 10);
    send(source, TYPE.video, media.keyFrame('KEY-1'), 40);
    send(source, TYPE.audio, media.aacFrame('AUDIO-1'), 45);
    send(source, TYPE.video, media.interFrame('INTER-1'), 80);
    await sleep(100);

    const viewer = await player(port, 'cam');
    await viewer.until(() => viewer.sees('INTER-1'), 'the cached GOP');
    expect(viewer.sees('NetStream.Play.Start')).toBe(true);
    expect(viewer.sees('STALE-INTER')).toBe(false);
    const order = ['NetStream.Play.Start', 'META-1', 'AACHDR', 'AVCHDR', 'KEY-1', 'AUDIO-1', 'INTER-1'].map((marker) => viewer.received.indexOf(marker));
    expect(order.every((position) => position >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);

    send(source, TYPE.video, media.interFrame('LIVE-2'), 120);
    await viewer.until(() => viewer.sees('LIVE-2'), 'live frames');

    // The publisher leaving ends the player cleanly and frees the path at once.
    source.destroy();
    await viewer.until(() => viewer.sees('NetStream.Play.UnpublishNotify'), 'unpublish notice');
    expect(await viewer.closedWithin(3000)).toBe(true);
    await waitFor(() => server.channels().length === 0, 500, 'the channel to be released');
  });

  it('holds back inter frames from a player that joined before the first key frame', async () => {
    const { port } = await startServer();
    const source = await publisher(port, 'cam');
    send(source, TYPE.video, media.avcSequenceHeader('AVCHDR'));
    const viewer = await player(port, 'cam');
    await viewer.until(() => viewer.sees('NetStream.Play.Start'), 'play start');
    await viewer.until(() => viewer.sees('AVCHDR'), 'sequence header');
    send(source, TYPE.video, media.interFrame('EARLY-INTER'), 10);
    send(source, TYPE.audio, media.aacFrame('EARLY-AUDIO'), 15);
    send(source, TYPE.video, media.keyFrame('FIRST-KEY'), 40);
    send(source, TYPE.video, media.interFrame('NEXT-INTER'), 80);
    await viewer.until(() => viewer.sees('NEXT-INTER'), 'frames after the key frame');
    expect(viewer.sees('EARLY-INTER')).toBe(false);
    expect(viewer.sees('EARLY-AUDIO')).toBe(true);
  });

  it('frees the path when the publisher sends deleteStream', async () => {
    const { server, port } = await startServer();
    const source = await publisher(port, 'cam');
    expect(server.channels()).toHaveLength(1);
    source.write(streamCommand('deleteStream', 4, 0, null, 1));
    await waitFor(() => server.channels().length === 0, 500, 'the channel to be released');
    expect(await source.closedWithin(3000)).toBe(true);
  });

  it('refuses with an error status: wrong token, outside the app, second publisher, missing stream', async () => {
    const { server, logger, port } = await startServer({ token: 'tok', playWaitMs: 200 });
    const noToken = await publisher(port, 'cam');
    expect(noToken.sees('NetStream.Publish.Denied')).toBe(true);
    expect(await noToken.closedWithin(3000)).toBe(true);

    const outside = await publisher(port, 'cam?token=tok', 'other');
    expect(outside.sees('NetStream.Publish.Denied')).toBe(true);

    const first = await publisher(port, 'cam?token=tok');
    expect(first.sees('NetStream.Publish.Start')).toBe(true);
    const second = await publisher(port, 'cam/tok');
    expect(second.sees('NetStream.Publish.BadName')).toBe(true);
    expect(await second.closedWithin(3000)).toBe(true);
    expect(server.channels()).toEqual([{ name: '/live/cam' }]);
    expect(first.closed).toBe(false);

    const missing = await player(port, 'nothing?token=tok');
    await missing.until(() => missing.sees('NetStream.Play.StreamNotFound'), 'not found');
    expect(await missing.closedWithin(3000)).toBe(true);

    const warnings = logger.entries.filter((entry) => entry.level === 'warn');
    expect(warnings.map((entry) => [entry.fields?.action, entry.fields?.path])).toEqual([
      ['FORBIDDEN', '/live/cam'],
      ['FORBIDDEN', '/other/cam'],
      ['CONFLICT', '/live/cam'],
    ]);
    expect(JSON.stringify(logger.entries)).not.toContain('tok"');
  });

  it('closes only the offending connection on hostile input and keeps serving', async () => {
    // Input NMS's parser swallows without an error (a truncated AMF string) ends with the setup timeout.
    const { server, port } = await startServer({ setupTimeoutMs: 1000 });
    const source = await publisher(port, 'cam');
    const log = vi.spyOn(console, 'log');

    const attacks: Array<(raw: RawClient) => void> = [
      (raw) => raw.write(chunkMessage(2, TYPE.setChunkSize, 0, Buffer.from([0, 0, 0, 0]))),
      (raw) => raw.write(chunkMessage(2, TYPE.setChunkSize, 0, Buffer.alloc(0))),
      (raw) => raw.write(chunkMessage(3, TYPE.command, 0, Buffer.alloc(200), { length: 0xffffff })),
      (raw) => {
        for (let cid = 3; cid < 200; cid++) raw.write(chunkMessage(cid, TYPE.video, 0, media.keyFrame(`CID-${cid}`)));
      },
      (raw) => raw.write(chunkMessage(3, TYPE.command, 0, Buffer.concat([amf0('connect', 1), Buffer.alloc(4000, 0x03)]))),
      (raw) => raw.write(chunkMessage(3, TYPE.command, 0, amf0('connect', 1, 'not an object'))),
      (raw) => raw.write(chunkMessage(3, TYPE.command, 0, Buffer.from([0x02, 0xff, 0xff, 0x41]))),
    ];
    for (const attack of attacks) {
      const raw = await client(port);
      await raw.handshake();
      attack(raw);
      expect(await raw.closedWithin(3000)).toBe(true);
    }

    // A media message from a client that never published goes nowhere.
    const sneaky = await client(port);
    await sneaky.open('live', port);
    sneaky.write(chunkMessage(5, TYPE.video, 1, media.keyFrame('INJECTED')));

    const viewer = await player(port, 'cam');
    await viewer.until(() => viewer.sees('NetStream.Play.Start'), 'play start');
    send(source, TYPE.video, media.keyFrame('GENUINE'), 40);
    await viewer.until(() => viewer.sees('GENUINE'), 'the genuine frame');
    expect(viewer.sees('INJECTED')).toBe(false);
    expect(server.channels()).toEqual([{ name: '/live/cam' }]);
    expect(log).not.toHaveBeenCalled();
  });

  it('lets a publisher send frame-sized messages and acknowledges its window', async () => {
    const { port } = await startServer();
    const source = await publisher(port, 'big');
    const windowAck = Buffer.alloc(4);
    windowAck.writeUInt32BE(100_000);
    source.write(chunkMessage(2, TYPE.windowAck, 0, windowAck));
    const chunkSize = Buffer.alloc(4);
    chunkSize.writeUInt32BE(60_000);
    source.write(chunkMessage(2, TYPE.setChunkSize, 0, chunkSize));
    const viewer = await player(port, 'big');
    await viewer.until(() => viewer.sees('NetStream.Play.Start'), 'play start');
    const frame = Buffer.concat([media.keyFrame('LARGE'), Buffer.alloc(300_000, 0x61), Buffer.from('END-OF-LARGE')]);
    source.write(chunkMessage(5, TYPE.video, 1, frame, { chunkSize: 60_000, timestamp: 40 }));
    await viewer.until(() => viewer.sees('END-OF-LARGE'), 'the large frame');
    // An Acknowledgement (type 3) on chunk stream 2 went back to the publisher.
    await source.until(() => source.received.includes(Buffer.from([0x02, 0, 0, 0, 0, 0, 0x04, 0x03])), 'an acknowledgement');
    expect(source.closed).toBe(false);
  });

  it('closes a connection that never gets to publish or play', async () => {
    const { port } = await startServer({ setupTimeoutMs: 300 });
    const idle = await client(port);
    expect(await idle.closedWithin(3000)).toBe(true);
    const halfway = await client(port);
    await halfway.handshake();
    halfway.write(connectCommand('live', port));
    expect(await halfway.closedWithin(3000)).toBe(true);
  });

  it('hands a waiting player the stream once it is published', async () => {
    const { port } = await startServer({ playWaitMs: 3000 });
    const viewer = await player(port, 'soon');
    await sleep(200);
    expect(viewer.sees('NetStream.Play.Start')).toBe(false);
    const source = await publisher(port, 'soon');
    await viewer.until(() => viewer.sees('NetStream.Play.Start'), 'play start');
    send(source, TYPE.video, media.keyFrame('ARRIVED'), 40);
    await viewer.until(() => viewer.sees('ARRIVED'), 'the frame');
  });

  it('drops a player that does not read, without disturbing the publisher or other players', async () => {
    const { server, logger, port } = await startServer({ maxPlayerBacklogBytes: 512 * 1024 });
    const source = await publisher(port, 'fast');
    const chunkSize = Buffer.alloc(4);
    chunkSize.writeUInt32BE(60_000);
    source.write(chunkMessage(2, TYPE.setChunkSize, 0, chunkSize));
    const stuck = await player(port, 'fast');
    const reader = await player(port, 'fast');
    await stuck.until(() => stuck.sees('NetStream.Play.Start'), 'play start');
    await reader.until(() => reader.sees('NetStream.Play.Start'), 'play start');
    stuck.socket.pause();
    const frame = Buffer.concat([media.keyFrame('BIG'), Buffer.alloc(1024 * 1024, 0x62)]);
    for (let i = 0; i < 40 && !logger.entries.some((entry) => entry.fields?.action === 'SLOW'); i++) {
      source.write(chunkMessage(5, TYPE.video, 1, frame, { chunkSize: 60_000, timestamp: 40 * i }));
      await sleep(20);
    }
    await waitFor(() => logger.entries.some((entry) => entry.fields?.action === 'SLOW'), 5000, 'the slow player to be dropped');
    source.write(chunkMessage(5, TYPE.video, 1, media.keyFrame('AFTER-DROP'), { chunkSize: 60_000, timestamp: 5000 }));
    await reader.until(() => reader.sees('AFTER-DROP'), 'frames for the reading player', 10_000);
    expect(source.closed).toBe(false);
    expect(server.channels()).toEqual([{ name: '/live/fast' }]);
  });

  it('closes a publisher that goes silent and frees its path', async () => {
    const { server, port } = await startServer({ idleTimeoutMs: 300 });
    const source = await publisher(port, 'quiet');
    expect(server.channels()).toHaveLength(1);
    expect(await source.closedWithin(3000)).toBe(true);
    expect(server.channels()).toEqual([]);
  });

  it('does not cache a GOP above the size limit; a late player waits for the next key frame', async () => {
    const { port } = await startServer({ maxGopCacheBytes: 1000 });
    const source = await publisher(port, 'cam');
    send(source, TYPE.video, media.avcSequenceHeader('AVCHDR'));
    send(source, TYPE.video, media.keyFrame(`KEY-1${'k'.repeat(600)}`), 40);
    send(source, TYPE.video, media.interFrame(`INTER-1${'i'.repeat(600)}`), 80);
    await sleep(100);
    const viewer = await player(port, 'cam');
    await viewer.until(() => viewer.sees('AVCHDR'), 'sequence header');
    send(source, TYPE.video, media.interFrame('INTER-2'), 120);
    send(source, TYPE.video, media.keyFrame('KEY-2'), 160);
    await viewer.until(() => viewer.sees('KEY-2'), 'the next key frame');
    expect(viewer.sees('KEY-1')).toBe(false);
    expect(viewer.sees('INTER-2')).toBe(false);
  });

  it('refuses publish or play before connect', async () => {
    const { server, port } = await startServer();
    const early = await client(port);
    await early.handshake();
    early.write(streamCommand('publish', 3, 1, null, 'cam', 'live'));
    expect(await early.closedWithin(3000)).toBe(true);
    expect(server.channels()).toEqual([]);
  });

  it('does not take two streams on one connection', async () => {
    const { server, port } = await startServer();
    const source = await publisher(port, 'one');
    source.write(streamCommand('publish', 5, 1, null, 'two', 'live'));
    expect(await source.closedWithin(3000)).toBe(true);
    await waitFor(() => server.channels().length === 0, 500, 'the channel to be released');
  });
});

describe('RtmpServer lifecycle', () => {
  it('binds port 0, reports the port, stops with its clients, and can start again', async () => {
    const { server, port } = await startServer();
    expect(port).toBeGreaterThan(0);
    expect(server.tlsPort).toBeUndefined();
    const source = await publisher(port, 'cam');
    await server.stop();
    expect(await source.closedWithin(3000)).toBe(true);
    expect(server.channels()).toEqual([]);
    await expect(RawClient.connect(port)).rejects.toThrow();
    await server.start();
    expect(server.port).toBeGreaterThan(0);
  });

  it('rejects start() for a taken port or a bad address', async () => {
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', () => resolve()));
    const taken = (blocker.address() as net.AddressInfo).port;
    try {
      const server = new RtmpServer({ address: `127.0.0.1:${taken}`, app: '/', token: '', logger: recordingLogger() });
      await expect(server.start()).rejects.toThrow(/EADDRINUSE/);
      const bad = new RtmpServer({ address: 'nonsense', app: '/', token: '', logger: recordingLogger() });
      await expect(bad.start()).rejects.toThrow(/listen address/);
      const badTls = new RtmpServer({
        address: '127.0.0.1:0',
        app: '/',
        token: '',
        tls: { address: '127.0.0.1:0', cert: '/nonexistent/cert.pem', key: '/nonexistent/key.pem' },
        logger: recordingLogger(),
      });
      await expect(badTls.start()).rejects.toThrow(/ENOENT/);
      expect(badTls.port).toBe(0);
    } finally {
      blocker.close();
    }
  });

  it('runs independent instances side by side in one process', async () => {
    const a = await startServer({ app: '/' });
    const b = await startServer({ app: '/' });
    const sourceA = await publisher(a.port, '', 'main');
    expect(sourceA.sees('NetStream.Publish.Start')).toBe(true);
    expect(a.server.channels()).toEqual([{ name: '/main' }]);
    expect(b.server.channels()).toEqual([]);
    // The same path on the other instance is free, and its player does not see A's stream.
    const sourceB = await publisher(b.port, '', 'main');
    expect(sourceB.sees('NetStream.Publish.Start')).toBe(true);
    const viewerB = await player(b.port, '', 'main');
    await viewerB.until(() => viewerB.sees('NetStream.Play.Start'), 'play start');
    send(sourceA, TYPE.video, media.keyFrame('FROM-A'), 40);
    send(sourceB, TYPE.video, media.keyFrame('FROM-B'), 40);
    await viewerB.until(() => viewerB.sees('FROM-B'), 'B frames');
    await sleep(100);
    expect(viewerB.sees('FROM-A')).toBe(false);
    await b.server.stop();
    expect(a.server.channels()).toEqual([{ name: '/main' }]);
    expect(sourceA.closed).toBe(false);
  });
});
