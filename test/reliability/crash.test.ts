// Crash safety: API writes in flight, then `kill -9` of the engine at a random moment, then a restart — 20 times.
// After each restart db.json parses, every acknowledged write is there, and processes with order start run.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { makeTempDir } from '../helpers/engine.js';
import { repoRoot } from '../helpers/paths.js';
import { sleep, waitFor } from '../helpers/waitFor.js';

const CYCLES = Number(process.env.RELIABILITY_CYCLES ?? 20);
const FAKE = path.join(repoRoot, 'test/helpers/fake-ffmpeg.mjs');

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

describe('kill -9 while writing', () => {
  const dir = makeTempDir('core-crash-');
  let engine: ChildProcess | null = null;
  let base = '';
  afterAll(() => engine?.kill('SIGKILL'));

  async function boot(): Promise<void> {
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    engine = spawn(process.execPath, [path.join(repoRoot, 'dist/main/cli.js')], {
      cwd: dir,
      env: { PATH: process.env.PATH, HOME: dir, CORE_ADDRESS: `127.0.0.1:${port}`, CORE_API_AUTH_ENABLE: 'false', CORE_FFMPEG_BINARY: FAKE, CORE_LOG_LEVEL: 'error' },
      stdio: 'ignore',
    });
    await waitFor(async () => (await fetch(`${base}/ping`)).ok, 10_000, 'engine up');
  }

  const send = async (method: string, url: string, body?: unknown): Promise<boolean> => {
    try {
      const response = await fetch(base + url, { method, headers: { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
      await response.arrayBuffer();
      return response.ok;
    } catch {
      return false;
    }
  };

  it(`keeps every acknowledged write through ${CYCLES} crashes`, async () => {
    // What the engine acknowledged: process id -> expected state, and metadata per process.
    const present = new Map<string, { order: 'start' | 'stop'; meta?: number }>();
    const deleted = new Set<string>();
    await boot();
    for (let cycle = 0; cycle < CYCLES; cycle++) {
      const writes: Promise<void>[] = [];
      for (let i = 0; i < 6; i++) {
        const id = `c${cycle}p${i}`;
        const autostart = i % 2 === 0;
        writes.push(
          (async () => {
            const body = { id, input: [{ id: 'i', address: 'testsrc', options: ['-f', 'lavfi'] }], output: [{ id: 'o', address: '-', options: ['-f', 'null'] }], autostart };
            if (!(await send('POST', '/api/v3/process', body))) return;
            present.set(id, { order: autostart ? 'start' : 'stop' });
            if (await send('PUT', `/api/v3/process/${id}/metadata/n`, cycle)) present.get(id)!.meta = cycle;
            if (i === 5 && (await send('DELETE', `/api/v3/process/${id}`))) {
              present.delete(id);
              deleted.add(id);
            }
          })(),
        );
      }
      // The crash comes at a random moment while the writes are in flight.
      await sleep(Math.random() * 150);
      const exited = engine!.exitCode !== null ? Promise.resolve() : new Promise((resolve) => engine!.once('exit', resolve));
      engine!.kill('SIGKILL');
      await exited;
      await Promise.all(writes);

      const file = path.join(dir, 'config', 'db.json');
      // Before the first acknowledged write there is nothing to save yet.
      if (!existsSync(file)) expect(present.size + deleted.size).toBe(0);
      const db = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : { version: 4, process: {}, metadata: { process: {} } };
      expect(db.version).toBe(4);
      for (const [id, expected] of present) {
        expect(db.process[id], `cycle ${cycle}: acknowledged ${id} missing`).toBeDefined();
        expect(db.process[id].order).toBe(expected.order);
        if (expected.meta !== undefined) expect(db.metadata.process[id]?.n).toBe(expected.meta);
      }
      for (const id of deleted) expect(db.process[id], `cycle ${cycle}: deleted ${id} came back`).toBeUndefined();

      const restarted = Date.now();
      await boot();
      const started = [...present].filter(([, state]) => state.order === 'start').map(([id]) => id);
      await waitFor(async () => {
        const list = (await (await fetch(`${base}/api/v3/process?filter=state`)).json()) as Array<{ id: string; state: { exec: string } }>;
        const running = new Set(list.filter((p) => p.state.exec === 'running').map((p) => p.id));
        return started.every((id) => running.has(id));
      }, 10_000, `cycle ${cycle}: started processes running again`);
      expect(Date.now() - restarted).toBeLessThan(10_000);
    }
    // The crashes landed while writes were acknowledged, not only before or after all of them.
    expect(present.size + deleted.size).toBeGreaterThan(0);
  }, 300_000);
});
