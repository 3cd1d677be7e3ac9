// The SRT server under abuse: random and forged UDP datagrams while a publisher and a subscriber work, stop()
// with many callers connected, and a process that must end by itself after stop() (or survive process.exit()).
import { spawn } from 'node:child_process';
import { randomBytes, randomInt } from 'node:crypto';
import dgram from 'node:dgram';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { build } from 'esbuild';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { SrtServer } from '../../main/core/srt/index.js';
import { repoRoot } from '../helpers/paths.js';
import { recordingLogger } from '../helpers/silentLogger.js';
import { sleep, waitFor } from '../helpers/waitFor.js';
import { decodedFrames, killAll, publish, subscribe } from '../unit/srt/ffmpegClients.js';

const servers: SrtServer[] = [];
afterEach(async () => {
  await killAll();
  for (const server of servers.splice(0)) await server.stop();
});

async function startServer(): Promise<SrtServer> {
  const server = new SrtServer({ address: '127.0.0.1:0', passphrase: '', token: '', logger: recordingLogger() });
  servers.push(server);
  await server.start();
  return server;
}

/** Garbage, SRT-shaped control and data packets (some aimed at live sockets), and forged handshakes. */
function forgedDatagram(index: number, liveSockets: number[]): Buffer {
  const header = Buffer.alloc(16);
  header.writeUInt32BE(randomInt(0, 2 ** 31), 4);
  header.writeUInt32BE(randomInt(0, 2 ** 31), 8);
  const target = liveSockets.length > 0 && index % 3 === 0 ? liveSockets[index % liveSockets.length]! : randomInt(0, 2 ** 31);
  header.writeUInt32BE(target, 12);
  switch (index % 5) {
    case 0:
      return randomBytes(randomInt(1, 1501));
    case 1: // control packet of any type
      header.writeUInt32BE((0x80000000 | (randomInt(0, 0x8000) << 16) | randomInt(0, 0x10000)) >>> 0, 0);
      return Buffer.concat([header, randomBytes(randomInt(0, 80))]);
    case 2: {
      // handshake: induction or conclusion, v4 or v5, random cookie, sometimes with a stream id extension
      header.writeUInt32BE(0x80000000, 0);
      header.writeUInt32BE(0, 12);
      const cif = Buffer.alloc(48);
      cif.writeUInt32BE(index % 2 === 0 ? 5 : 4, 0);
      cif.writeUInt32BE(randomInt(0, 0x10000), 4);
      cif.writeUInt32BE(randomInt(0, 2 ** 31), 8);
      cif.writeUInt32BE(1500, 12);
      cif.writeUInt32BE(8192, 16);
      cif.writeUInt32BE([1, 0xffffffff, 0, 0xfffffffd][index % 4]!, 20);
      cif.writeUInt32BE(randomInt(0, 2 ** 31), 24);
      cif.writeUInt32BE(randomInt(0, 2 ** 31), 28);
      const extension = Buffer.from('\x00\x05\x00\x04live1,mode:publish\x00\x00', 'latin1');
      return Buffer.concat([header, cif, index % 4 === 1 ? extension : randomBytes(randomInt(0, 40))]);
    }
    case 3: // data packet
      header.writeUInt32BE(randomInt(0, 2 ** 31), 0);
      return Buffer.concat([header, randomBytes(randomInt(0, 1317))]);
    default:
      return Buffer.alloc(randomInt(0, 20));
  }
}

async function flood(port: number, count: number, liveSockets: number[]): Promise<void> {
  const socket = dgram.createSocket('udp4');
  try {
    for (let index = 0; index < count; index++) {
      await new Promise<void>((resolve) => socket.send(forgedDatagram(index, liveSockets), port, '127.0.0.1', () => resolve()));
      if (index % 100 === 99) await sleep(20);
    }
  } finally {
    socket.close();
  }
}

describe('SRT server robustness', () => {
  it('keeps a publisher and its subscriber working through 2,000 forged datagrams', async () => {
    const server = await startServer();
    const publisher = publish(server.port, 'fuzz,mode:publish', { seconds: 9 });
    await waitFor(() => server.channels()[0]!.publisher['fuzz'], 10_000, 'the publisher');
    const viewer = subscribe(server.port, 'fuzz', { seconds: 4 });
    await waitFor(() => server.channels()[0]!.subscriber['fuzz']?.length === 1, 10_000, 'the subscriber');
    const channel = server.channels()[0]!;
    await flood(server.port, 2_000, [channel.publisher['fuzz']!, ...channel.subscriber['fuzz']!]);

    const viewed = await viewer.done;
    expect(viewed.code, viewed.stderr.slice(-500)).toBe(0);
    expect(decodedFrames(viewed.stderr)).toBeGreaterThan(0);
    // Still accepting and serving after the flood.
    const late = await subscribe(server.port, 'fuzz', { seconds: 1 }).done;
    expect(late.code, late.stderr.slice(-500)).toBe(0);
    expect(decodedFrames(late.stderr)).toBeGreaterThan(0);
    const published = await publisher.done;
    expect(published.code, published.stderr).toBe(0);
  }, 45_000);

  it('stop() with a publisher and many subscribers connected returns at once and ends them', async () => {
    const server = await startServer();
    const publisher = publish(server.port, 'many,mode:publish', { seconds: 30 });
    await waitFor(() => server.channels()[0]!.publisher['many'], 10_000, 'the publisher');
    const viewers = Array.from({ length: 12 }, () => subscribe(server.port, 'many', { seconds: 30 }));
    await waitFor(() => server.channels()[0]!.subscriber['many']?.length === 12, 15_000, 'twelve subscribers');
    await sleep(500);

    const started = Date.now();
    await server.stop();
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(server.channels()).toEqual([{ publisher: {}, subscriber: {}, connections: {}, log: {} }]);
    // The callers notice: nobody hangs until its own timeout.
    const ended = await Promise.all([publisher, ...viewers].map((run) => run.done));
    expect(Date.now() - started).toBeLessThan(12_000);
    for (const run of ended) expect(run.signal).toBeNull();
  }, 45_000);
});

describe('SRT server process lifetime', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'srt-lifetime-'));
  const script = path.join(dir, 'child.mjs');
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  // The engine's SrtServer, bundled as plain JS for a child process; the binding is handed in explicitly.
  const source = `
    import { createRequire } from 'node:module';
    import { SrtServer } from './main/core/srt/SrtServer.ts';
    const binding = createRequire(import.meta.url)(process.env.SRT_BINDING);
    const logger = { error() {}, warn() {}, info() {}, debug() {}, child() { return logger; } };
    const server = new SrtServer({ address: '127.0.0.1:0', passphrase: '', token: '', logger, binding });
    await server.start();
    console.log(JSON.stringify({ port: server.port }));
    const until = async (probe) => {
      const deadline = Date.now() + 15000;
      while (!probe(server.channels()[0])) {
        if (Date.now() > deadline) throw new Error('no caller came');
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    };
    await until((channel) => channel.publisher.life !== undefined);
    console.log(JSON.stringify({ publishing: true }));
    await until((channel) => (channel.subscriber.life ?? []).length > 0);
    if (process.env.MODE === 'exit') {
      console.log(JSON.stringify({ exiting: true }));
      process.exit(7);
    }
    const started = Date.now();
    await server.stop();
    console.log(JSON.stringify({ stopped: Date.now() - started }));
  `;

  async function runChild(mode: 'stop' | 'exit') {
    const bundle = await build({
      stdin: { contents: source, resolveDir: repoRoot, loader: 'ts', sourcefile: 'child.ts' },
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      write: false,
      logLevel: 'silent',
    });
    writeFileSync(script, bundle.outputFiles[0]!.text);
    const env = { ...process.env, MODE: mode, SRT_BINDING: path.join(repoRoot, 'main/core/srt/native/build/Release/srt.node') };
    const child = spawn(process.execPath, [script], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    const kill = setTimeout(() => child.kill('SIGKILL'), 30_000);
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const port = await new Promise<number>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => {
        stdout += chunk.toString();
        const match = /"port":(\d+)/.exec(stdout);
        if (match) resolve(Number(match[1]));
      });
      child.on('close', () => reject(new Error(`the child ended early: ${stderr}`)));
    });
    const lastOutputAt = { time: 0 };
    child.stdout.on('data', () => (lastOutputAt.time = Date.now()));
    const publisher = publish(port, 'life,mode:publish', { seconds: 20 });
    await waitFor(() => stdout.includes('"publishing":true'), 10_000, 'the child to see the publisher');
    const viewer = subscribe(port, 'life', { seconds: 20 });
    const exit = await new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
      child.on('close', (code, signal) => resolve({ code, signal })),
    );
    clearTimeout(kill);
    return { exit, stdout, stderr, lastOutputAt: lastOutputAt.time, exitedAt: Date.now(), clients: [publisher, viewer] };
  }

  it('a process whose server was stopped ends by itself', async () => {
    const { exit, stdout, stderr, lastOutputAt, exitedAt } = await runChild('stop');
    expect(exit, stderr).toEqual({ code: 0, signal: null });
    expect(stdout).toContain('"publishing":true');
    const stopped = JSON.parse(stdout.trim().split('\n').at(-1)!) as { stopped: number };
    expect(stopped.stopped).toBeLessThan(1_000);
    // Nothing (no worker thread, no thread-safe function) kept the event loop alive after stop().
    expect(exitedAt - lastOutputAt).toBeLessThan(3_000);
  }, 40_000);

  it('process.exit() with live connections exits cleanly', async () => {
    const { exit, stdout, stderr } = await runChild('exit');
    expect(stdout).toContain('"exiting":true');
    expect(exit, stderr).toEqual({ code: 7, signal: null });
  }, 40_000);
});
